import type { REST } from '@discordjs/rest';
import type { Clock } from '../async';
import { msToSnowflake } from '../discord/snowflake';
import { AppError } from '../errors';
import { expireQuestions } from '../insights/topics';
import type { Embedder } from '../llm/embedder';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { NewMessage, RunSource, RunTotals, Store } from '../store/types';
import { clause, countOf, formatCount } from '../text/counts';
import type { VectorIndex } from '../vector/store';
import {
  ChatExportError,
  checkChatExport,
  exportChannel,
  exportMessageRow,
  openChatExport,
} from './chat-exporter';
import { type CrawlContext, crawlChannel, type PageResult } from './crawl';
import { type CrawlTarget, discover } from './discovery';
import {
  endsRun,
  FatalRunError,
  isEmbedUnavailable,
  runErrorMessage,
  StoppedError,
  untilStopped,
} from './failures';
import type { ProgressEvent, RunSummary } from './reports';
import {
  type Drainer,
  finishCollections,
  prepareCollections,
  resetCollections,
  type SyncContext,
  startDrainer,
} from './sync';
import { createTargetQueue, type TargetQueue } from './target-queue';

export type { ProgressEvent, RunSummary } from './reports';
export type { SkippedMessage } from './sync';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Rows whose keyword words one statement fills in (refreshKeywordWords). */
const KEYWORD_REFRESH_SLICE = 2000;

/** A full run's progress value of a channel it re-read to the end. */
const DONE = 'done';

/** The indexer's part of the settings (see `indexerSettings` in wiring.ts). */
export interface IndexerSettings {
  guildIds: string[];
  channelIds: string[];
  /** INDEX_RESCAN_HOURS: how far back an incremental run re-reads for edits and deletions. */
  rescanHours: number;
  /** INDEX_RETENTION_DAYS: older messages are removed at every run and never stored; undefined keeps all. */
  retentionDays?: number | undefined;
  embedBatchSize: number;
  embedModel: string;
}

export interface IndexerDeps {
  store: Store;
  rest: REST;
  embedder: Embedder;
  vectors: VectorIndex;
  clock: Clock;
  log: Logger;
  metrics?: Metrics | undefined;
  /** Messages of this user (the bot itself) are never stored or embedded. */
  botUserId: string;
  settings: IndexerSettings;
  progress?: ((e: ProgressEvent) => void) | undefined;
  /** Knobs with defaults that suit production; tests shorten the waits. */
  tuning?: {
    /** First wait before retrying a transient Discord, Ollama or Chroma failure (doubles each time). Default 1000. */
    retryBaseMs?: number;
    /** Channels crawled at once. Default 4. */
    channelConcurrency?: number;
    /** Embed-and-upsert loops running beside the crawl. Default 2. */
    syncWorkers?: number;
    /** Lock heartbeat period and staleness (SQLite). Defaults 5 s and 60 s. */
    lockHeartbeatMs?: number;
    lockStaleMs?: number;
  };
}

export interface Indexer {
  /**
   * One crawl of the configured guilds or channels; `full` re-reads every channel's whole history
   * (deletions and edits of any age). The summary says how it went; only a broken store rejects.
   */
  run(opts?: { signal?: AbortSignal | undefined; full?: boolean | undefined }): Promise<RunSummary>;
  /** The same pipeline fed from a DiscordChatExporter JSON export; calls no Discord route. */
  importFile(file: string, opts?: { signal?: AbortSignal | undefined }): Promise<RunSummary>;
  /**
   * One run over several exports (a whole server's, one file per channel): every file is read
   * through first, and when any cannot be imported nothing is; then they are imported in turn.
   */
  importFiles(files: readonly string[], opts?: { signal?: AbortSignal | undefined }): Promise<RunSummary>;
  /** Embeds what is stored but not embedded yet (Ollama was away); calls no Discord route. */
  embedPending(opts?: { signal?: AbortSignal | undefined }): Promise<RunSummary>;
  /**
   * Drops this embedding model's collections and embeds every stored message again into fresh
   * ones, from the store (no Discord call): after the model changed its vectors' dimension under
   * the same name (`npm run index -- --reembed`).
   */
  reembed(opts?: { signal?: AbortSignal | undefined }): Promise<RunSummary>;
  readonly running: boolean;
}

interface RunState {
  runId: number;
  source: RunSource;
  signal: AbortSignal;
  totals: RunTotals & { read: number; pages: number; optedOut: number; expired: number; wiped: number };
  failures: { id: string; error: string }[];
  unreachable: { guildId: string; error: string }[];
  drainer: Drainer | undefined;
  /** Why the embed stage is not running (Ollama or Chroma down), once it is known. */
  embedBlocked: string | undefined;
  /** The model's vectors no longer fit the index: only a --reembed run embeds what is pending. */
  needsReembed: boolean;
  /** Messages each guild's crawl found deleted (a full run records them). */
  deletedByGuild: Map<string, number>;
  /** Guilds whose channels were listed (a full run records its end for them). */
  reachableGuilds: string[];
  /** Guilds the run read, with their names ('' when unknown), for the summary. */
  guilds: Map<string, string>;
  /** Set once the produce step finished without a stop: a full run may then close its cycle. */
  completed: boolean;
}

/**
 * The indexer: discovery → per-channel crawl into the store (the source of truth) → the embed
 * stage draining the store's outbox into Chroma, all overlapping. One run at a time across every
 * process sharing the store (`store.runs.acquireLock`). Messages are stored even when Ollama or
 * Chroma is down; a later run embeds them.
 */
export function createIndexer(deps: IndexerDeps): Indexer {
  const { store, clock, log } = deps;
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
    store,
    embedder: deps.embedder,
    vectors: deps.vectors,
    log,
    metrics: deps.metrics,
    embedBatchSize: deps.settings.embedBatchSize,
    embedModel: deps.settings.embedModel,
    retryBaseMs: tuning.retryBaseMs,
    now: () => clock.now(),
  };

  const emptySummary = (source: RunSource, status: RunSummary['status'], error: string): RunSummary => ({
    runId: 0,
    source,
    status,
    channels: 0,
    messagesNew: 0,
    messagesEdited: 0,
    messagesDeleted: 0,
    messagesEmbedded: 0,
    messagesRead: 0,
    pages: 0,
    messagesOptedOut: 0,
    messagesExpired: 0,
    messagesWiped: 0,
    skippedMessages: [],
    failedChannels: [],
    unreachableGuilds: [],
    seconds: 0,
    error,
  });

  /** Retention's cutoff (unix ms) for a run starting at `now`, if any. */
  const keepFrom = (now: number): number | undefined =>
    deps.settings.retentionDays === undefined ? undefined : now - deps.settings.retentionDays * DAY_MS;

  /** Lock, run row, retention, collection preparation, embed stage and summary around one source of messages. */
  async function execute(
    source: RunSource,
    userSignal: AbortSignal | undefined,
    produce: (state: RunState) => Promise<number>,
  ): Promise<RunSummary> {
    const started = clock.now();
    if (running) {
      log.info('an index run is already going in this process; skipped');
      return emptySummary(source, 'skipped', 'an index run is already going in this process');
    }
    running = true;
    try {
      const got = await store.runs.acquireLock({
        ...(deps.tuning?.lockHeartbeatMs === undefined ? {} : { heartbeatMs: deps.tuning.lockHeartbeatMs }),
        ...(deps.tuning?.lockStaleMs === undefined ? {} : { staleMs: deps.tuning.lockStaleMs }),
      });
      if ('busy' in got) {
        const h = got.busy;
        const why = `another index run is in progress (pid ${h.pid} on ${h.host}, started ${new Date(h.startedAt).toISOString()})`;
        log.info({ holder: h }, 'index run skipped: another run holds the lock');
        return emptySummary(source, 'skipped', why);
      }
      const lock = got.lock;
      try {
        return await runLocked(source, userSignal, produce, started, lock.lost, got.replaced);
      } finally {
        await lock.release();
      }
    } finally {
      running = false;
    }
  }

  async function runLocked(
    source: RunSource,
    userSignal: AbortSignal | undefined,
    produce: (state: RunState) => Promise<number>,
    started: number,
    lost: AbortSignal,
    replaced: { pid: number; host: string } | undefined,
  ): Promise<RunSummary> {
    const internal = new AbortController();
    const signal = AbortSignal.any(userSignal ? [userSignal, internal.signal] : [internal.signal]);
    let fatal: unknown;
    const fail = (err: unknown) => {
      fatal ??= err;
      internal.abort();
    };
    const onLost = () =>
      fail(new FatalRunError('another index run took over the lock (this run was thought dead)'));
    if (lost.aborted) onLost();
    else lost.addEventListener('abort', onLost, { once: true });

    await store.runs.closeAbandoned(started);
    const runId = await store.runs.start(started, source);
    emit({ kind: 'start', runId, source });
    if (replaced) {
      const message = `took over the lock of an index run that is gone (pid ${replaced.pid} on ${replaced.host})`;
      log.warn({ holder: replaced }, message);
      emit({ kind: 'note', message });
    }
    const state: RunState = {
      runId,
      source,
      signal,
      totals: {
        channels: 0,
        messagesNew: 0,
        messagesEdited: 0,
        messagesDeleted: 0,
        messagesEmbedded: 0,
        read: 0,
        pages: 0,
        optedOut: 0,
        expired: 0,
        wiped: 0,
      },
      failures: [],
      unreachable: [],
      drainer: undefined,
      embedBlocked: undefined,
      needsReembed: false,
      deletedByGuild: new Map(),
      reachableGuilds: [],
      guilds: new Map(),
      completed: false,
    };
    const { totals } = state;
    let status: RunSummary['status'] = 'ok';
    let error: string | undefined;
    let pending = 0;
    try {
      const cutoff = keepFrom(started);
      if (cutoff !== undefined) {
        totals.expired = await store.messages.expireBefore(cutoff, started);
        // Questions asked before the cutoff leave insights too (issue 21).
        await expireQuestions(store, cutoff, started);
        if (totals.expired > 0) {
          const message = `${countOf(totals.expired, 'message')} older than ${deps.settings.retentionDays} days (INDEX_RETENTION_DAYS) removed from the index`;
          log.info({ expired: totals.expired }, message);
          emit({ kind: 'note', message });
        }
      }

      await refreshKeywordWords(signal);

      if (state.source === 'reembed') {
        const reset = await untilStopped(resetCollections(syncContext), signal);
        const message = `re-embedding ${countOf(reset.messages, 'stored message')} with ${deps.settings.embedModel} into fresh collections of ${countOf(reset.guilds, 'guild')}`;
        log.info(reset, message);
        emit({ kind: 'note', message });
      }
      let dimension: number | undefined;
      try {
        // Its first embedding (the dimension probe) has no signal of its own: a stop does not wait for it.
        const prepared = await untilStopped(prepareCollections(syncContext), signal);
        dimension = prepared.dimension;
        for (const message of prepared.notes) {
          log.info(message);
          emit({ kind: 'note', message });
        }
      } catch (err) {
        if (!isEmbedUnavailable(err)) throw err;
        blockEmbedding(state, err);
      }
      if (dimension !== undefined) state.drainer = startEmbedding(state, fail);

      try {
        totals.channels = await produce(state);
        state.completed = !signal.aborted && fatal === undefined;
      } catch (err) {
        fail(err);
      }
      // A failure of the embed stage may come after the crawl ended: only a clean end closes the cycle.
      if (state.completed && fatal === undefined && source === 'full') await closeFullCycle(state);
      if (state.drainer) {
        state.drainer.finish();
        // Its failure was handled where it happened; on a stop, an embedding call in flight (it cannot
        // be cancelled) is not waited for: what it would have marked stays in the outbox.
        await untilStopped(state.drainer.done, signal).catch(() => {});
        totals.messagesEmbedded = state.drainer.embedded;
      }
      pending = await store.outbox.pending();
      emit({ kind: 'embedded', embedded: totals.messagesEmbedded, pending });
      if (fatal !== undefined && !(fatal instanceof StoppedError)) throw fatal;
      if (signal.aborted || fatal !== undefined) throw new StoppedError();
      if (dimension !== undefined && state.embedBlocked === undefined)
        await finishCollections(syncContext, dimension);
      const skipped = state.drainer?.skipped ?? [];
      const gaps = [
        // Ollama or Chroma away with nothing left to embed is no gap in the index.
        state.embedBlocked === undefined || pending === 0
          ? ''
          : `embedding pending for ${countOf(pending, 'message')}: ${clause(state.embedBlocked)}`,
        state.unreachable.length > 0
          ? `bot no longer in guild ${state.unreachable.map((u) => u.guildId).join(', ')}`
          : '',
        state.failures.length > 0 ? `${countOf(state.failures.length, 'channel')} not indexed` : '',
        skipped.length > 0 ? `${countOf(skipped.length, 'message')} not embedded` : '',
      ].filter(Boolean);
      if (gaps.length > 0) {
        status = 'partial';
        error = gaps.join('; ');
      }
    } catch (err) {
      // Whatever failed, the embed stage stops before the run is closed.
      internal.abort();
      state.drainer?.finish();
      if (state.drainer) await untilStopped(state.drainer.done, signal).catch(() => {});
      status = 'failed';
      error = runErrorMessage(err);
      // The caller reports the failure (the CLI's last line, the scheduler's error log).
      if (!(err instanceof StoppedError)) log.warn({ err }, 'index run failed');
      totals.messagesEmbedded = state.drainer?.embedded ?? totals.messagesEmbedded;
    } finally {
      lost.removeEventListener('abort', onLost);
    }
    const finished = clock.now();
    await store.runs.finish(runId, {
      channels: totals.channels,
      messagesNew: totals.messagesNew,
      messagesEdited: totals.messagesEdited,
      messagesDeleted: totals.messagesDeleted,
      messagesEmbedded: totals.messagesEmbedded,
      finishedAt: finished,
      status,
      error: error ?? null,
    });
    deps.metrics?.indexRuns.inc({ status });
    deps.metrics?.lastIndexRun.set(finished / 1000);
    const summary: RunSummary = {
      runId,
      source,
      status,
      channels: totals.channels,
      messagesNew: totals.messagesNew,
      messagesEdited: totals.messagesEdited,
      messagesDeleted: totals.messagesDeleted,
      messagesEmbedded: totals.messagesEmbedded,
      messagesRead: totals.read,
      pages: totals.pages,
      messagesOptedOut: totals.optedOut,
      messagesExpired: totals.expired,
      messagesWiped: totals.wiped,
      ...(state.embedBlocked === undefined || status === 'failed'
        ? {}
        : pending > 0
          ? {
              embedPending: {
                messages: pending,
                reason: state.embedBlocked,
                ...(state.needsReembed ? { reembed: true } : {}),
              },
            }
          : { embedUnavailable: state.embedBlocked }),
      guilds: [...state.guilds].map(([id, name]) => ({ id, name })),
      skippedMessages: [...(state.drainer?.skipped ?? [])],
      failedChannels: state.failures,
      unreachableGuilds: state.unreachable,
      seconds: (finished - started) / 1000,
      ...(error === undefined ? {} : { error }),
    };
    log.info({ summary }, 'index run finished');
    return summary;
  }

  /**
   * Rows stored by a version that did not keep their keyword words (`search_text`, before
   * migrations/0009) get them, in slices, so that keyword search finds them across scripts; a
   * no-op (one indexed read) once done.
   */
  async function refreshKeywordWords(signal: AbortSignal): Promise<void> {
    let done = 0;
    for (;;) {
      if (signal.aborted) throw new StoppedError();
      const n = await store.messages.refreshSearchText(KEYWORD_REFRESH_SLICE);
      done += n;
      if (n === 0) break;
    }
    if (done > 0) {
      const message = `keyword index: words of ${countOf(done, 'message')} stored by an earlier version filled in`;
      log.info({ refreshed: done }, message);
      emit({ kind: 'note', message });
    }
  }

  /** Ollama or Chroma cannot embed: the run goes on storing, and says so once. */
  function blockEmbedding(state: RunState, err: unknown): void {
    // After a stop, a failure is the stop's doing (a local Chroma stopped with the process group),
    // and may come after the run's last line: not a finding of the run.
    if (state.embedBlocked !== undefined || state.signal.aborted) return;
    state.embedBlocked = runErrorMessage(err);
    state.needsReembed = err instanceof AppError && err.code === 'VECTOR_DIMENSION_MISMATCH';
    const message =
      state.source === 'embed' || state.needsReembed
        ? `cannot embed: ${clause(state.embedBlocked)}`
        : `embedding skipped: ${clause(state.embedBlocked)}; the run goes on storing messages`;
    log.warn({ err }, message);
    emit({ kind: 'note', message });
  }

  function startEmbedding(state: RunState, fail: (err: unknown) => void): Drainer {
    let lastPending = Number.NEGATIVE_INFINITY;
    const drainer = startDrainer(syncContext, {
      workers: tuning.syncWorkers,
      signal: state.signal,
      onBatch(embedded) {
        if (state.signal.aborted) return; // the run may have printed its last line
        const t = clock.now();
        if (t - lastPending < 250) return;
        lastPending = t;
        store.outbox.pending().then(
          (pending) => emit({ kind: 'embedded', embedded, pending }),
          () => {},
        );
      },
    });
    // Ollama or Chroma going down mid-run stops the embedding, not the crawl.
    drainer.done.catch((err: unknown) => (isEmbedUnavailable(err) ? blockEmbedding(state, err) : fail(err)));
    return drainer;
  }

  /**
   * The end of a full run that read every channel: deleted messages lose their text (tombstones
   * stay, so an import cannot bring them back; their vectors leave Chroma through the outbox), each
   * reachable guild records the run, and the next full run starts from the beginning again.
   */
  async function closeFullCycle(state: RunState): Promise<void> {
    const at = clock.now();
    state.totals.wiped = await store.messages.wipeDeletedText(at);
    state.drainer?.wake();
    for (const guildId of state.reachableGuilds)
      await store.guilds.recordFullRun(guildId, at, state.deletedByGuild.get(guildId) ?? 0);
    await store.runs.clearFullProgress();
  }

  const count = (state: RunState, guildId: string, page: PageResult) => {
    const t = state.totals;
    t.read += page.fetched;
    t.messagesNew += page.inserted;
    t.messagesEdited += page.edited;
    t.messagesDeleted += page.deleted;
    t.optedOut += page.optedOut;
    if (page.deleted > 0)
      state.deletedByGuild.set(guildId, (state.deletedByGuild.get(guildId) ?? 0) + page.deleted);
    if (page.inserted > 0) deps.metrics?.messagesIndexed.inc({ change: 'new' }, page.inserted);
    if (page.edited > 0) deps.metrics?.messagesIndexed.inc({ change: 'edited' }, page.edited);
    if (page.deleted > 0) deps.metrics?.messagesIndexed.inc({ change: 'deleted' }, page.deleted);
    if (page.inserted + page.edited + page.deleted > 0) state.drainer?.wake();
  };

  /** Records which guilds the bot lost (and found again), once per change. */
  async function recordReachability(
    state: RunState,
    reachable: string[],
    unreachable: { guildId: string; error: string }[],
  ): Promise<void> {
    const now = clock.now();
    for (const u of unreachable) {
      state.unreachable.push(u);
      const known = await store.guilds.get(u.guildId);
      // The first time it was found unreachable stays: /status says since when.
      if (known.unreachableAt === null) await store.guilds.setUnreachable(u.guildId, now, u.error);
      log.warn(u, 'guild unreachable: the bot is no longer in it');
    }
    for (const guildId of reachable) {
      const known = await store.guilds.get(guildId);
      if (known.unreachableAt === null) continue;
      await store.guilds.setUnreachable(guildId, null, null);
      const message = `guild ${guildId} is reachable again`;
      log.info({ guildId }, message);
      emit({ kind: 'note', message });
    }
  }

  /**
   * Lists the configured guilds' channels and threads into the crawl's `queue` as discovery finds
   * them, each batch's channel rows recorded first (the /ask path reads a thread's parent from its
   * row: a row comes before any of its messages). Then records what only the whole listing tells:
   * guild names and reachability, listing failures, and the `channels` progress event with the
   * total. Resolves to the number of channels and threads to crawl.
   */
  async function listTargets(
    state: RunState,
    queue: TargetQueue<CrawlTarget>,
    rescanFromMs: number,
  ): Promise<number> {
    const found = await discover(
      {
        botUserId: deps.botUserId,
        store,
        rest: deps.rest,
        log,
        signal: state.signal,
        guildIds: deps.settings.guildIds,
        channelIds: deps.settings.channelIds,
        rescanFromMs,
        full: state.source === 'full',
        retryBaseMs: tuning.retryBaseMs,
      },
      async (targets, channels) => {
        await store.channels.upsert(channels);
        queue.push(...targets);
      },
    );
    if (found.reachableGuilds.length === 0 && found.targets.length === 0 && found.failures.length > 0) {
      // Not one guild or channel could be listed: Discord itself is out of reach (or failing).
      const first = found.failures[0]?.error ?? 'no answer';
      throw new FatalRunError(
        `could not reach Discord (${first}); nothing was read: check the network and DISCORD_API_URL, then run again`,
      );
    }
    state.reachableGuilds = found.reachableGuilds;
    for (const guildId of found.reachableGuilds) {
      const name = found.guildNames.get(guildId) ?? '';
      state.guilds.set(guildId, name);
      await store.guilds.setName(guildId, name, 'crawl');
    }
    await recordReachability(state, found.reachableGuilds, found.unreachableGuilds);
    // Listing failures come first, as when the crawl waited for the listing; a channel whose crawl
    // already failed keeps the crawl's entry (one entry per channel, see crawlOne).
    const crawlFailed = new Set(state.failures.map((f) => f.id));
    state.failures.unshift(...found.failures.filter((f) => !crawlFailed.has(f.id)));
    for (const f of found.failures) log.warn(f, 'could not list channels');
    emit({ kind: 'channels', total: found.targets.length, skipped: found.skippedArchived });
    return found.targets.length;
  }

  /**
   * Lists the configured guilds and crawls what it finds at the same time: the crawl of the text
   * channels starts as soon as a guild's channels are listed, while its threads are still being
   * listed (both share Discord's global rate limit, and make the same requests as one after the
   * other). Resolves to the number of channels and threads crawled.
   */
  async function crawlAll(state: RunState): Promise<number> {
    const full = state.source === 'full';
    const now = clock.now();
    const rescanFromMs = now - deps.settings.rescanHours * HOUR_MS;
    const rescanFrom = msToSnowflake(rescanFromMs);
    const cutoff = keepFrom(now);
    const keep = cutoff === undefined ? undefined : msToSnowflake(cutoff);

    const progress = full ? await store.runs.fullProgress() : new Map<string, string>();
    if (full && progress.size > 0) {
      const done = [...progress.values()].filter((v) => v === DONE).length;
      const message = `resuming the full run that stopped: ${countOf(done, 'channel')} done, ${formatCount(progress.size - done)} part-way`;
      log.info(message);
      emit({ kind: 'note', message });
    }

    /** Where a channel's crawl starts (exclusive), and whether it re-reads history as a full run. */
    const startOf = async (c: CrawlTarget): Promise<{ from: string; whole: boolean }> => {
      const position = progress.get(c.id);
      let from: string;
      let whole = false;
      if (full && position !== DONE) {
        from = position ?? '0';
        whole = true;
      } else {
        const cursor = (await store.channels.get(c.id))?.lastMessageId ?? null;
        from = cursor === null ? '0' : BigInt(rescanFrom) < BigInt(cursor) ? rescanFrom : cursor;
      }
      if (keep !== undefined && BigInt(keep) > BigInt(from)) from = keep;
      return { from, whole };
    };

    // A listing failure that ends the run stops the crawl too (the workers then say "stopped").
    const stop = new AbortController();
    const signal = AbortSignal.any([state.signal, stop.signal]);
    const ctx: CrawlContext = {
      store,
      rest: deps.rest,
      botUserId: deps.botUserId,
      signal,
      keepFromMs: cutoff,
      retryBaseMs: tuning.retryBaseMs,
      now: () => clock.now(),
      onPage: (c, page) => {
        count(state, c.guildId, page);
        emit({ kind: 'channel-page', id: c.id, name: c.name, fetched: page.fetched });
      },
    };
    const saveProgress = (channelId: string, position: string) =>
      store.runs.saveFullProgress(channelId, position, clock.now());

    const crawlOne = async (channel: CrawlTarget) => {
      emit({ kind: 'channel-start', id: channel.id, name: channel.name });
      const { from, whole } = await startOf(channel);
      const r = await crawlChannel(whole ? { ...ctx, savePosition: saveProgress } : ctx, channel, from);
      state.totals.pages += r.pages;
      if (!r.gone)
        await store.channels.setCrawlResult(channel.id, { crawledAt: clock.now(), error: r.error ?? null });
      if (whole && r.error === undefined) await saveProgress(channel.id, DONE);
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
    // Discovery fills the queue while the workers crawl from it; they wait for more until it is done.
    const queue = createTargetQueue<CrawlTarget>();
    let total = 0;
    const listing = listTargets(state, queue, rescanFromMs)
      .then((n) => {
        total = n;
      })
      .catch((err: unknown) => {
        stop.abort();
        throw err;
      })
      .finally(() => queue.close());
    const worker = async () => {
      for (let next = await queue.take(); next !== undefined; next = await queue.take()) {
        if (signal.aborted) throw new StoppedError();
        await crawlOne(next);
      }
    };
    const workers = Array.from({ length: Math.max(1, tuning.channelConcurrency) }, worker);
    // The listing's failure comes first: the workers it stopped only say "stopped".
    const results = await Promise.allSettled([listing, ...workers]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return total;
  }

  /** Imports one export file into the run; resolves to the channel it holds. */
  async function importRows(file: string, state: RunState): Promise<string> {
    const { header, messages } = await openChatExport(file);
    const channel = exportChannel(header);
    await store.channels.insertIfMissing(channel);
    const guildName = header.guild.name ?? '';
    if (!state.guilds.has(channel.guildId) || state.guilds.get(channel.guildId) === '')
      state.guilds.set(channel.guildId, guildName);
    await store.guilds.setName(channel.guildId, guildName, 'import');
    emit({ kind: 'channel-start', id: channel.id, name: channel.name });
    const cutoff = keepFrom(clock.now());
    const done = { fetched: 0, inserted: 0, edited: 0, deleted: 0, optedOut: 0, skipped: 0, stale: 0 };
    let maxId: bigint | undefined;
    let batch: NewMessage[] = [];
    let sinceFlush = 0;
    const flush = async () => {
      const rows = batch;
      batch = [];
      const fetched = sinceFlush;
      sinceFlush = 0;
      if (rows.length > 0) {
        const r = await store.messages.storePage({ rows, source: 'import' });
        done.inserted += r.inserted;
        done.edited += r.edited;
        done.optedOut += r.optedOut;
        done.stale += r.stale;
        count(state, channel.guildId, {
          fetched,
          inserted: r.inserted,
          edited: r.edited,
          deleted: 0,
          optedOut: r.optedOut,
        });
      } else {
        state.totals.read += fetched;
      }
      emit({ kind: 'channel-page', id: channel.id, name: channel.name, fetched });
    };
    for await (const m of messages) {
      done.fetched++;
      sinceFlush++;
      const row = exportMessageRow(m, header, deps.botUserId);
      if (typeof m?.id === 'string' && /^\d{1,20}$/.test(m.id)) {
        const n = BigInt(m.id);
        if (maxId === undefined || n > maxId) maxId = n;
      }
      if (row === undefined || (cutoff !== undefined && row.createdAt < cutoff)) done.skipped++;
      else batch.push(row);
      if (sinceFlush >= 500) {
        await flush();
        // Let the embed stage run between batches; stop at this safe point when asked.
        await new Promise((r) => setImmediate(r));
        if (state.signal.aborted) throw new StoppedError();
      }
    }
    await flush();
    // Only now that every message is stored: a later live run continues after the export.
    if (maxId !== undefined) await store.channels.advanceCursor(channel.id, maxId.toString());
    if (done.skipped > 0)
      log.info(
        { skipped: done.skipped },
        'export entries not stored (system notices, own, malformed or past retention)',
      );
    if (done.stale > 0)
      log.info({ stale: done.stale }, 'export entries older than what is stored (deleted, or edited since)');
    emit({
      kind: 'channel-done',
      id: channel.id,
      name: channel.name,
      fetched: done.fetched,
      inserted: done.inserted,
      edited: done.edited,
      deleted: 0,
    });
    return channel.id;
  }

  /** Imports `files` in turn in one run; a file that fails ends the run with a line naming it. */
  async function importAll(files: readonly string[], state: RunState): Promise<number> {
    emit({ kind: 'channels', total: files.length, skipped: 0 });
    const channels = new Set<string>();
    for (const [i, file] of files.entries()) {
      try {
        channels.add(await importRows(file, state));
      } catch (err) {
        if (endsRun(err)) throw err;
        const why =
          err instanceof ChatExportError ? err.message : `cannot import ${file}: ${runErrorMessage(err)}`;
        const before =
          i === 0
            ? ''
            : ` (the ${countOf(i, 'file')} before it are imported; running the same command again is safe)`;
        throw new FatalRunError(`${why}${before}`, { cause: err });
      }
    }
    return channels.size;
  }

  /** Checks the start of every file (exists, JSON, a server channel's export): every problem, or none. */
  async function checkAll(files: readonly string[]): Promise<string | undefined> {
    const problems: string[] = [];
    for (const file of files) {
      try {
        await checkChatExport(file);
      } catch (err) {
        if (!(err instanceof ChatExportError)) throw err;
        problems.push(err.message);
      }
    }
    if (problems.length === 0) return undefined;
    if (files.length === 1) return problems[0];
    return `${problems.length} of ${countOf(files.length, 'file')} cannot be imported, so none was: ${problems.join('; ')}`;
  }

  const importFiles: Indexer['importFiles'] = async (files, opts = {}) => {
    // The files are checked before anything else (lock, Ollama, Chroma): a wrong file gets its own line.
    const problem = await checkAll(files);
    if (problem !== undefined) return emptySummary('import', 'failed', problem);
    return execute('import', opts.signal, (state) => importAll(files, state));
  };

  return {
    run: (opts = {}) => execute(opts.full === true ? 'full' : 'discord', opts.signal, crawlAll),
    importFile: (file, opts = {}) => importFiles([file], opts),
    importFiles,
    embedPending: (opts = {}) => execute('embed', opts.signal, async () => 0),
    reembed: (opts = {}) => execute('reembed', opts.signal, async () => 0),
    get running() {
      return running;
    },
  };
}
