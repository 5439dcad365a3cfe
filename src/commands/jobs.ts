/**
 * Background work started after an interaction was acknowledged. Tracked so that shutdown can
 * abort it and wait until each job has made its final edit.
 */
export interface JobTracker {
  start(run: (signal: AbortSignal) => Promise<void>): void;
  readonly size: number;
  /**
   * Lets jobs in flight finish for most of `timeoutMs`, then aborts the rest with `reason` (each
   * still makes its final edit, saying why) and waits for them to end.
   */
  drain(reason: Error, timeoutMs: number): Promise<void>;
}

export function createJobTracker(onError: (err: unknown) => void): JobTracker {
  const jobs = new Map<Promise<void>, AbortController>();
  return {
    get size() {
      return jobs.size;
    },
    start(run) {
      const controller = new AbortController();
      // Started on the next turn of the event loop, after the acknowledgement has been written.
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(controller.signal))
        .catch(onError)
        .finally(() => jobs.delete(p));
      jobs.set(p, controller);
    },
    async drain(reason, timeoutMs) {
      const wait = (ms: number) =>
        Promise.race([Promise.allSettled([...jobs.keys()]), new Promise((r) => setTimeout(r, ms).unref())]);
      await wait(timeoutMs * 0.7);
      for (const c of jobs.values()) c.abort(reason);
      await wait(timeoutMs * 0.3);
    },
  };
}
