import { Cron } from 'croner';
import type { Logger } from '../log';
import type { RunSummary } from './indexer';

/**
 * Runs the indexer on a cron schedule (`INDEX_CRON`, croner syntax: 5 fields, or 6 with seconds).
 * A tick that comes while the previous run is still going is skipped and logged, never queued;
 * a run that another process holds the lock for reports itself as skipped.
 */
export function scheduleIndexer(
  cron: string,
  run: () => Promise<RunSummary>,
  log: Logger,
): { stop(): void; nextRun(): Date | null } {
  let job: Cron;
  try {
    job = new Cron(
      cron,
      {
        protect: () => log.info({ cron }, 'scheduled index run skipped: the previous run is still going'),
        catch: (err) => log.error({ err }, 'scheduled index run threw'),
      },
      async () => {
        const s = await run();
        const line = {
          status: s.status,
          runId: s.runId,
          seconds: s.seconds,
          new: s.messagesNew,
          embedded: s.messagesEmbedded,
        };
        if (s.status === 'failed') log.error({ ...line, error: s.error }, 'scheduled index run failed');
        else if (s.status === 'skipped')
          log.info({ ...line, reason: s.error }, 'scheduled index run skipped');
        else log.info(line, 'scheduled index run finished');
      },
    );
  } catch (err) {
    throw new Error(
      `INDEX_CRON "${cron}" is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return {
    stop: () => job.stop(),
    nextRun: () => job.nextRun(),
  };
}
