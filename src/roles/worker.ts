import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import type { Clock } from '../async';
import { describeError } from '../errors';
import { type JobResult, LeaseLost, RELEASE, ShuttingDown } from '../jobs/abort';
import type { Logger } from '../log';
import type { Job, JobQueue, JobState } from '../queue/types';

export interface WorkerOptions {
  queue: JobQueue;
  /** Does one job; returns its outcome, or RELEASE to put it back in line. */
  run(job: Job, signal: AbortSignal, saveState: (state: JobState) => Promise<void>): Promise<JobResult>;
  /** Answers worked on at once (model slots). */
  slots: number;
  /** Quick jobs (status, feedback, forget) worked on at once, beside the answers. */
  quickSlots?: number;
  /** How long a claimed job stays ours without renewal; renewed every third of it. */
  leaseMs?: number;
  /** How often the queue is looked at when nothing woke the worker. */
  pollMs?: number;
  /** Finished jobs are kept this long (for answer statistics), then pruned. */
  keepMs?: number;
  clock: Clock;
  log: Logger;
  /** Called whenever the number of answers being worked on changes. */
  onBusy?(answers: number): void;
}

export interface Worker {
  readonly id: string;
  /** Answers being worked on now. */
  readonly busy: number;
  /** Starts claiming. */
  start(): void;
  /**
   * New work was queued in `lane` (both lanes when absent): look now instead of at the next poll.
   * A lane without a free slot is not looked at (no claim runs), so a wake per acknowledgement
   * costs the queue nothing while the answer slots are full.
   */
  wake(lane?: 0 | 1): void;
  /**
   * Stops claiming; lets jobs in flight finish for most of `graceMs`, then stops the rest (each
   * says so in its reply and goes back in line for a restart or another worker), and ends.
   */
  stop(graceMs: number): Promise<void>;
}

const BOTH_LANES = [0, 1] as const;

interface Held {
  job: Job;
  controller: AbortController;
  lane: 0 | 1;
  done: Promise<void>;
}

/**
 * An answer worker: takes jobs from the queue with a lease, renews the lease while it works, and
 * ends each job (or puts it back). A worker that dies stops renewing; its jobs' leases run out and
 * another worker (or this one after a restart) takes them up. Registered with a heartbeat, so
 * admission knows the slots of the workers alive.
 */
export function createWorker(opts: WorkerOptions): Worker {
  const { queue, clock, log } = opts;
  const leaseMs = opts.leaseMs ?? 15_000;
  const pollMs = opts.pollMs ?? 250;
  const quickSlots = opts.quickSlots ?? 4;
  const keepMs = opts.keepMs ?? 7 * 86_400_000;
  const id = `${hostname()}:${process.pid}:${threadId}:${randomUUID().slice(0, 8)}`;
  const info = { id, host: hostname(), pid: process.pid, slots: opts.slots };
  const held = new Map<string, Held>();
  const count = (lane: 0 | 1) => [...held.values()].filter((h) => h.lane === lane).length;
  let stopping = false;
  let filling = false;
  /** Lanes to look at: asked for by a wake, a poll or a job's end, taken by the running fill. */
  const wanted = new Set<0 | 1>();
  let pollTimer: NodeJS.Timeout | undefined;
  let backoffUntil = 0;
  const timers: NodeJS.Timeout[] = [];

  const finishJob = async (h: Held, result: JobResult) => {
    const { job } = h;
    if (h.controller.signal.reason instanceof LeaseLost) return;
    if (result === RELEASE) await queue.release(job.id, id);
    else await queue.finish(job.id, id, result);
  };

  const launch = (job: Job, lane: 0 | 1) => {
    const controller = new AbortController();
    const h: Held = { job, controller, lane, done: Promise.resolve() };
    h.done = (async () => {
      let result: JobResult;
      try {
        result = await opts.run(job, controller.signal, (state) => queue.saveState(job.id, id, state));
      } catch (err) {
        // The job's own code ends every path with a reply; this is a bug or a dead database.
        log.error(
          { interaction: job.id, kind: job.kind, err: describeError(err) },
          'job failed unexpectedly',
        );
        result = controller.signal.reason instanceof ShuttingDown ? RELEASE : 'error';
      }
      try {
        await finishJob(h, result);
      } catch (err) {
        // The lease runs out and the job is taken up again: better twice than never.
        log.error({ interaction: job.id, err: describeError(err) }, 'could not record the end of a job');
      }
    })().finally(() => {
      held.delete(job.id);
      if (lane === 1) opts.onBusy?.(count(1));
      if (!stopping) fill([lane]);
    });
    held.set(job.id, h);
    if (lane === 1) opts.onBusy?.(count(1));
  };

  /**
   * Claims in `lanes` while they have free slots and jobs to take. Called while a fill runs, it
   * adds its lanes to that fill's round instead of starting a second one.
   */
  const fill = (lanes: readonly (0 | 1)[] = BOTH_LANES) => {
    if (stopping || clock.now() < backoffUntil) return;
    for (const lane of lanes) wanted.add(lane);
    if (filling) return;
    filling = true;
    void (async () => {
      try {
        while (wanted.size > 0 && !stopping) {
          const round = BOTH_LANES.filter((lane) => wanted.has(lane));
          wanted.clear();
          for (const lane of round) {
            const free = () => (lane === 0 ? quickSlots - count(0) : opts.slots - count(1));
            while (!stopping && free() > 0) {
              const job = await queue.claim(id, [lane], leaseMs, clock.now());
              if (job === undefined) break;
              if (job.attempts > 1)
                log.info({ interaction: job.id, attempt: job.attempts }, 'taking up a job again');
              launch(job, lane);
            }
          }
        }
      } catch (err) {
        wanted.clear();
        backoffUntil = clock.now() + pollMs * 8;
        log.error({ err: describeError(err) }, 'could not take jobs from the queue; retrying');
      } finally {
        filling = false;
      }
    })();
  };

  const renew = async () => {
    if (held.size === 0) return;
    const ids = [...held.keys()];
    try {
      const kept = new Set(await queue.renew(id, ids, leaseMs));
      for (const jobId of ids) {
        const h = held.get(jobId);
        if (h !== undefined && !kept.has(jobId) && !h.controller.signal.aborted) {
          log.warn({ interaction: jobId }, 'lost the lease of a job (another worker took it over)');
          h.controller.abort(new LeaseLost('lease lost'));
        }
      }
    } catch (err) {
      log.warn({ err: describeError(err) }, 'could not renew leases; retrying');
    }
  };

  const beat = () =>
    queue.heartbeat(info, count(1)).catch((err: unknown) => {
      log.warn({ err: describeError(err) }, 'worker heartbeat failed');
    });

  return {
    id,
    get busy() {
      return count(1);
    },
    start() {
      void beat();
      timers.push(setInterval(() => void renew(), Math.max(50, Math.floor(leaseMs / 3))));
      timers.push(setInterval(() => void beat(), 5_000));
      timers.push(
        setInterval(
          () =>
            void queue.prune(keepMs).catch((err: unknown) => {
              log.warn({ err: describeError(err) }, 'could not prune old jobs');
            }),
          10 * 60_000,
        ),
      );
      for (const t of timers) t.unref();
      const poll = () => {
        fill();
        pollTimer = setTimeout(poll, pollMs);
        pollTimer.unref();
      };
      poll();
      log.info({ worker: id, slots: opts.slots }, 'answer worker started');
    },
    wake(lane) {
      setImmediate(() => fill(lane === undefined ? BOTH_LANES : [lane]));
    },
    async stop(graceMs) {
      if (stopping) return;
      stopping = true;
      clearTimeout(pollTimer);
      const all = () => Promise.allSettled([...held.values()].map((h) => h.done));
      const within = (ms: number) =>
        Promise.race([all(), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
      await within(graceMs * 0.6);
      if (held.size > 0) {
        log.info({ jobs: held.size }, 'stopping the jobs still running; they go back in line');
        for (const h of held.values()) h.controller.abort(new ShuttingDown('shutting down'));
        await within(graceMs * 0.35);
      }
      for (const t of timers) clearInterval(t);
      await queue.removeWorker(id).catch(() => {});
    },
  };
}
