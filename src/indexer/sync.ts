import type { Embedder } from '../llm/embedder';
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
import { type VectorRecord, type VectorStore, vectorRecord } from '../vector/store';
import { isTransientDependency, withRetry } from './failures';

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
      const rows = nextUnsynced(ctx.db, claimSize, inflight);
      if (rows.length === 0) {
        if (!producing && inflight.size === 0) return;
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      for (const r of rows) inflight.add(r.id);
      try {
        const n = await syncBatch(ctx, rows, opts.signal);
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
  };
}

async function syncBatch(ctx: SyncContext, rows: MessageRow[], signal: AbortSignal): Promise<number> {
  const searchable = rows.filter((r) => !r.deleted && r.content !== '');
  const removed = rows.filter((r) => r.deleted || r.content === '').map((r) => r.id);
  const records: VectorRecord[] = [];
  for (let i = 0; i < searchable.length; i += ctx.embedBatchSize) {
    const part = searchable.slice(i, i + ctx.embedBatchSize);
    const vectors = await embed(
      ctx,
      part.map((r) => r.content),
      signal,
    );
    part.forEach((r, j) => {
      const vector = vectors[j];
      if (vector === undefined)
        throw new Error(`the embedder returned ${vectors.length} vectors for ${part.length} texts`);
      records.push(vectorRecord(r, vector));
    });
  }
  const retry = dependencyRetry(ctx, signal);
  if (records.length > 0)
    await withRetry(() => chroma(ctx, 'upsert', () => ctx.vectors.upsert(records)), retry);
  if (removed.length > 0)
    await withRetry(() => chroma(ctx, 'delete', () => ctx.vectors.delete(removed)), retry);
  markSyncedIfUnchanged(ctx.db, rows);
  return records.length;
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
