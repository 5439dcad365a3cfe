import type { Clock } from '../async';
import type { Settings } from '../config';
import { createIndexer } from '../indexer/indexer';
import { type IndexSchedule, scheduleIndexRuns } from '../indexer/schedule';
import { indexerSettings, offlineBotUserId } from '../indexer/wiring';
import { type InsightsWorker, startInsights } from '../insights/worker';
import { runJob } from '../jobs/run';
import { onTokenizerLoaded } from '../llm/tokens';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Database } from '../store/open';
import { startWatcher, type Watcher } from '../watcher/watcher';
import { createWorkerRuntime, type WorkerRuntime } from './runtime';
import { createWorker, type Worker } from './worker';

/** The answering side of a process: the worker, the help-channel watcher and the index schedule. */
export interface WorkerRole {
  worker: Worker;
  runtime: WorkerRuntime;
  /** The help-channel watcher; undefined without a bot token. */
  watcher: Watcher | undefined;
  /** Insights' grouper and weekly digest (issue 21). */
  insights: InsightsWorker;
  /** Lets jobs in flight end within `graceMs` (the rest go back in line), stops the schedule at a safe point. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Starts answering queued interactions (`ASK_CONCURRENCY` answers at once), watches the servers'
 * help channels every WATCH_INTERVAL_SECONDS (with a bot token) and, when INDEX_CRON or
 * INDEX_FULL_CRON is set, runs the indexer on its schedule. Used by a ROLE=worker process and by
 * the worker thread of ROLE=all.
 */
export async function startWorkerRole(
  settings: Settings,
  db: Database,
  opts: { chromaUrl: string; log: Logger; metrics: Metrics; clock: Clock },
): Promise<WorkerRole> {
  const { log, metrics, clock } = opts;
  const runtime = await createWorkerRuntime(settings, db, opts);
  // The prompt tokenizer's vocabulary (Llama 3's: ~0.35 s and ~85 MiB) loads on the first question
  // that needs a count, once per process or thread, not at start: a worker that is never asked
  // never holds it. The worker is ready as soon as it claims jobs; the first answer pays the load,
  // and the log says so when it happens.
  onTokenizerLoaded((tokenizer, ms) =>
    log.info({ ms: Math.round(ms), tokenizer, model: settings.ollama.chatModel }, 'prompt tokenizer loaded'),
  );
  const worker = createWorker({
    queue: db.queue,
    slots: settings.ask.concurrency,
    clock,
    log,
    run: (job, signal, saveState) => runJob(runtime.jobs, { job, signal, saveState }),
    onBusy: (n) => metrics.activeAnswers.set(n),
  });
  worker.start();

  const controller = new AbortController();
  let schedule: IndexSchedule | undefined;
  const { cron, fullCron } = settings.index;
  if ((cron !== undefined || fullCron !== undefined) && settings.discord.botToken === undefined) {
    log.warn(
      'INDEX_CRON / INDEX_FULL_CRON are set but DISCORD_BOT_TOKEN is not: the scheduled indexer is disabled',
    );
  } else if (cron !== undefined || fullCron !== undefined) {
    const indexer = createIndexer({
      store: db.store,
      rest: runtime.rest,
      embedder: runtime.raw.embedder,
      vectors: runtime.raw.vectors,
      clock,
      log: log.child({ component: 'indexer' }),
      metrics,
      botUserId: offlineBotUserId(settings) ?? '',
      settings: indexerSettings(settings),
    });
    schedule = scheduleIndexRuns({
      cron,
      fullCron,
      run: (kind) => indexer.run({ signal: controller.signal, full: kind === 'full' }),
      log,
    });
    const next = schedule.nextRuns();
    log.info(
      { cron, fullCron, next: next.incremental?.toISOString(), nextFull: next.full?.toISOString() },
      'indexer scheduled',
    );
  }
  // The help-channel watcher (issue 19): on its own schedule wherever the worker role runs; the
  // store's poll leases keep every process from polling the same channel twice.
  let watcher: Watcher | undefined;
  const channels = runtime.jobs.help.channels;
  if (channels === undefined) {
    log.info('help channel watcher disabled: DISCORD_BOT_TOKEN is not set');
  } else {
    watcher = startWatcher({
      store: db.store,
      queue: db.queue,
      client: channels,
      clock,
      log: log.child({ component: 'watcher' }),
      metrics,
      botUserId: runtime.jobs.help.botUserId,
      intervalMs: settings.help.watchIntervalMs,
      owner: worker.id,
    });
  }
  // Insights (issue 21): questions grouped into topics as they are recorded; the weekly digest.
  const insights = startInsights({
    store: db.store,
    queue: db.queue,
    embedder: runtime.jobs.pipeline.embedder,
    rest: settings.discord.botToken === undefined ? undefined : runtime.rest,
    directory: runtime.jobs.directory,
    clock,
    log,
    owner: worker.id,
    metrics,
    digestCron: settings.insights.digestCron,
    topicSimilarity: settings.insights.topicSimilarity,
  });
  runtime.jobs.insights = insights;
  return {
    worker,
    runtime,
    watcher,
    insights,
    async stop(graceMs) {
      // The run going (if any) stops at its next safe point and records itself as stopped.
      controller.abort(new Error('stopped'));
      await Promise.all([worker.stop(graceMs), schedule?.stop(), watcher?.stop(), insights.stop()]);
    },
  };
}
