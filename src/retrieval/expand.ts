/**
 * The reads behind retrieval's expansion along conversation links (conversations.ts is the pure
 * part): a handful of statements for all hits together, whatever the chains' depth.
 */
import type { SearchScope, Store, StoredMessage } from '../store/types';
import { buildConversations, chooseConversations, type Seed, type Source } from './conversations';
import { inScope } from './overfetch';

/**
 * Messages accepted as the answer of their conversation, among `messageIds` (issue 19's record of
 * "Solved" / "Mark as solution"). Retrieval asks once per question, with every message it is about
 * to show; an accepted one is cited and its conversation ranks first (rank.ts `answerFactor`).
 */
export type AcceptedAnswers = (
  guildId: string,
  messageIds: readonly string[],
) => Promise<ReadonlySet<string>>;

/**
 * The accepted answers issue 19 records (help posts marked "Solved" or "Mark as solution"), among
 * `messageIds`: one indexed read of `help_posts`.
 */
export function storedAcceptedAnswers(store: Pick<Store, 'help'>): AcceptedAnswers {
  return async (guildId, messageIds) => {
    if (messageIds.length === 0) return new Set();
    const posts = await store.help.acceptedFor(guildId, { channelIds: [], messageIds });
    return new Set(posts.flatMap((p) => (p.acceptedMessageId === null ? [] : [p.acceptedMessageId])));
  };
}

export interface ExpandOptions {
  /** Conversations to return. */
  limit: number;
  /** Hits whose conversations are kept whatever their rank (each retriever's best). */
  reserved?: readonly string[];
  /** Time neighbours (each side, within an hour) of a hit that no link connects to anything. */
  around: number;
  /** The most messages one conversation shows. */
  maxMessages?: number;
}

/** Edges walked up or down from a hit: far more than any real reply chain, a bound for a broken import. */
export const MAX_CHAIN_DEPTH = 50;
/** Messages read under the tops of the hits' reply trees (a popular announcement's replies stop here). */
export const MAX_TREE_ROWS = 400;
/** The first messages of a thread read: the question, and the answers that usually follow it. */
export const THREAD_OPENING = 40;
/** Messages around a hit that is past a long thread's opening. */
const DEEP_AROUND = 3;
/** A lone hit's time neighbours must be this close (ms): beyond, they are another conversation. */
const NEIGHBOUR_WINDOW_MS = 3_600_000;
export const MAX_CONVERSATION_MESSAGES = 12;

/**
 * The conversations of `seeds` (hits with their fused scores, all in `scope`), best first, at
 * most `limit`: each hit's reply tree (up to its top, and every reply under it), its thread or
 * forum post (starter, title, tags, opening messages, the messages around it), the answer the
 * conversation holds (answer-signals.ts), and for a hit that no link connects, its time neighbours
 * as before. Every message is checked against `scope` (guild, readable channels, not deleted or
 * forgotten, author and days options); walks go only through the channels of `scope`.
 */
export async function expandConversations(
  deps: { store: Store; acceptedAnswers?: AcceptedAnswers | undefined },
  scope: SearchScope,
  seeds: readonly Seed[],
  opts: ExpandOptions,
): Promise<Source[]> {
  if (seeds.length === 0) return [];
  const { store } = deps;
  const readable = new Set(scope.channelIds);
  const visible = inScope(scope, readable);
  const rows = new Map<string, StoredMessage>();
  for (const s of seeds) rows.set(s.message.id, s.message);
  const add = (list: readonly StoredMessage[]) => {
    for (const m of list) if (m.guildId === scope.guildId && readable.has(m.channelId)) rows.set(m.id, m);
  };

  add(
    await store.conversations.replyTrees(
      scope,
      seeds.map((s) => s.message.id),
      { depth: MAX_CHAIN_DEPTH, limit: MAX_TREE_ROWS },
    ),
  );
  // Threads: a hit's own channel, or a message read that started one (the thread has its id).
  const candidates = new Set<string>();
  for (const s of seeds) if (readable.has(s.message.channelId)) candidates.add(s.message.channelId);
  for (const id of rows.keys()) if (readable.has(id)) candidates.add(id);
  const threads = new Map((await store.conversations.threads([...candidates])).map((t) => [t.id, t]));
  if (threads.size > 0) {
    const openings = await Promise.all(
      [...threads.keys()].map((id) => store.conversations.opening(id, THREAD_OPENING)),
    );
    for (const list of openings) add(list);
    // A thread started from a message: that message (the starter) is in the parent channel.
    const starters = [...threads.keys()].filter((id) => !rows.has(id));
    if (starters.length > 0) add(await store.messages.byIds(starters));
    // A hit past a long thread's opening: the messages around it.
    const deep = seeds.filter((s) => {
      const list = openings[[...threads.keys()].indexOf(s.message.channelId)];
      const last = list?.at(-1);
      return (
        list !== undefined &&
        list.length >= THREAD_OPENING &&
        last !== undefined &&
        s.message.createdAt > last.createdAt
      );
    });
    if (deep.length > 0) {
      const near = await store.conversations.around(
        deep.map((s) => s.message),
        DEEP_AROUND,
        DEEP_AROUND,
      );
      for (const list of near.values()) add(list);
    }
  }

  const graph = { rows, threads };
  const accepted = await (deps.acceptedAnswers ?? storedAcceptedAnswers(store))(scope.guildId, [
    ...rows.keys(),
  ]);
  const ranked = chooseConversations(
    buildConversations(seeds, graph, {
      visible,
      maxMessages: opts.maxMessages ?? MAX_CONVERSATION_MESSAGES,
      accepted,
    }),
    opts.reserved ?? [],
    opts.limit,
  );

  // Where no link connects a hit to anything, its time neighbours are its context, as before.
  const lone = ranked.filter((s) => s.key.startsWith('message:'));
  if (lone.length === 0 || opts.around <= 0) return ranked;
  const around = await store.conversations.around(
    lone.map((s) => s.hit),
    opts.around,
    opts.around,
  );
  const shown = new Set(ranked.flatMap((s) => s.messages.map((m) => m.id)));
  return ranked.map((s) => {
    const near = (around.get(s.hit.id) ?? []).filter(
      (m) => visible(m) && !shown.has(m.id) && Math.abs(m.createdAt - s.hit.createdAt) < NEIGHBOUR_WINDOW_MS,
    );
    return near.length === 0
      ? s
      : { ...s, messages: [...near, s.hit].sort((a, b) => a.createdAt - b.createdAt) };
  });
}
