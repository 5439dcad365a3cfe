import path from 'node:path';
import type { Clock } from '../async';
import type { Settings } from '../config';
import { checkAll } from '../health';
import { HELP_STATS_DAYS } from '../help/status';
import { createApp } from '../http/app';
import { importPublicKey } from '../http/verify';
import { createOllamaPool } from '../llm/hosts';
import type { Logger } from '../log';
import { aggregatedMetrics, type Metrics } from '../metrics';
import type { JobKind } from '../queue/types';
import type { Database } from '../store/open';
import { findRunningLocalChroma } from '../vector/local-server';
import { admissionPolicy, healthDeps } from './common';

/** Each /health check's own limit: the whole answer stays under 2 s. */
export const HEALTH_CHECK_MS = 1500;

export interface EndpointOptions {
  db: Database;
  /** The Chroma server's URL, or how to find it (it may be starting, or started by another process). */
  chromaUrl: string | undefined | (() => Promise<string | undefined>);
  log: Logger;
  /** This process's (or thread's) metrics, with the queue gauges refreshed at scrape time. */
  metrics: Metrics;
  clock: Clock;
  /** Serve POST /interactions (ROLE all and endpoint) or only /health and /metrics (ROLE worker). */
  interactions: boolean;
  /** A job was queued (ROLE=all wakes its worker thread). */
  onQueued?: (kind: JobKind) => void;
  /** Metrics of the other threads of this process (one prom-client JSON array each), merged into /metrics. */
  moreMetrics?: () => Promise<unknown[][]>;
}

/**
 * The HTTP app of a process: Discord's interactions endpoint (the acknowledgement path: verify,
 * record the job, answer), /health and /metrics.
 */
export async function createEndpointApp(settings: Settings, opts: EndpointOptions) {
  const { db, log, metrics, clock } = opts;
  const policy = admissionPolicy(settings);
  // Without CHROMA_URL, the local Chroma of a worker on the same DATA_DIR may start after this process.
  const localChroma = path.join(settings.dataDir, 'chroma');
  const given = opts.chromaUrl;
  const chroma = async () =>
    (typeof given === 'function' ? await given() : given) ?? (await findRunningLocalChroma(localChroma))?.url;
  const health = healthDeps(db, chroma, createOllamaPool(settings.ollama));
  let interactions: Parameters<typeof createApp>[0]['interactions'];
  if (opts.interactions) {
    const publicKey = settings.discord.publicKey;
    if (publicKey === undefined)
      throw new Error('DISCORD_PUBLIC_KEY is required for the interactions endpoint.');
    interactions = {
      publicKey: await importPublicKey(publicKey),
      ack: {
        queue: db.queue,
        policy,
        clock,
        log,
        metrics,
        ...(opts.onQueued ? { onQueued: opts.onQueued } : {}),
      },
    };
  }
  return createApp({
    interactions,
    log,
    async health() {
      const { database, chroma, ollama, ollamaState } = await checkAll(health, HEALTH_CHECK_MS);
      return {
        checks: { database, chroma, ollama },
        ollamaHosts: ollamaState.hosts.map((h) => ({
          url: h.url,
          reachable: h.reachable,
          models: h.models,
          ...(h.version ? { version: h.version } : {}),
        })),
      };
    },
    async metrics() {
      // Figures shared by every process come from the database, read at scrape time.
      try {
        const now = clock.now();
        const [q, run, stored, help] = await Promise.all([
          db.queue.stats(policy),
          db.store.runs.last(),
          db.store.messages.countAllIndexed(),
          db.store.help.stats(undefined, now - HELP_STATS_DAYS * 86_400_000),
        ]);
        metrics.queueDepth.set(q.waiting);
        metrics.queueOldestWait.set(q.oldestWaitMs / 1000);
        metrics.queueExpectedWait.set(Number.isFinite(q.expectedWaitMs) ? q.expectedWaitMs / 1000 : -1);
        metrics.workers.set({ state: 'alive' }, q.workers);
        metrics.workers.set({ state: 'slots' }, q.slots);
        metrics.workers.set({ state: 'busy' }, q.running);
        if (run?.finishedAt) metrics.lastIndexRun.set(run.finishedAt / 1000);
        metrics.messagesStored.set(stored);
        metrics.helpPosts.set({ state: 'watched' }, help.watched);
        metrics.helpPosts.set({ state: 'answered' }, help.answered);
        metrics.helpPosts.set({ state: 'left' }, help.left);
        metrics.helpPosts.set({ state: 'handed_off' }, help.handedOff);
        metrics.helpPosts.set({ state: 'solved' }, help.solved);
      } catch (err) {
        log.warn({ err: String(err) }, 'metrics: could not read the database');
      }
      return aggregatedMetrics(metrics, (await opts.moreMetrics?.()) ?? []);
    },
  });
}
