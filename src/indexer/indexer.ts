import type { REST } from '@discordjs/rest';
import type { Clock } from '../async';
import type { Embedder } from '../llm/embedder';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import {
  advanceCursor,
  type ChannelInfo,
  insertChannelIfMissing,
  setCrawlResult,
  upsertChannel,
} from '../store/channels';
import type { Db } from '../store/db';
import { countUnsynced, upsertMessages } from '../store/messages';
import { closeAbandonedRuns, finishRun, type RunTotals, startRun } from '../store/runs';
import type { NewMessageRow } from '../store/schema';
import type { VectorStore } from '../vector/store';
import { exportChannel, exportMessageRow, openChatExport } from './chat-exporter';
import { crawlChannel } from './crawl';
import { discover } from './discovery';
import { endsRun, FatalRunError, runErrorMessage, StoppedError } from './failures';
import { acquireRunLock } from './lock';
import type { ProgressEvent } from './progress';
import { type Drainer, finishCollection, prepareCollection, type SyncContext, startDrainer } from './sync';

export type { ProgressEvent } from './progress';

export interface IndexerDeps {
  db: Db;
  rest: REST;
  embedder: Embedder;
  vectors: VectorStore;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  /** Messages of this user (the bot itself) are never stored or embedded. */
  botUserId: string;
  settings: {
    guildIds: string[];
    channelIds: string[];
    rescanHours: number;
    embedBatchSize: number;
    embedModel: string;
  };
  progress?: (e: ProgressEvent) => void;
  /** Knobs with defaults that suit production; tests shorten the waits. */
  tuning?: {
    /** First wait before retrying a transient Discord, Ollama or Chroma failure (doubles each time). Default 1000. */
    retryBaseMs?: number;
    /** Channels crawled at once. Default 4. */
    channelConcurrency?: number;
    /** Embed-and-upsert loops running beside the crawl. Default 2. */
    syncWorkers?: number;
    /** Lock heartbeat period and staleness. Defaults 5 s and 60 s. */
    lockHeartbeatMs?: number;
    lockStaleMs?: number;
  };
}

export interface RunSummary {
  runId: number;
  status: 'ok' | 'partial' | 'failed' | 'skipped';
  channels: number;
  messagesNew: number;
  messagesEdited: number;
  messagesDeleted: number;
  messagesEmbedded: number;
  failedChannels: { id: string; error: string }[];
  seconds: number;
  error?: string;
}

export interface Indexer {
  /** One crawl of the configured guilds or channels; the summary says how it went (only a broken database rejects). */
  run(opts?: { signal?: AbortSignal }): Promise<RunSummary>;
  /** The same pipeline fed from a DiscordChatExporter JSON export; calls no Discord route. */
  importFile(file: string, opts?: { signal?: AbortSignal }): Promise<RunSummary>;
  readonly running: boolean;
}

interface RunState {
  runId: number;
  signal: AbortSignal;
  totals: RunTotals;
  failures: { id: string; error: string }[];
  drainer: Drainer;
}

/**
 * The indexer: discovery → per-channel crawl into SQLite (the source of truth) → the embed stage
 * draining the SQLite outbox into Chroma, all overlapping. One run at a time across processes.
 */
export function createIndexer(deps: IndexerDeps): Indexer {
  const { db, clock, log } = deps;
  const tuning = {
    retryBaseMs: deps.tuning?.retryBaseMs ?? 1000,
    channelConcurrency: deps.tuning?.channelConcurrency ?? 4,
    syncWorkers: deps.tuning?.syncWorkers ?? 2,
  };
  const emit = (e: ProgressEvent) => {
    try {
      deps.progress?.(e);
    } catch (err) {
      log.warn({ err }, 'progress callback failed');
    }
  };
  let running = false;

  const syncContext: SyncContext = {
    db,
    embedder: deps.embedder,
    vectors: deps.vectors,
    log,
    metrics: deps.metrics,
    embedBatchSize: deps.settings.embedBatchSize,
    embedModel: deps.settings.embedModel,
    retryBaseMs: tuning.retryBaseMs,
    now: () => clock.now(),
  };

  /** Lock, run row, collection preparation, embed stage and summary around one source of messages. */
  async function execute(
    source: 'discord' | 'import',
    userSignal: AbortSignal | undefined,
    produce: (state: RunState) => Promise<number>,
  ): Promise<RunSummary> {
    const started = clock.now();
    const skipped = (why: string): RunSummary => ({
      runId: 0,
      status: 'skipped',
      channels: 0,
      messagesNew: 0,
      messagesEdited: 0,
      messagesDeleted: 0,
      messagesEmbedded: 0,
      failedChannels: [],
      seconds: 0,
      error: why,
    });
    if (running) {
      log.info('an index run is already going in this process; skipped');
      return skipped('an index run is already going in this process');
    }
    running = true;
    const internal = new AbortController();
    const signal = userSignal ? AbortSignal.any([userSignal, internal.signal]) : internal.signal;
    let fatal: unknown;
    const fail = (err: unknown) => {
      fatal ??= err;
      internal.abort();
    };
    try {
      const got = acquireRunLock(db, clock, {
        heartbeatMs: deps.tuning?.lockHeartbeatMs,
        staleMs: deps.tuning?.lockStaleMs,
        onLost: () =>
          fail(new FatalRunError('another index run took over the lock (this run was thought dead)')),
      });
      if ('busy' in got) {
        const h = got.busy;
        const why = `another index run is in progress (pid ${h.pid} on ${h.host}, started ${new Date(h.startedAt).toISOString()})`;
        log.info({ holder: h }, 'index run skipped: another run holds the lock');
        return skipped(why);
      }
      const lock = got.lock;
      try {
        closeAbandonedRuns(db, started);
        const runId = startRun(db, started, source);
        emit({ kind: 'start', runId, source });
        if (got.replaced) {
          const h = got.replaced;
          const message = `took over the lock of an index run that is gone (pid ${h.pid} on ${h.host})`;
          log.warn({ holder: h }, message);
          emit({ kind: 'note', message });
        }
        const totals: RunTotals = {
          channels: 0,
          messagesNew: 0,
          messagesEdited: 0,
          messagesDeleted: 0,
          messagesEmbedded: 0,
        };
        const failures: { id: string; error: string }[] = [];
        let status: RunSummary['status'] = 'ok';
        let error: string | undefined;
        let drainer: Drainer | undefined;
        try {
          const { dimension, notes } = await prepareCollection(syncContext);
          for (const message of notes) {
            log.info(message);
            emit({ kind: 'note', message });
          }
          let lastPending = 0;
          drainer = startDrainer(syncContext, {
            workers: tuning.syncWorkers,
            signal,
            onBatch(embedded) {
              const t = clock.now();
              if (t - lastPending >= 250) {
                lastPending = t;
                emit({ kind: 'embedded', embedded, pending: countUnsynced(db) });
              }
            },
          });
          drainer.done.catch(fail);
          const state: RunState = { runId, signal, totals, failures, drainer };
          try {
            totals.channels = await produce(state);
          } catch (err) {
            fail(err);
          } finally {
            drainer.finish();
            await drainer.done.catch(fail);
          }
          totals.messagesEmbedded = drainer.embedded;
          emit({ kind: 'embedded', embedded: drainer.embedded, pending: countUnsynced(db) });
          if (fatal !== undefined && !(fatal instanceof StoppedError)) throw fatal;
          if (signal.aborted || fatal !== undefined) throw new StoppedError();
          finishCollection(syncContext, dimension);
          if (failures.length > 0) status = 'partial';
        } catch (err) {
          status = 'failed';
          error = runErrorMessage(err);
          // The caller reports the failure (the CLI's last line, the scheduler's error log).
          if (!(err instanceof StoppedError)) log.warn({ err }, 'index run failed');
          totals.messagesEmbedded = drainer?.embedded ?? totals.messagesEmbedded;
        }
        const finished = clock.now();
        finishRun(db, runId, { ...totals, finishedAt: finished, status, error: error ?? null });
        deps.metrics?.indexRuns.inc({ status });
        deps.metrics?.lastIndexRun.set(finished / 1000);
        const summary: RunSummary = {
          runId,
          status,
          ...totals,
          failedChannels: failures,
          seconds: (finished - started) / 1000,
          ...(error === undefined ? {} : { error }),
        };
        log.info({ summary }, 'index run finished');
        return summary;
      } finally {
        lock.release();
      }
    } finally {
      running = false;
    }
  }

  const count = (state: RunState, change: 'new' | 'edited' | 'deleted', n: number) => {
    if (n === 0) return;
    if (change === 'new') state.totals.messagesNew += n;
    else if (change === 'edited') state.totals.messagesEdited += n;
    else state.totals.messagesDeleted += n;
    deps.metrics?.messagesIndexed.inc({ change }, n);
  };

  async function crawlAll(state: RunState): Promise<number> {
    const now = clock.now();
    const rescanFromMs = now - deps.settings.rescanHours * 3_600_000;
    const found = await discover({
      botUserId: deps.botUserId,
      db,
      rest: deps.rest,
      log,
      signal: state.signal,
      guildIds: deps.settings.guildIds,
      channelIds: deps.settings.channelIds,
      rescanFromMs,
      retryBaseMs: tuning.retryBaseMs,
    });
    db.transaction(() => {
      for (const c of found.channels) upsertChannel(db, c);
    });
    for (const f of found.failures) {
      state.failures.push(f);
      log.warn(f, 'could not list channels');
    }
    emit({ kind: 'channels', total: found.targets.length, skipped: found.skippedArchived });

    const queue = [...found.targets];
    const crawlOne = async (channel: ChannelInfo) => {
      emit({ kind: 'channel-start', id: channel.id, name: channel.name });
      const r = await crawlChannel(
        {
          db,
          rest: deps.rest,
          botUserId: deps.botUserId,
          signal: state.signal,
          rescanFromMs,
          retryBaseMs: tuning.retryBaseMs,
          now: () => clock.now(),
          onPage: (c, page) => {
            count(state, 'new', page.inserted);
            count(state, 'edited', page.edited);
            count(state, 'deleted', page.deleted);
            if (page.inserted + page.edited + page.deleted > 0) state.drainer.wake();
            emit({ kind: 'channel-page', id: c.id, name: c.name, fetched: page.fetched });
          },
        },
        channel,
      );
      if (!r.gone) setCrawlResult(db, channel.id, { crawledAt: clock.now(), error: r.error ?? null });
      if (r.error !== undefined) {
        // One entry per channel: a listing failure of the same channel says the same thing.
        const listed = state.failures.findIndex((x) => x.id === channel.id);
        if (listed >= 0) state.failures.splice(listed, 1);
        state.failures.push({ id: channel.id, error: r.error });
        log.warn({ channelId: channel.id, name: channel.name, error: r.error }, 'channel not indexed');
      }
      emit({
        kind: 'channel-done',
        id: channel.id,
        name: channel.name,
        fetched: r.fetched,
        inserted: r.inserted,
        edited: r.edited,
        deleted: r.deleted,
        ...(r.gone ? { gone: true } : {}),
        ...(r.error === undefined ? {} : { error: r.error }),
      });
    };
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (state.signal.aborted) throw new StoppedError();
        await crawlOne(next);
      }
    };
    const results = await Promise.allSettled(
      Array.from({ length: Math.max(1, Math.min(tuning.channelConcurrency, queue.length)) }, worker),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return found.targets.length;
  }

  async function importRows(file: string, state: RunState): Promise<number> {
    const { header, messages } = await openChatExport(file);
    const channel = exportChannel(header);
    insertChannelIfMissing(db, channel);
    emit({ kind: 'channels', total: 1, skipped: 0 });
    emit({ kind: 'channel-start', id: channel.id, name: channel.name });
    const done = { fetched: 0, inserted: 0, edited: 0, skipped: 0 };
    let maxId: bigint | undefined;
    let batch: NewMessageRow[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      const r = upsertMessages(db, batch);
      batch = [];
      count(state, 'new', r.inserted);
      count(state, 'edited', r.edited);
      done.inserted += r.inserted;
      done.edited += r.edited;
      if (r.inserted + r.edited > 0) state.drainer.wake();
    };
    let sinceFlush = 0;
    for await (const m of messages) {
      done.fetched++;
      sinceFlush++;
      const row = exportMessageRow(m, header, deps.botUserId);
      if (typeof m?.id === 'string' && /^\d{1,20}$/.test(m.id)) {
        const n = BigInt(m.id);
        if (maxId === undefined || n > maxId) maxId = n;
      }
      if (row === undefined) done.skipped++;
      else batch.push(row);
      if (batch.length >= 500) flush();
      if (sinceFlush >= 500) {
        sinceFlush = 0;
        emit({ kind: 'channel-page', id: channel.id, name: channel.name, fetched: 500 });
        // Let the embed stage run between batches; stop at this safe point when asked.
        await new Promise((r) => setImmediate(r));
        if (state.signal.aborted) throw new StoppedError();
      }
    }
    flush();
    // Only now that every message is stored: a later live run continues after the export.
    if (maxId !== undefined) advanceCursor(db, channel.id, maxId.toString());
    if (done.skipped > 0)
      log.info({ skipped: done.skipped }, 'export entries not stored (system notices, own or malformed)');
    emit({
      kind: 'channel-done',
      id: channel.id,
      name: channel.name,
      fetched: done.fetched,
      inserted: done.inserted,
      edited: done.edited,
      deleted: 0,
    });
    return 1;
  }

  return {
    run: (opts = {}) => execute('discord', opts.signal, crawlAll),
    importFile: (file, opts = {}) =>
      execute('import', opts.signal, async (state) => {
        try {
          return await importRows(file, state);
        } catch (err) {
          if (endsRun(err)) throw err;
          throw new FatalRunError(`cannot import ${file}: ${runErrorMessage(err)}`, { cause: err });
        }
      }),
    get running() {
      return running;
    },
  };
}
