/**
 * Whether a conversation holds an answer, and which message it is. Pure functions over the
 * messages retrieval already read; no extra request to Discord or the store.
 *
 * The signals, and why these:
 * - **a Solved / Resolved tag** on a forum post: moderators and askers apply it on purpose; it is
 *   in the post's `applied_tags`, which the crawl reads anyway.
 * - **the asker's thanks** ("thanks, that fixed it"), in the languages most servers use: the
 *   asker is the one who knows whether it worked, and says so in the conversation itself. A thanks
 *   that goes on with "but" or "still" is not one.
 * - **the shape of the reply chain**: a reply to the question by someone else, and where the
 *   helpers' chain ends ("which holder?" → "the grey one" → "set it to 0.5": the last one is the
 *   fix), and whether the chain came back to the asker.
 * - **not reactions**: a message object only carries reaction counts (and whether the bot
 *   reacted); who reacted takes one more request per message and emoji
 *   (`GET /channels/{id}/messages/{id}/reactions/{emoji}`), under the same rate limit as the crawl,
 *   and a ✅ count alone says nothing about whether the asker or a moderator gave it (anyone can).
 *   The crawl stays at one request per 100 messages instead.
 * - **accepted answers** (issue 19: "Solved" / "Mark as solution") plug in as `accepted`: the
 *   strongest signal when present.
 */
import type { StoredMessage } from '../store/types';
import { foldText, isUnspacedWord } from '../text/words';

/** What a conversation says about being answered. */
export interface AnswerSignals {
  /** The thread or forum post carries a Solved, Resolved, Answered or Fixed tag (or ✅). */
  solvedTag: boolean;
  /** The asker thanked someone after asking. */
  askerThanked: boolean;
  /** The asker replied to someone's reply: the chain came back to them. */
  askerReplied: boolean;
  /** Someone other than the asker wrote in the conversation after the question. */
  othersReplied: boolean;
  /** One of its messages was accepted as the answer (issue 19's record). */
  accepted: boolean;
}

export const NO_SIGNALS: AnswerSignals = {
  solvedTag: false,
  askerThanked: false,
  askerReplied: false,
  othersReplied: false,
  accepted: false,
};

/** Tag names that mean "answered", folded (lower case, no diacritics), in the languages of the UI. */
const SOLVED_TAG =
  /(^|[^\p{L}])(solved|resolved|answered|fixed|done|geloest|gelost|resolu|resuelto|resolvido|risolto|opgelost|rozwiazane|решено|решён|вирішено|已解决|已解決|解決済み|解決|해결)([^\p{L}]|$)|[✅✔☑]/u;

/** A tag that says the post is answered. */
export function isSolvedTag(name: string): boolean {
  return SOLVED_TAG.test(foldText(name));
}

/** Thanks and "it works", folded; whole words in scripts with spaces. */
const THANKS =
  /(^|[^\p{L}])(thanks|thank you|thank u|thx|thnx|tysm|cheers|that worked|it worked|worked for me|works now|working now|that fixed|fixed it|that did it|did the trick|solved it|all good now|danke|merci|gracias|obrigad[oa]|grazie|dank je|dziekuje|dzieki|спасибо|дякую|спс|tesekkur\p{L}*)(?![\p{L}])|谢谢|謝謝|多谢|感谢|ありがと|感謝|감사|고마워|고맙|धन्यवाद|शुक्रिया|ขอบคุณ|شكرا|תודה/u;
/** "Thanks, but it still fails": not a thanks for an answer. */
const BUT_NOT =
  /(^|[^\p{L}])(but|still|didn ?t|doesn ?t|does not|did not|not work|no luck|nope|aber|mais|pero|но|не работает)([^\p{L}]|$)/u;

/** Whether a message reads as the asker's thanks for an answer. */
export function isThanks(text: string): boolean {
  const t = foldText(text);
  return t.length <= 400 && THANKS.test(t) && !BUT_NOT.test(t);
}

/** Whether a message reads as a question (a question mark, or a question's first word). */
export function looksLikeQuestion(text: string): boolean {
  const t = foldText(text).trim();
  return (
    /[?？¿؟]/.test(t) ||
    /^(how|why|what|where|when|who|which|does|do|did|is|are|can|could|should|would|will|has|have|anyone|any idea)\b/.test(
      t,
    )
  );
}

/** A message long enough to hold an answer: four words, or 24 characters (8 in an unspaced script). */
function substantive(m: StoredMessage): boolean {
  const text = m.content.trim();
  const chars = [...text].length;
  return text.split(/\s+/).length >= 4 || chars >= 24 || (chars >= 8 && isUnspacedWord(text));
}

export interface AnswerInput {
  /** The question: the thread's starter or the chain's top, as stored (a tombstone still has its author). */
  root: StoredMessage;
  /** The conversation's messages that may be shown, oldest first (the root among them when visible). */
  messages: readonly StoredMessage[];
  /** The thread's tag names, when the conversation is a thread or forum post. */
  tags?: readonly string[] | undefined;
  /** Messages accepted as answers (issue 19). */
  accepted?: ReadonlySet<string> | undefined;
}

export interface FoundAnswer {
  signals: AnswerSignals;
  /** The message that holds the answer, when the conversation says which. */
  answer: StoredMessage | undefined;
}

/**
 * The answer signals of one conversation and the message that answers its question: an accepted
 * one; else the one the asker thanked (what their thanks replies to, or the last message of
 * someone else before it); else, by the reply chain, where the helpers' chain under the question
 * ends, or a direct reply to the asker. A question back to the asker ("which holder?") is a weaker
 * candidate than a statement. Undefined when nothing links an answer to the question (chatter in a
 * thread is never taken for one).
 */
export function findAnswer(input: AnswerInput): FoundAnswer {
  const { root, messages } = input;
  const asker = root.authorId;
  const byId = new Map(messages.map((m) => [m.id, m]));
  const after = messages.filter((m) => m.id !== root.id && m.createdAt >= root.createdAt);
  const others = after.filter((m) => m.authorId !== asker);
  const scores = new Map<string, number>(others.map((m) => [m.id, 0]));
  const add = (id: string | undefined, n: number) => {
    if (id !== undefined && scores.has(id)) scores.set(id, (scores.get(id) ?? 0) + n);
  };

  let askerThanked = false;
  let askerReplied = false;
  for (const [i, m] of after.entries()) {
    if (m.authorId !== asker) continue;
    const target = m.replyToId === null ? undefined : byId.get(m.replyToId);
    if (target !== undefined && target.authorId !== asker) askerReplied = true;
    if (!isThanks(m.content)) continue;
    askerThanked = true;
    // What the thanks replies to, or else the last message of someone else before it (one that
    // says something: "lol same" between the fix and the thanks is not what was thanked for; nor
    // is a question, "anyone want a pastry?", that someone asked between the fix and the thanks).
    const before = after
      .slice(0, i)
      .reverse()
      .filter((x) => x.authorId !== asker);
    const thanked =
      target !== undefined && target.authorId !== asker
        ? target
        : (before.find((x) => substantive(x) && !looksLikeQuestion(x.content)) ??
          before.find(substantive) ??
          before[0]);
    add(thanked?.id, 10);
  }

  // The reply chain: children of each message, to find where the helpers' chain ends.
  const children = new Map<string, StoredMessage[]>();
  for (const m of messages) {
    if (m.replyToId === null) continue;
    const list = children.get(m.replyToId) ?? [];
    list.push(m);
    children.set(m.replyToId, list);
  }
  const underRoot = (m: StoredMessage): boolean => {
    let cur: StoredMessage | undefined = m;
    for (let hops = 0; cur !== undefined && hops < 64; hops++) {
      if (cur.replyToId === root.id) return true;
      cur = cur.replyToId === null ? undefined : byId.get(cur.replyToId);
    }
    return false;
  };
  const helperBelow = (m: StoredMessage): boolean => {
    const stack = [...(children.get(m.id) ?? [])];
    for (let seen = 0; stack.length > 0 && seen < 256; seen++) {
      const c = stack.pop() as StoredMessage;
      if (c.authorId !== asker) return true;
      stack.push(...(children.get(c.id) ?? []));
    }
    return false;
  };
  for (const m of others) {
    const target = m.replyToId === null ? undefined : byId.get(m.replyToId);
    const toAsker = m.replyToId === root.id || target?.authorId === asker;
    if (toAsker) add(m.id, 2);
    if (underRoot(m) && !helperBelow(m)) add(m.id, 3);
    if (looksLikeQuestion(m.content)) add(m.id, -1);
  }

  let answer: StoredMessage | undefined;
  let best = 1;
  for (const m of others) {
    const s = scores.get(m.id) ?? 0;
    if (s > best) {
      best = s;
      answer = m;
    }
  }
  // An accepted message is the answer, whoever wrote it (the asker may have found the fix).
  const acceptedOne = after.find((m) => input.accepted?.has(m.id));
  if (acceptedOne !== undefined) answer = acceptedOne;
  const accepted = messages.some((m) => input.accepted?.has(m.id) ?? false);
  return {
    answer,
    signals: {
      solvedTag: (input.tags ?? []).some(isSolvedTag),
      askerThanked,
      askerReplied,
      othersReplied: others.length > 0,
      accepted,
    },
  };
}
