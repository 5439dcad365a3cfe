/**
 * Accepted answers first (issue 19): when retrieval finds a help post (its question, or any message
 * of a forum post) or its accepted answer, the answer the post's author or a helper accepted
 * ("Solved", "Mark as solution") becomes the first source, marked accepted, and the one its
 * conversation cites. Applied to whatever retrieval returns; retrieval's own ranking weighs
 * accepted answers too when it is given them (`RetrievalDeps.acceptedAnswers`, rank.ts
 * `answerFactor`).
 */
import type { HelpPost, SearchScope, Store, StoredMessage } from '../store/types';
import { NO_SIGNALS } from './answer-signals';
import { inScope } from './overfetch';
import type { Source } from './search';

/**
 * A source that is the accepted answer of a help post. The bot's own accepted answer is no stored
 * message: `basedOn` lists the stored messages it cited, which stand for it wherever an answer's
 * sources are recorded (so forgetting one of them forgets what was built on it).
 */
export type AcceptedSource = Source & { accepted: true; basedOn?: string[] };

export const isAccepted = (s: Source): s is AcceptedSource =>
  (s as Partial<AcceptedSource>).accepted === true;

/**
 * The stored messages an answer's sources stand for, to record with the answer: every message each
 * conversation showed, with the bot's own accepted answer (no stored message) standing for the
 * messages it cited.
 */
export function sourceIdsOf(sources: readonly Source[]): string[] {
  const ids = sources.flatMap((s) =>
    s.messages.flatMap((m) =>
      isAccepted(s) && s.basedOn !== undefined && m.id === s.message.id ? s.basedOn : [m.id],
    ),
  );
  return [...new Set(ids)];
}

/** The name the bot's accepted answer goes by in source lists and prompts (no language needed). */
export const BOT_ANSWER_AUTHOR = '🤖';

/** At most this many accepted answers lead one answer's sources. */
const MAX_ACCEPTED = 2;

type Deps = { store: Pick<Store, 'help' | 'messages' | 'answers'> };

/**
 * `sources` (conversations) with the accepted answers of the posts they belong to (or that they
 * are) first, best source's post first, each marked accepted. The conversation that holds the
 * post's question or its answer becomes the accepted source, citing the accepted answer; when no
 * conversation holds it, a source of the post's question and its accepted answer is made. An
 * accepted answer is used only when it is itself within `scope` like any source: its channel
 * readable, live (not deleted, not forgotten, not excluded), of the asked author and period; the
 * bot's accepted answer also only while every message it cited is still live and in scope and its
 * text was not wiped (a source or its asker forgotten).
 */
export async function acceptedFirst(deps: Deps, scope: SearchScope, sources: Source[]): Promise<Source[]> {
  if (sources.length === 0) return sources;
  const shown = sources.flatMap((s) => s.messages);
  const posts = await deps.store.help.acceptedFor(scope.guildId, {
    channelIds: [...new Set(shown.map((m) => m.channelId))],
    messageIds: [...new Set(shown.map((m) => m.id))],
  });
  if (posts.length === 0) return sources;
  const holds = (s: Source, p: HelpPost) =>
    s.messages.some((m) => m.id === p.acceptedMessageId || m.id === p.postId) ||
    (p.kind === 'forum' &&
      (s.thread?.id === p.channelId || s.messages.some((m) => m.channelId === p.channelId)));
  const rank = (p: HelpPost) => sources.findIndex((s) => holds(s, p));
  posts.sort((a, b) => rank(a) - rank(b));
  const ok = inScope(scope, new Set(scope.channelIds));
  const accepted: AcceptedSource[] = [];
  const used = new Set<Source>();
  for (const post of posts) {
    if (accepted.length >= MAX_ACCEPTED) break;
    const found = await acceptedMessage(deps, scope, post, ok);
    if (found === undefined || accepted.some((a) => a.message.id === found.message.id)) continue;
    const extra = found.basedOn === undefined ? {} : { basedOn: found.basedOn };
    const holder = sources.find((s) => !used.has(s) && holds(s, post));
    if (holder !== undefined) {
      used.add(holder);
      const messages = holder.messages.some((m) => m.id === found.message.id)
        ? holder.messages
        : [...holder.messages, found.message].sort((a, b) => a.createdAt - b.createdAt);
      accepted.push({
        ...holder,
        message: found.message,
        messages,
        signals: { ...holder.signals, accepted: true },
        accepted: true,
        ...extra,
      });
      continue;
    }
    const [question] = await deps.store.messages.byIds([post.postId]);
    accepted.push({
      key: `accepted:${post.postId}`,
      message: found.message,
      hit: found.message,
      hitIds: [found.message.id],
      messages: question !== undefined && ok(question) ? [question, found.message] : [found.message],
      signals: { ...NO_SIGNALS, accepted: true },
      score: Number.POSITIVE_INFINITY,
      accepted: true,
      ...extra,
    });
  }
  if (accepted.length === 0) return sources;
  const inAccepted = new Set(accepted.flatMap((a) => a.messages.map((m) => m.id)));
  return [...accepted, ...sources.filter((s) => !used.has(s) && !inAccepted.has(s.hit.id))];
}

/** The accepted answer of `post` as a message within `scope`, or undefined when it may not be used. */
async function acceptedMessage(
  deps: Deps,
  scope: SearchScope,
  post: HelpPost,
  ok: (m: StoredMessage) => boolean,
): Promise<{ message: StoredMessage; basedOn?: string[] } | undefined> {
  const id = post.acceptedMessageId;
  if (id === null) return undefined;
  if (post.acceptedKind === 'member') {
    const [m] = await deps.store.messages.byIds([id]);
    return m !== undefined && ok(m) ? { message: m } : undefined;
  }
  // The bot's own answer is not a stored message: its text is the stored answer of the post.
  const stored = await deps.store.answers.get(post.postId);
  if (stored === undefined || stored.answer === '' || stored.guildId !== scope.guildId) return undefined;
  const cited = await deps.store.messages.byIds(stored.sourceIds);
  if (cited.length !== stored.sourceIds.length || !cited.every(ok)) return undefined;
  const message: StoredMessage = {
    id,
    guildId: post.guildId,
    channelId: post.channelId,
    authorId: '',
    // Shown in source lists in every language: the bot's own answer.
    authorName: BOT_ANSWER_AUTHOR,
    authorIsBot: true,
    // Its citation numbers pointed at its own sources, which this answer does not show.
    content: stored.answer.replace(/ ?\[\d{1,2}\]/g, ''),
    createdAt: post.answeredAt ?? stored.createdAt,
    editedAt: null,
    deleted: false,
    attachments: '[]',
    embeds: '[]',
    replyToId: post.postId,
    type: 19,
    vectorSynced: true,
  };
  // The author option names a member: the bot's answer is nobody's message.
  if (scope.authorId !== undefined) return undefined;
  return ok(message) ? { message, basedOn: stored.sourceIds } : undefined;
}
