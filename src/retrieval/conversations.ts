/**
 * From messages to conversations: the pure part of retrieval's expansion (the reads are in
 * expand.ts). A hit is placed in its conversation, which is its thread or forum post when it is
 * in one (or started one), else its reply tree: the topmost message it replies to, through any
 * depth, and every reply under that. Hits of one conversation are one source. What the asker may
 * not see (another guild, a channel they cannot read, deleted or forgotten messages, the `/ask`
 * author and days options) is checked on every message, not only on the hits.
 */
import type { StoredMessage, ThreadRecord } from '../store/types';
import { type AnswerSignals, findAnswer, looksLikeQuestion, NO_SIGNALS } from './answer-signals';
import { answerFactor } from './rank';

/**
 * A conversation chosen as a source: the messages shown to the model as one block, and the one
 * cited under the answer.
 */
export interface Source {
  /** Tells conversations apart: `thread:<id>`, `chain:<top message id>` or `message:<id>`. */
  key: string;
  /** The message the source list links to: the answer when the conversation says which, else the hit. */
  message: StoredMessage;
  /** The message retrieval found (the most relevant of the conversation's hits). */
  hit: StoredMessage;
  /** Ids of every hit of the conversation, most relevant first. */
  hitIds: string[];
  /** Every message shown, oldest first; `message` and `hit` among them. */
  messages: StoredMessage[];
  /** The thread or forum post the conversation is, with its parent channel, title and tag names. */
  thread?: { id: string; parentId: string | null; title: string; tags: string[] } | undefined;
  /** What says it was answered. */
  signals: AnswerSignals;
  /** Its rank score: relevance of its hits × how answered it is (rank.ts `answerFactor`). */
  score: number;
}

/** A hit with its fused relevance score (higher is better). */
export interface Seed {
  message: StoredMessage;
  score: number;
}

/** What expand.ts read around the hits. */
export interface ConversationGraph {
  /** Every message read (reply trees, thread openings, starters, neighbours), by id, as stored. */
  rows: ReadonlyMap<string, StoredMessage>;
  /** Threads and forum posts among the channels and messages read, by id. */
  threads: ReadonlyMap<string, ThreadRecord>;
}

export interface BuildOptions {
  /** The asker's scope, checked on every message shown. */
  visible: (m: StoredMessage) => boolean;
  /** The most messages one conversation shows. */
  maxMessages: number;
  /** Messages accepted as answers (issue 19), if known. */
  accepted?: ReadonlySet<string> | undefined;
}

/** Hits after the best that add to a conversation's relevance (a quarter of their score each). */
export const MAX_BONUS_HITS = 2;

const byTime = (a: StoredMessage, b: StoredMessage) =>
  a.createdAt - b.createdAt || (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);

/** The top of a message's reply chain among the rows read (the message itself when it replies to nothing read). */
export function chainTop(m: StoredMessage, rows: ReadonlyMap<string, StoredMessage>): StoredMessage {
  let cur = m;
  const seen = new Set<string>([m.id]);
  for (;;) {
    const parent = cur.replyToId === null ? undefined : rows.get(cur.replyToId);
    if (parent === undefined || seen.has(parent.id)) return cur;
    seen.add(parent.id);
    cur = parent;
  }
}

/** Where a hit belongs: its thread (or the thread it, or its chain's top, started), else its chain. */
export function conversationKey(
  m: StoredMessage,
  g: ConversationGraph,
): { key: string; thread?: ThreadRecord; top: StoredMessage } {
  const here = g.threads.get(m.channelId);
  if (here !== undefined) return { key: `thread:${here.id}`, thread: here, top: m };
  const top = chainTop(m, g.rows);
  const started = g.threads.get(top.id);
  if (started !== undefined) return { key: `thread:${started.id}`, thread: started, top };
  return { key: `chain:${top.id}`, top };
}

/** Every message under `top` along reply edges, among the rows read. */
function descendants(top: StoredMessage, children: ReadonlyMap<string, StoredMessage[]>): StoredMessage[] {
  const out: StoredMessage[] = [];
  const stack = [top];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const m = stack.pop() as StoredMessage;
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
    stack.push(...(children.get(m.id) ?? []));
  }
  return out;
}

/**
 * Groups seeds into conversations, picks each one's messages (at most `maxMessages`: the question,
 * the hits, the answer and the way between them first, then the nearest in time), finds its
 * answer and signals, and scores it: best hit + a quarter of the next MAX_BONUS_HITS, × rank.ts
 * `answerFactor`. Returned best first.
 */
export function buildConversations(seeds: readonly Seed[], g: ConversationGraph, o: BuildOptions): Source[] {
  const children = new Map<string, StoredMessage[]>();
  for (const m of g.rows.values()) {
    if (m.replyToId === null) continue;
    const list = children.get(m.replyToId) ?? [];
    list.push(m);
    children.set(m.replyToId, list);
  }
  const groups = new Map<string, { thread?: ThreadRecord; top: StoredMessage; seeds: Seed[] }>();
  for (const seed of seeds) {
    const { key, thread, top } = conversationKey(seed.message, g);
    const group = groups.get(key) ?? { ...(thread ? { thread } : {}), top, seeds: [] };
    group.seeds.push(seed);
    groups.set(key, group);
  }

  const sources: Source[] = [];
  for (const [key, group] of groups) {
    const hits = [...group.seeds].sort((a, b) => b.score - a.score);
    const best = hits[0] as Seed;
    let root: StoredMessage;
    let members: StoredMessage[];
    if (group.thread !== undefined) {
      const t = group.thread;
      const inThread = [...g.rows.values()].filter((m) => m.channelId === t.id);
      // A thread started from a message has that message's id (the starter is in the parent
      // channel); a forum post's starter has the post's id and is in the post.
      const starter = g.rows.get(t.id);
      const first = [...inThread].sort(byTime)[0];
      root = starter ?? first ?? best.message;
      members = [...inThread, ...descendants(root, children)];
    } else {
      root = group.top;
      members = descendants(root, children);
    }
    for (const h of hits) members.push(h.message);
    const unique = new Map<string, StoredMessage>();
    for (const m of members) if (o.visible(m)) unique.set(m.id, m);
    const shown = [...unique.values()].sort(byTime);
    const found = findAnswer({
      root,
      messages: shown,
      tags: group.thread?.tags,
      accepted: o.accepted,
    });
    const picked = pick(shown, {
      must: [root, ...hits.map((h) => h.message), ...(found.answer ? [found.answer] : [])],
      max: o.maxMessages,
      rows: g.rows,
    });
    const lone = picked.length <= 1 && group.thread === undefined;
    // Further hits add a little evidence, but only the next few: a long chatty thread holds many
    // loosely similar messages, and summing them all let it outrank the exact match of a question.
    const relevance = best.score + 0.25 * hits.slice(1, 1 + MAX_BONUS_HITS).reduce((n, h) => n + h.score, 0);
    const factor = answerFactor(found.signals, {
      loneQuestion: lone && looksLikeQuestion(best.message.content),
    });
    sources.push({
      key: lone ? `message:${best.message.id}` : key,
      message: found.answer ?? best.message,
      hit: best.message,
      hitIds: hits.map((h) => h.message.id),
      messages: picked.length > 0 ? picked : [best.message],
      ...(group.thread
        ? {
            thread: {
              id: group.thread.id,
              parentId: group.thread.parentId,
              title: group.thread.title,
              tags: group.thread.tags,
            },
          }
        : {}),
      signals: found.signals,
      score: relevance * factor,
    });
  }
  return sources.sort((a, b) => b.score - a.score || byTime(b.hit, a.hit));
}

/**
 * The `limit` best of `ranked` (best first), among them always the conversations holding the
 * `reserved` hits (each retriever's best: an exact keyword match such as an error code must not be
 * outvoted by many loosely similar conversations). Keeps the ranked order.
 */
export function chooseConversations(
  ranked: readonly Source[],
  reserved: readonly string[],
  limit: number,
): Source[] {
  const chosen = new Set<Source>();
  for (const id of reserved) {
    const s = ranked.find((x) => x.hitIds.includes(id));
    if (s !== undefined) chosen.add(s);
  }
  for (const s of ranked) {
    if (chosen.size >= limit) break;
    chosen.add(s);
  }
  return ranked.filter((s) => chosen.has(s));
}

/**
 * At most `max` of `shown` (oldest first), keeping first those of `must` (question, hits, answer),
 * then the messages on the reply path between them, then the ones nearest in time to them.
 */
function pick(
  shown: StoredMessage[],
  o: { must: StoredMessage[]; max: number; rows: ReadonlyMap<string, StoredMessage> },
): StoredMessage[] {
  if (shown.length <= o.max) return shown;
  const ids = new Set(shown.map((m) => m.id));
  const chosen = new Set<string>();
  const take = (id: string) => {
    if (chosen.size < o.max && ids.has(id)) chosen.add(id);
  };
  for (const m of o.must) take(m.id);
  // The way up from each hit and the answer to the question.
  for (const m of o.must) {
    let cur = m.replyToId === null ? undefined : o.rows.get(m.replyToId);
    for (let hops = 0; cur !== undefined && hops < 64; hops++) {
      take(cur.id);
      cur = cur.replyToId === null ? undefined : o.rows.get(cur.replyToId);
    }
  }
  const anchors = o.must.map((m) => m.createdAt);
  const distance = (m: StoredMessage) => Math.min(...anchors.map((t) => Math.abs(m.createdAt - t)));
  for (const m of [...shown].sort((a, b) => distance(a) - distance(b))) take(m.id);
  return shown.filter((m) => chosen.has(m.id));
}

/** A message-level source (no links followed): the hit with its time neighbours, as before conversations. */
export function singleMessageSource(
  hit: StoredMessage,
  context: { before: StoredMessage[]; after: StoredMessage[] },
  score: number,
): Source {
  return {
    key: `message:${hit.id}`,
    message: hit,
    hit,
    hitIds: [hit.id],
    messages: [...context.before, hit, ...context.after],
    signals: NO_SIGNALS,
    score,
  };
}
