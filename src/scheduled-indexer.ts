import type { Settings } from './config';
import { describeError } from './errors';
import { createIndexer } from './indexer/indexer';
import { scheduleIndexer } from './indexer/schedule';
import { indexerSettings, offlineBotUserId } from './indexer/wiring';
import type { Logger } from './log';
import type { Service } from './service';

/**
 * Runs the indexer inside `npm start` on INDEX_CRON, sharing the service's database, clients and
 * metrics. Returns undefined when no schedule is set.
 */
export function startScheduledIndexer(
  settings: Settings,
  service: Service,
  log: Logger,
): { stop(): Promise<void> } | undefined {
  const cron = settings.index.cron;
  if (cron === undefined) return undefined;
  if (settings.discord.botToken === undefined) {
    log.warn('INDEX_CRON is set but DISCORD_BOT_TOKEN is not: the scheduled indexer is disabled');
    return undefined;
  }
  const controller = new AbortController();
  let current: Promise<unknown> | undefined;
  const indexer = createIndexer({
    db: service.db,
    rest: service.rest,
    embedder: service.raw.embedder,
    vectors: service.raw.vectors,
    clock: { now: () => Date.now() },
    log: log.child({ component: 'indexer' }),
    metrics: service.metrics,
    botUserId: offlineBotUserId(settings) ?? '',
    settings: indexerSettings(settings),
  });
  const job = scheduleIndexer(
    cron,
    async () => {
      const run = indexer.run({ signal: controller.signal });
      current = run.catch((err: unknown) =>
        log.error({ err: describeError(err) }, 'scheduled index run failed'),
      );
      return run;
    },
    log,
  );
  log.info({ cron, next: job.nextRun()?.toISOString() }, 'indexer scheduled');
  return {
    async stop() {
      job.stop();
      controller.abort(new Error('stopped'));
      await current;
    },
  };
}
