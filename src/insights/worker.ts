/**
 * Insights' part of the worker role (issue 21): the grouper (questions recorded, and those the
 * queue refused at the acknowledgement, put into topics in small batches) and the weekly digest on
 * INSIGHTS_DIGEST_CRON. Runs wherever the worker role runs (ROLE=all's worker thread, ROLE=worker);
 * the store's leases and claims keep several processes from doing the same work twice.
 */
import type { REST } from '@discordjs/rest';
import { Cron } from 'croner';
import type { GuildDirectory } from '../discord/guild-directory';
import { describeError } from '../errors';
import type { Embedder } from '../llm/embedder';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { JobQueue } from '../queue/types';
import type { Store } from '../store/types';
import { sendDigests } from './digest';
import { startGrouper } from './grouper';
import { refusedQuestion } from './record';

/** How often the grouper looks for new questions (it is also nudged when one is recorded). */
export const GROUP_INTERVAL_MS = 10_000;
/** How often a process looks for digests whose sender died (their claims are taken over). */
const DIGEST_CATCH_UP_MS = 15 * 60_000;

export interface InsightsWorker {
  /** A question was recorded: group it soon. */
  recorded(): void;
  /** Runs the digests now (what a cron tick does; `staleOnly`: only claims of dead senders); resolves with what it did. */
  digestNow(opts?: { staleOnly?: boolean }): Promise<Awaited<ReturnType<typeof sendDigests>> | undefined>;
  stop(): Promise<void>;
}

/**
 * Moves questions the queue refused (busy, the member's limit) into the store, then forgets them
 * there. A member who opted out (`/forget-me`) since is not recorded.
 */
export async function recordRefused(store: Store, queue: JobQueue, limit = 200): Promise<number> {
  const refused = await queue.refused(limit);
  let recorded = 0;
  for (const job of refused) {
    if (!(await store.members.isOptedOut(job.userId, job.guildId))) {
      await store.insights.record(refusedQuestion(job));
      recorded++;
    }
  }
  await queue.dropRefused(refused.map((j) => j.id));
  return recorded;
}

export function startInsights(deps: {
  store: Store;
  queue: JobQueue;
  embedder: Embedder;
  /** The bot-token REST client; undefined without DISCORD_BOT_TOKEN (no digest then). */
  rest: REST | undefined;
  directory: Pick<GuildDirectory, 'guild'>;
  clock: { now(): number };
  log: Logger;
  owner: string;
  metrics?: Metrics | undefined;
  digestCron: string | undefined;
  topicSimilarity: number;
  groupIntervalMs?: number;
}): InsightsWorker {
  const log = deps.log.child({ component: 'insights' });
  const grouper = startGrouper({
    store: deps.store,
    embedder: deps.embedder,
    clock: deps.clock,
    log,
    owner: deps.owner,
    similarity: deps.topicSimilarity,
    intervalMs: deps.groupIntervalMs ?? GROUP_INTERVAL_MS,
    before: async () => {
      const n = await recordRefused(deps.store, deps.queue);
      if (n > 0) log.debug({ questions: n }, 'refused questions recorded');
    },
  });
  let digestRunning: Promise<Awaited<ReturnType<typeof sendDigests>> | undefined> | undefined;
  const digestNow = (opts: { staleOnly?: boolean } = {}) => {
    const rest = deps.rest;
    if (rest === undefined) return Promise.resolve(undefined);
    // One round at a time in this process; across processes the store's claims decide.
    digestRunning ??= sendDigests(
      {
        store: deps.store,
        rest,
        directory: deps.directory,
        clock: deps.clock,
        log,
        owner: deps.owner,
        metrics: deps.metrics,
      },
      opts,
    )
      .catch((err) => {
        log.error({ err: describeError(err) }, 'weekly insights digest round failed');
        return undefined;
      })
      .finally(() => {
        digestRunning = undefined;
      });
    return digestRunning;
  };
  const jobs: Cron[] = [];
  if (deps.digestCron !== undefined && deps.rest === undefined) {
    log.info('weekly insights digest disabled: DISCORD_BOT_TOKEN is not set');
  } else if (deps.digestCron !== undefined) {
    jobs.push(new Cron(deps.digestCron, { protect: true }, () => void digestNow()));
    // A digest whose sender died mid-way is finished by whichever process looks next.
    jobs.push(
      new Cron(
        `*/${DIGEST_CATCH_UP_MS / 60_000} * * * *`,
        { protect: true },
        () => void digestNow({ staleOnly: true }),
      ),
    );
    log.info(
      { cron: deps.digestCron, next: jobs[0]?.nextRun()?.toISOString() },
      'weekly insights digest scheduled',
    );
  }
  return {
    recorded: () => grouper.nudge(),
    digestNow,
    async stop() {
      for (const j of jobs) j.stop();
      await Promise.all([grouper.stop(), digestRunning]);
    },
  };
}
