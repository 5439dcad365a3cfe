import { Cron } from 'croner';
import type { Logger } from '../log';
import type { RunSummary } from './reports';

/** Which run a tick asks for: an incremental one (`INDEX_CRON`) or a full one (`INDEX_FULL_CRON`). */
export type RunKind = 'incremental' | 'full';

/**
 * One process's gate in front of the indexer: a tick that comes while a run (of either kind) is
 * going is skipped and logged, never queued; so a full run and an incremental run never overlap
 * here, and the store's lock (`store.runs.acquireLock`) keeps them apart across processes (a run
 * that finds it held reports itself `skipped`, which is logged too). `tick` resolves to the
 * summary of the run it started, or undefined when it skipped.
 */
export function createRunGate(
  run: (kind: RunKind) => Promise<RunSummary>,
  log: Logger,
): { tick(kind: RunKind): Promise<RunSummary | undefined>; readonly current: Promise<unknown> | undefined } {
  let current: { kind: RunKind; done: Promise<unknown> } | undefined;
  return {
    async tick(kind) {
      if (current !== undefined) {
        log.info(
          { kind, running: current.kind },
          `scheduled ${kind} index run skipped: a ${current.kind} run is still going`,
        );
        return undefined;
      }
      const p = run(kind);
      current = { kind, done: p.catch(() => {}) };
      try {
        const s = await p;
        logSummary(log, kind, s);
        return s;
      } catch (err) {
        log.error({ err, kind }, `scheduled ${kind} index run threw`);
        return undefined;
      } finally {
        current = undefined;
      }
    },
    get current() {
      return current?.done;
    },
  };
}

function logSummary(log: Logger, kind: RunKind, s: RunSummary): void {
  const line = {
    kind,
    status: s.status,
    runId: s.runId,
    seconds: s.seconds,
    new: s.messagesNew,
    edited: s.messagesEdited,
    deleted: s.messagesDeleted,
    embedded: s.messagesEmbedded,
    ...(s.embedPending === undefined ? {} : { embedPending: s.embedPending }),
    ...(s.unreachableGuilds.length === 0 ? {} : { unreachableGuilds: s.unreachableGuilds }),
  };
  if (s.status === 'failed') log.error({ ...line, error: s.error }, `scheduled ${kind} index run failed`);
  else if (s.status === 'skipped')
    log.info({ ...line, reason: s.error }, `scheduled ${kind} index run skipped: ${s.error ?? ''}`);
  else log.info(line, `scheduled ${kind} index run finished`);
}

/** A cron expression checked as croner reads it (5 fields, or 6 with seconds); throws naming the setting. */
function cronJob(setting: string, expr: string, onTick: () => void): Cron {
  try {
    return new Cron(expr, {}, onTick);
  } catch (err) {
    throw new Error(
      `${setting} "${expr}" is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export interface IndexSchedule {
  /** When each kind runs next (null when it is not scheduled). */
  nextRuns(): { incremental: Date | null; full: Date | null };
  /** No more ticks; resolves when the run going (if any) has ended (abort it first to hurry it). */
  stop(): Promise<void>;
}

/**
 * Runs the indexer on `INDEX_CRON` (incremental) and `INDEX_FULL_CRON` (`--full`), either or both,
 * through one {@link createRunGate}: at most one run at a time in this process, and across
 * processes the store's lock decides.
 */
export function scheduleIndexRuns(opts: {
  cron?: string | undefined;
  fullCron?: string | undefined;
  run: (kind: RunKind) => Promise<RunSummary>;
  log: Logger;
}): IndexSchedule {
  const gate = createRunGate(opts.run, opts.log);
  const jobs: Partial<Record<RunKind, Cron>> = {};
  try {
    if (opts.cron !== undefined)
      jobs.incremental = cronJob('INDEX_CRON', opts.cron, () => void gate.tick('incremental'));
    if (opts.fullCron !== undefined)
      jobs.full = cronJob('INDEX_FULL_CRON', opts.fullCron, () => void gate.tick('full'));
  } catch (err) {
    jobs.incremental?.stop();
    throw err;
  }
  return {
    nextRuns: () => ({
      incremental: jobs.incremental?.nextRun() ?? null,
      full: jobs.full?.nextRun() ?? null,
    }),
    async stop() {
      jobs.incremental?.stop();
      jobs.full?.stop();
      await gate.current;
    },
  };
}
