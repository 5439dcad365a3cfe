import type { Embedder } from '../llm/embedder';
import { isInputRejected } from '../llm/errors';
import type { Logger } from '../log';
import { type Metrics, timed } from '../metrics';
import type { Db } from '../store/db';
import {
  countSyncedSearchable,
  countUnsynced,
  markSearchableUnsynced,
  markSyncedIfUnchanged,
  markUnsynced,
  nextUnsynced,
  syncedSearchablePage,
} from '../store/messages';
import { beginCollectionFill, getCollection, outboxCollection, setCollectionState } from '../store/runs';
import type { MessageRow } from '../store/schema';
import { cutToLength } from '../text/cut';
import { type VectorRecord, type VectorStore, vectorRecord } from '../vector/store';
import { isTransientDependency, runErrorMessage, withRetry } from './failures';

export interface SyncContext {
  db: Db;
  embedder: Embedder;
  vectors: VectorStore;
  log: Logger;
  metrics?: Metrics | undefined;
  embedBatchSize: number;
  embedModel: string;
  retryBaseMs: number;
  now(): number;
}

/**
 * Gets the vector side ready before a run stores anything: checks that Ollama embeds and Chroma
 * answers (so a run fails at once with the reason), points the outbox at this model's collection
 * (a new or stale collection is filled from SQLite, without any Discord call), and puts back into
 * the outbox whatever Chroma lost (e.g. a deleted collection). Returns notes for the operator.
 */
export async function prepareCollection(ctx: SyncContext): Promise<{ dimension: number; notes: string[] }> {
  const { db, vectors } = ctx;
  const notes: string[] = [];
  const [probe] = await embed(ctx, ['dimension probe'], undefined);
  const dimension = probe?.length ?? 0;
  const name = vectors.collectionName;
  const actual = await vectors.count();
  const row = getCollection(db, name);

  if (outboxCollection(db) !== name || row === undefined) {
    beginCollectionFill(db, { name, model: ctx.embedModel, dimension, now: ctx.now() });
    const pending = countUnsynced(db);
    if (pending > 0)
      notes.push(`collection ${name} (model ${ctx.embedModel}) is filled from SQLite: ${pending} messages`);
    return { dimension, notes };
  }
  if (row.dimension === null) setCollectionState(db, name, { dimension });

  const expected = countSyncedSearchable(db);
  if (actual < expected) {
    let requeued = 0;
    if (actual === 0) {
      requeued = markSearchableUnsynced(db);
    } else {
      // Some records are gone: find which, 1000 at a time.
      for (let after = 0; ; ) {
        const page = syncedSearchablePage(db, after, 1000);
        const last = page.at(-1);
        if (last === undefined) break;
        after = last.rowid;
        const present = await withRetry(() => vectors.existing(page.map((p) => p.id)), dependencyRetry(ctx));
        const missing = page.filter((p) => !present.has(p.id)).map((p) => p.id);
        markUnsynced(db, missing);
        requeued += missing.length;
      }
    }
    setCollectionState(db, name, { ready: false });
    notes.push(
      `Chroma collection ${name} holds ${actual} of ${expected} messages: ${requeued} are re-embedded from SQLite`,
    );
  } else if (actual > expected) {
    ctx.log.warn(
      { collection: name, actual, expected },
      'Chroma holds more records than SQLite has synced messages',
    );
  }
  return { dimension, notes };
}

/** Marks the collection complete once nothing is left in the outbox. */
export function finishCollection(ctx: SyncContext, dimension: number): boolean {
  if (countUnsynced(ctx.db) > 0) return false;
  setCollectionState(ctx.db, ctx.vectors.collectionName, { ready: true, dimension });
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
  const claimSize = Math.max(ctx.embedBatchSize, Math.min(1024, ctx.embedBatchSize * 8));
  let producing = true;
  let failed = false;
  let embedded = 0;
  let waiters: (() => void)[] = [];
  const wakeAll = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  opts.signal.addEventListener('abort', wakeAll, { once: true });

  const worker = async () => {
    while (!failed && !opts.signal.aborted) {
      // Skipped rows stay unsynced; without excluding them this run would claim them again and again.
      const exclude = skipped.size === 0 ? inflight : new Set([...inflight, ...skipped.keys()]);
      const rows = nextUnsynced(ctx.db, claimSize, exclude);
      if (rows.length === 0) {
        if (!producing && inflight.size === 0) return;
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      for (const r of rows) inflight.add(r.id);
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
        for (const r of rows) inflight.delete(r.id);
        wakeAll();
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

async function syncBatch(
  ctx: SyncContext,
  rows: MessageRow[],
  signal: AbortSignal,
): Promise<{ embedded: number; skipped: SkippedMessage[] }> {
  const searchable = rows.filter((r) => !r.deleted && r.content !== '');
  const removed = rows.filter((r) => r.deleted || r.content === '').map((r) => r.id);
  const out: Embedded = { records: [], skipped: [] };
  for (let i = 0; i < searchable.length; i += ctx.embedBatchSize) {
    await embedIsolating(ctx, searchable.slice(i, i + ctx.embedBatchSize), signal, out);
  }
  const { records, skipped } = out;
  // A refused row's older vector no longer describes the message: it leaves Chroma too.
  for (const s of skipped) removed.push(s.id);
  const retry = dependencyRetry(ctx, signal);
  if (records.length > 0)
    await withRetry(() => chroma(ctx, 'upsert', () => ctx.vectors.upsert(records)), retry);
  if (removed.length > 0)
    await withRetry(() => chroma(ctx, 'delete', () => ctx.vectors.delete(removed)), retry);
  const refused = new Set(skipped.map((s) => s.id));
  markSyncedIfUnchanged(ctx.db, refused.size === 0 ? rows : rows.filter((r) => !refused.has(r.id)));
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
  rows: MessageRow[],
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
  row: MessageRow,
  refusal: unknown,
  signal: AbortSignal,
  out: Embedded,
): Promise<void> {
  let text = row.content;
  let error = refusal;
  for (;;) {
    const shorter = cutToLength(text, Math.floor(text.length / 2));
    if (shorter.trim() === '') break;
    try {
      const [vector] = await embed(ctx, [shorter], signal);
      if (vector === undefined) throw new Error('the embedder returned no vector for 1 text');
      out.records.push(vectorRecord(row, vector));
      ctx.log.info(
        { messageId: row.id, channelId: row.channelId, length: row.content.length, embedded: shorter.length },
        `message ${row.id} is longer than the embedding model's context: embedded from its first ${shorter.length} of ${row.content.length} characters`,
      );
      return;
    } catch (err) {
      if (!isInputRejected(err)) throw err;
      text = shorter;
      error = err;
    }
  }
  const skipped: SkippedMessage = {
    id: row.id,
    guildId: row.guildId,
    channelId: row.channelId,
    error: `message ${row.id} not embedded: the embedding model refuses it even cut to ${text.length} of its ${row.content.length} characters (${runErrorMessage(error)})`,
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
