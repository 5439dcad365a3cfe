/**
 * Forgetting: what `/forget-me`, `npm run forget` and a guild's removal share. The store is the
 * truth (text wiped at once, opt-out recorded); Chroma follows at once when it answers, otherwise
 * through the outbox at the next index run (retrieval already ignores wiped rows meanwhile).
 */
import { runErrorMessage } from './indexer/failures';
import { forgetQuestions } from './insights/topics';
import type { Store } from './store/types';
import type { VectorIndex } from './vector/store';

/** What forgetting needs: the store and the vector index. */
export interface ForgetDeps {
  store: Store;
  vectors: VectorIndex;
}

export interface ForgetMemberResult {
  /** Messages whose text was wiped by this call (already forgotten ones are not counted again). */
  removed: number;
  /** Answers whose text was wiped because they cited one of those messages or were asked by the member. */
  answersForgotten: number;
  /** The member's questions removed from insights (issue 21). */
  questionsForgotten: number;
  /** Set when Chroma could not be told now: the next index run removes the vectors (why it failed). */
  vectorsPending?: string;
}

/** Ids per request to Chroma and to the store when forgetting many messages. */
const CHUNK = 500;

/**
 * Forgets a member in one guild (or every guild when `guildId` is undefined): records the opt-out
 * first (so no later page stores them again, in any run), wipes their stored messages to
 * tombstones, deletes their vectors from each guild's Chroma collection, and wipes the answers
 * that cited those messages or that the member asked. Opting back in later (`store.members.optIn`)
 * only lets messages indexed from then on in. Rejects only when the store fails.
 */
export async function forgetMember(
  deps: ForgetDeps,
  req: { userId: string; guildId?: string | undefined; at: number },
): Promise<ForgetMemberResult> {
  const { store } = deps;
  await store.members.optOut(req.userId, req.guildId, req.at);
  const ids = await store.messages.forgetAuthor(req.userId, req.guildId, req.at);
  let vectorsPending: string | undefined;
  try {
    await deleteVectors(deps, ids);
  } catch (err) {
    // The rows stay in the outbox (vector_synced false): the next run's embed stage deletes them.
    vectorsPending = runErrorMessage(err);
  }
  let answersForgotten = 0;
  for (let i = 0; i < ids.length; i += CHUNK)
    answersForgotten += await store.answers.forgetSources(ids.slice(i, i + CHUNK));
  answersForgotten += await store.answers.forgetAsker(req.userId, req.guildId);
  // The titles of their help-channel posts (issue 19).
  await store.help.forgetAuthor(req.userId, req.guildId);
  // Their questions in insights, with their texts and their part in topics (issue 21).
  const questionsForgotten = await forgetQuestions(store, req);
  // A page an index run was storing while the opt-out was recorded may have committed after the
  // first sweep; its rows are caught here (the store skips the member in every later page).
  const late = await store.messages.forgetAuthor(req.userId, req.guildId, req.at);
  if (late.length > 0) {
    try {
      await deleteVectors(deps, late);
    } catch (err) {
      vectorsPending ??= runErrorMessage(err);
    }
    for (let i = 0; i < late.length; i += CHUNK)
      answersForgotten += await store.answers.forgetSources(late.slice(i, i + CHUNK));
  }
  return {
    removed: ids.length + late.length,
    answersForgotten,
    questionsForgotten,
    ...(vectorsPending === undefined ? {} : { vectorsPending }),
  };
}

/**
 * Deletes the vectors of tombstoned messages (forgotten, excluded), grouped by guild, then marks
 * them synced. Rejects when Chroma fails: the rows stay in the outbox for the next index run.
 */
export async function deleteVectors(deps: ForgetDeps, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await deps.store.messages.byIds(ids.slice(i, i + CHUNK));
    const byGuild = new Map<string, string[]>();
    for (const r of rows) byGuild.set(r.guildId, [...(byGuild.get(r.guildId) ?? []), r.id]);
    for (const [guildId, list] of byGuild) await deps.vectors.delete(guildId, list);
    // Chroma reflects them now: the outbox need not delete them again.
    await deps.store.outbox.markSyncedIfUnchanged(rows);
  }
}

export interface ForgetGuildResult {
  /** Messages removed from the store. */
  removed: number;
  /** Set when Chroma could not drop the guild's collection (why): running the same command again finishes it. */
  vectorsError?: string;
}

/**
 * Forgets a guild entirely (the bot left it, or the operator wants it gone): messages, channels,
 * answers, feedback and state leave the store, then its Chroma collection is dropped. Running it
 * again is harmless, and finishes the job when Chroma was down the first time. Rejects only when
 * the store fails.
 */
export async function forgetGuild(deps: ForgetDeps, guildId: string): Promise<ForgetGuildResult> {
  const removed = await deps.store.guilds.forget(guildId);
  try {
    await deps.vectors.dropGuild(guildId);
  } catch (err) {
    return { removed, vectorsError: runErrorMessage(err) };
  }
  return { removed };
}
