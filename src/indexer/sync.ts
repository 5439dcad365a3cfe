import { type Embedder, withLongestAcceptedPrefix } from '../llm/embedder';
import { isInputRejected } from '../llm/errors';
import type { Logger } from '../log';
import { type Metrics, timed } from '../metrics';
import type { CollectionState, Store, StoredMessage } from '../store/types';
import { countOf, formatCount } from '../text/counts';
import { cutToLength } from '../text/cut';
import { dimensionMismatch } from '../vector/errors';
import {
  deleteCollectionNamed,
  normaliseModelName,
  type VectorIndex,
  type VectorRecord,
  vectorRecord,
} from '../vector/store';
import { isTransientDependency, runErrorMessage, withRetry } from './failures';

export interface SyncContext {
  store: Store;
  embedder: Embedder;
  vectors: VectorIndex;
  log: Logger;
  metrics?: Metrics | undefined;
  embedBatchSize: number;
  embedModel: string;
  retryBaseMs: number;
  now(): number;
}

/** Deleting a whole collection can take a while on a large one. */
const DROP_TIMEOUT_MS = 120_000;
/** Ids checked against Chroma per request when finding what a collection lost. */
const REPAIR_PAGE = 1000;

const sameModel = (a: string, b: string) => normaliseModelName(a) === normaliseModelName(b);

/** Every guild whose collection of this model should exist: guilds with stored channels, and known collections. */
async function knownGuilds(ctx: SyncContext, collections: readonly CollectionState[]): Promise<string[]> {
  const guilds = new Set(await ctx.store.channels.guildIds());
  for (const c of collections)
    if (c.guildId !== '' && sameModel(c.model, ctx.embedModel)) guilds.add(c.guildId);
  return [...guilds].sort();
}

/**
 * Gets the vector side ready before a run stores anything: checks that Ollama embeds and Chroma
 * answers (rejects at once with their AppError), points the outbox at this embedding model (when
 * it was unset, as after an upgrade from the single collection of every guild, or another model,
 * every stored message is embedded again into one collection per guild, from the store, without
 * any Discord call), and puts back into the outbox whatever a guild's collection lost (e.g. a
 * deleted collection). Returns the vectors' dimension and notes for the operator.
 */
export async function prepareCollections(ctx: SyncContext): Promise<{ dimension: number; notes: string[] }> {
  const { store, vectors } = ctx;
  const notes: string[] = [];
  const [probe] = await embed(ctx, ['dimension probe'], undefined);
  const dimension = probe?.length ?? 0;
  await chroma(ctx, 'heartbeat', () => vectors.heartbeat());
  const collections = await store.outbox.collections();
  const guilds = await knownGuilds(ctx, collections);
  const save = (guildId: string, ready: boolean) =>
    store.outbox.saveCollection({
      name: vectors.collectionName(guildId),
      guildId,
      model: ctx.embedModel,
      dimension,
      ready,
    });

  const current = await store.outbox.model();
  if (current !== undefined && sameModel(current, ctx.embedModel)) {
    // The same model name, another size of vector (re-pulled, or a Modelfile changed): its vectors
    // cannot go into these collections, nor be searched in them.
    const stale = collections.find(
      (c) =>
        c.guildId !== '' &&
        sameModel(c.model, ctx.embedModel) &&
        c.dimension !== null &&
        c.dimension > 0 &&
        c.dimension !== dimension,
    );
    if (stale?.dimension) {
      throw dimensionMismatch(ctx.embedModel, stale.dimension, dimension, { collection: stale.name });
    }
  }
  if (current === undefined || !sameModel(current, ctx.embedModel)) {
    await store.outbox.switchModel(ctx.embedModel, ctx.now());
    for (const g of guilds) await save(g, false);
    const pending = await store.outbox.pending();
    // Without a model yet, only a store that an older release embedded (into its single collection
    // of every guild) is an upgrade worth a note; a first install just embeds what it stores.
    const upgrade = current !== undefined || collections.some((c) => c.guildId === '');
    if (pending > 0 && upgrade) {
      const why = current === undefined ? 'one collection per guild' : `the model changed from ${current}`;
      notes.push(
        `${why}: ${countOf(pending, 'message')} ${pending === 1 ? 'is' : 'are'} embedded with ${ctx.embedModel} into ${countOf(guilds.length, 'guild collection')} from the store`,
      );
    }
    return { dimension, notes };
  }

  const byName = new Map(collections.map((c) => [c.name, c]));
  for (const guildId of guilds) {
    const name = vectors.collectionName(guildId);
    const [actual, expected] = await Promise.all([
      withRetry(() => chroma(ctx, 'count', () => vectors.count(guildId)), dependencyRetry(ctx)),
      store.outbox.countSyncedSearchable(guildId),
    ]);
    if (actual < expected) {
      const requeued =
        actual === 0 ? await store.outbox.requeueGuild(guildId) : await requeueMissing(ctx, guildId);
      await save(guildId, false);
      notes.push(
        `Chroma collection ${name} holds ${formatCount(actual)} of ${countOf(expected, 'message')}: ${formatCount(requeued)} ${requeued === 1 ? 'is' : 'are'} re-embedded from the store`,
      );
    } else {
      if (actual > expected) {
        ctx.log.warn(
          { collection: name, actual, expected },
          'Chroma holds more records than the store has synced messages',
        );
      }
      if (!byName.has(name)) await save(guildId, false);
    }
  }
  return { dimension, notes };
}

/**
 * `npm run index -- --reembed`: every guild collection of this embedding model is dropped and made
 * anew (empty, its dimension unknown until the first vector), and every stored message is queued
 * to be embedded again, from the store, without any Discord call. For a model re-pulled or
 * changed under the same name, whose vectors no longer fit the old collections. Run under the
 * index lock, before prepareCollections. Returns how many guilds and messages.
 */
export async function resetCollections(ctx: SyncContext): Promise<{ guilds: number; messages: number }> {
  const collections = await ctx.store.outbox.collections();
  const guilds = await knownGuilds(ctx, collections);
  for (const guildId of guilds) {
    const name = ctx.vectors.collectionName(guildId);
    await chroma(ctx, 'delete_collection', () =>
      deleteCollectionNamed(ctx.vectors.url, name, DROP_TIMEOUT_MS),
    );
    await ctx.store.outbox.saveCollection({
      name,
      guildId,
      model: ctx.embedModel,
      dimension: null,
      ready: false,
    });
    await ctx.store.outbox.requeueGuild(guildId);
  }
  // Those requeued and those not embedded yet (say, stored while the sizes differed).
  return { guilds: guilds.length, messages: await ctx.store.outbox.pending() };
}

/** Finds which synced messages a guild's collection lost, a page at a time, and requeues them. */
async function requeueMissing(ctx: SyncContext, guildId: string): Promise<number> {
  let requeued = 0;
  for (let after = '0'; ; ) {
    const page = await ctx.store.outbox.syncedSearchablePage(guildId, after, REPAIR_PAGE);
    const last = page.at(-1);
    if (last === undefined) return requeued;
    after = last;
    const present = await withRetry(
      () => chroma(ctx, 'get', () => ctx.vectors.existing(guildId, page)),
      dependencyRetry(ctx),
    );
    const missing = page.filter((id) => !present.has(id));
    await ctx.store.outbox.requeue(missing);
    requeued += missing.length;
  }
}

/**
 * Once nothing is left in the outbox: marks every guild's collection of this model complete and
 * drops the single collection of every guild that older releases filled (its guilds now have
 * their own). False while messages are still waiting (nothing changes then).
 */
export async function finishCollections(ctx: SyncContext, dimension: number): Promise<boolean> {
  const { store, vectors } = ctx;
  if ((await store.outbox.pending()) > 0) return false;
  const collections = await store.outbox.collections();
  for (const guildId of await knownGuilds(ctx, collections)) {
    await store.outbox.saveCollection({
      name: vectors.collectionName(guildId),
      guildId,
      model: ctx.embedModel,
      dimension,
      ready: true,
    });
  }
  for (const legacy of collections.filter((c) => c.guildId === '')) {
    const dropped = await chroma(ctx, 'delete_collection', () =>
      deleteCollectionNamed(vectors.url, legacy.name, DROP_TIMEOUT_MS),
    );
    await store.outbox.dropCollection(legacy.name);
    if (dropped)
      ctx.log.info(
        { collection: legacy.name },
        `dropped ${legacy.name}, the single collection of every guild: each guild has its own now`,
      );
  }
  return true;
}

export interface Drainer {
  /** New rows are in the outbox. */
  wake(): void;
  /** Nothing more will be written: drain what is left, then resolve `done`. */
  finish(): void;
  /** Resolves when drained (after finish) or stopped; rejects with the first Ollama/Chroma failure. */
  readonly done: Promise<void>;
  readonly embedded: number;
  /** Messages the embedding model refused even shortened, in the order met; each is also logged. */
  readonly skipped: readonly SkippedMessage[];
}

/**
 * A message the embedding model refused even cut down to its first grapheme or so. It stays
 * stored (keyword search and the prompt still see it) and in the outbox: this run leaves it alone,
 * the next run tries it once more (the model may have changed).
 */
export interface SkippedMessage {
  id: string;
  guildId: string;
  channelId: string;
  /** One line for the run summary. */
  error: string;
}

/**
 * The embed stage, running beside the crawl: `workers` loops each claim a batch of unsynced rows
 * (never one another's), embed the live non-empty ones, upsert them into Chroma, delete the
 * deleted or emptied ones from it, and only then mark them synced. Memory stays at
 * `workers` batches whatever the size of the backlog.
 */
export function startDrainer(
  ctx: SyncContext,
  opts: { workers: number; signal: AbortSignal; onBatch(embedded: number): void },
): Drainer {
  const inflight = new Set<string>();
  const skipped = new Map<string, SkippedMessage>();
  // Chroma takes a large upsert much faster per record than many small ones (each call is a
  // commit of its own there): 10,000 messages went in at 0.46 of the raw upsert rate in 512-row
  // batches and 0.75 in 2,048-row ones, in the same bench runs.
  const claimSize = Math.max(ctx.embedBatchSize, Math.min(2048, ctx.embedBatchSize * 32));
  let producing = true;
  let failed = false;
  let embedded = 0;
  let waiters: (() => void)[] = [];
  let wakes = 0;
  const wakeAll = () => {
    wakes++;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  opts.signal.addEventListener('abort', wakeAll, { once: true });

  // Claims are one at a time: two workers reading the outbox at once would both claim the same rows.
  let claiming: Promise<unknown> = Promise.resolve();
  const claim = (limit = claimSize): Promise<StoredMessage[]> => {
    const next = claiming.then(async () => {
      // Skipped rows stay unsynced; without excluding them this run would claim them again and again.
      const exclude = skipped.size === 0 ? inflight : new Set([...inflight, ...skipped.keys()]);
      const rows = await ctx.store.outbox.next(limit, exclude);
      for (const r of rows) inflight.add(r.id);
      return rows;
    });
    claiming = next.catch(() => {});
    return next;
  };

  const worker = async () => {
    while (!failed && !opts.signal.aborted) {
      const seen = wakes;
      let rows: StoredMessage[];
      try {
        rows = await claim();
      } catch (err) {
        failed = true;
        throw err;
      }
      if (rows.length === 0) {
        if (!producing && inflight.size === 0) return;
        // A wake while the outbox was being read means new rows may be there already: look again.
        if (wakes === seen) await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      try {
        // While the crawl still stores pages, a part batch waits a moment for the next ones
        // rather than going to Chroma a page at a time.
        for (
          let waited = 0;
          producing && rows.length < claimSize && waited < TOP_UP_MS && !opts.signal.aborted;
        ) {
          const start = Date.now();
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, TOP_UP_MS - waited);
            waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
          waited += Date.now() - start;
          rows = rows.concat(await claim(claimSize - rows.length));
        }
      } catch (err) {
        failed = true;
        for (const r of rows) inflight.delete(r.id);
        throw err;
      }
      try {
        const { embedded: n, skipped: refused } = await syncBatch(ctx, rows, opts.signal);
        for (const s of refused) skipped.set(s.id, s);
        embedded += n;
        ctx.metrics?.messagesIndexed.inc({ change: 'embedded' }, n);
        opts.onBatch(embedded);
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        // Released in turn with the claims: a claim already reading the outbox may have read these
        // rows before they were marked synced, and must still find them excluded when it filters.
        const release = claiming.then(() => {
          for (const r of rows) inflight.delete(r.id);
          wakeAll();
        });
        claiming = release;
        await release;
      }
    }
  };
  const done = Promise.allSettled(Array.from({ length: opts.workers }, worker)).then((results) => {
    opts.signal.removeEventListener('abort', wakeAll);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  });
  // The run awaits `done` only at its end; a failure meanwhile is seen through the run's abort.
  done.catch(() => {});
  return {
    wake: wakeAll,
    finish() {
      producing = false;
      wakeAll();
    },
    done,
    get embedded() {
      return embedded;
    },
    get skipped() {
      return [...skipped.values()];
    },
  };
}

/** How long, at most, a part batch waits for more rows while the crawl is still storing (ms). */
const TOP_UP_MS = 250;

/** Adds `item` to the list of `key` in `map`. */
function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

/**
 * One claimed batch: the live non-empty rows are embedded (across guilds: the model does not care)
 * and upserted into their guild's collection; deleted, emptied and refused rows leave it; then the
 * rows still as they were sent are marked synced.
 */
async function syncBatch(
  ctx: SyncContext,
  rows: StoredMessage[],
  signal: AbortSignal,
): Promise<{ embedded: number; skipped: SkippedMessage[] }> {
  const searchable = rows.filter((r) => !r.deleted && r.content !== '');
  const removed = new Map<string, string[]>();
  for (const r of rows) if (r.deleted || r.content === '') push(removed, r.guildId, r.id);
  const out: Embedded = { records: [], skipped: [] };
  for (let i = 0; i < searchable.length; i += ctx.embedBatchSize) {
    await embedIsolating(ctx, searchable.slice(i, i + ctx.embedBatchSize), signal, out);
  }
  const { records, skipped } = out;
  // A refused row's older vector no longer describes the message: it leaves Chroma too.
  for (const s of skipped) push(removed, s.guildId, s.id);
  const upserts = new Map<string, VectorRecord[]>();
  for (const r of records) push(upserts, r.metadata.guild_id, r);
  const retry = dependencyRetry(ctx, signal);
  for (const [guildId, part] of upserts)
    await withRetry(() => chroma(ctx, 'upsert', () => ctx.vectors.upsert(guildId, part)), retry);
  for (const [guildId, ids] of removed)
    await withRetry(() => chroma(ctx, 'delete', () => ctx.vectors.delete(guildId, ids)), retry);
  const refused = new Set(skipped.map((s) => s.id));
  await ctx.store.outbox.markSyncedIfUnchanged(
    refused.size === 0 ? rows : rows.filter((r) => !refused.has(r.id)),
  );
  return { embedded: records.length, skipped };
}

interface Embedded {
  records: VectorRecord[];
  skipped: SkippedMessage[];
}

/**
 * Embeds `rows` in one request. When the model refuses an input as longer than its context (the
 * whole request fails, without saying which), the batch is split in two, longest texts first,
 * until the refused row is alone; that row is then shortened. The others are embedded either way.
 */
async function embedIsolating(
  ctx: SyncContext,
  rows: StoredMessage[],
  signal: AbortSignal,
  out: Embedded,
): Promise<void> {
  let vectors: number[][];
  try {
    vectors = await embed(
      ctx,
      rows.map((r) => r.content),
      signal,
    );
  } catch (err) {
    if (!isInputRejected(err)) throw err;
    const [only] = rows;
    if (rows.length === 1 && only !== undefined) return embedShortened(ctx, only, err, signal, out);
    const sorted = [...rows].sort((a, b) => b.content.length - a.content.length);
    const half = Math.ceil(sorted.length / 2);
    await embedIsolating(ctx, sorted.slice(0, half), signal, out);
    await embedIsolating(ctx, sorted.slice(half), signal, out);
    return;
  }
  rows.forEach((r, j) => {
    const vector = vectors[j];
    if (vector === undefined)
      throw new Error(`the embedder returned ${vectors.length} vectors for ${rows.length} texts`);
    out.records.push(vectorRecord(r, vector));
  });
}

/**
 * Embeds the start of a message the model refused whole: half of it, cut on a grapheme boundary,
 * then half of that, until the model takes it (the stored and quoted text stays whole). When not
 * even its first grapheme cluster fits, the message is skipped and named in the log.
 */
async function embedShortened(
  ctx: SyncContext,
  row: StoredMessage,
  refusal: unknown,
  signal: AbortSignal,
  out: Embedded,
): Promise<void> {
  const first = cutToLength(row.content, Math.floor(row.content.length / 2));
  let error = refusal;
  let tried = row.content.length;
  if (first.trim() !== '') {
    try {
      const { value: vector, length } = await withLongestAcceptedPrefix(first, async (prefix) => {
        tried = prefix.length;
        const [v] = await embed(ctx, [prefix], signal);
        if (v === undefined) throw new Error('the embedder returned no vector for 1 text');
        return v;
      });
      out.records.push(vectorRecord(row, vector));
      ctx.log.info(
        { messageId: row.id, channelId: row.channelId, length: row.content.length, embedded: length },
        `message ${row.id} is longer than the embedding model's context: embedded from its first ${length} of ${row.content.length} characters`,
      );
      return;
    } catch (err) {
      if (!isInputRejected(err)) throw err;
      error = err;
    }
  }
  const skipped: SkippedMessage = {
    id: row.id,
    guildId: row.guildId,
    channelId: row.channelId,
    error: `message ${row.id} not embedded: the embedding model refuses it even cut to ${tried} of its ${row.content.length} characters (${runErrorMessage(error)})`,
  };
  out.skipped.push(skipped);
  ctx.log.warn(
    { messageId: row.id, guildId: row.guildId, channelId: row.channelId, length: row.content.length },
    `${skipped.error}; it stays stored and keyword-searchable, and the next run tries again`,
  );
}

function dependencyRetry(ctx: SyncContext, signal?: AbortSignal) {
  return { retries: 3, baseMs: ctx.retryBaseMs, isRetryable: isTransientDependency, signal };
}

async function embed(
  ctx: SyncContext,
  texts: string[],
  signal: AbortSignal | undefined,
): Promise<number[][]> {
  const call = () => ctx.embedder.embed(texts, 'document');
  return withRetry(
    () => (ctx.metrics ? timed(ctx.metrics, 'ollama', 'embed', call) : call()),
    signal === undefined ? { retries: 0, baseMs: 0, isRetryable: () => false } : dependencyRetry(ctx, signal),
  );
}

async function chroma<T>(ctx: SyncContext, operation: string, f: () => Promise<T>): Promise<T> {
  return ctx.metrics ? timed(ctx.metrics, 'chroma', operation, f) : f();
}
