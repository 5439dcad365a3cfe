// The worker thread of ROLE=all: the answer worker and the index schedule, on an event loop of
// their own, so the main thread's acknowledgements never wait behind retrieval, prompt building
// or streaming. It talks to the main thread only through messages (thread-protocol.ts), and its
// queue calls are messages too, run on the main thread's connection (queue/over-port.ts).

import { execFile } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors';
import type { FromWorker, ToWorker, WorkerThreadData } from './thread-protocol';

if (parentPort === null) throw new Error('worker-thread.ts runs only as a worker thread');
const port = parentPort;
const post = (m: FromWorker) => port.postMessage(m);
const data = workerData as WorkerThreadData;

/**
 * Gives this thread a lower scheduling priority than the acknowledging thread, so that on a busy
 * core the acknowledgements run first: Linux's SCHED_IDLE (through util-linux's `chrt`, as no Node
 * API sets a thread's policy), which any woken normal thread preempts at once; nice 10 first, and
 * where `chrt` is missing. With nice alone, a woken acknowledging thread could wait out the rest of
 * this thread's time slice (EEVDF lets the running task reach its deadline), a few ms at each
 * wake-up. `npm run bench`, ROLE=all on one core, acknowledgement p99 at half the saturated rate:
 * 20.4 and 21.4 ms in two runs with nice 10, 9.3 to 12.4 ms (median 10.6) in six with SCHED_IDLE,
 * at a higher rate (the saturated rate rose with it). Linux schedules threads as tasks with their
 * own policy; elsewhere (or without /proc) nothing changes. Resolves to what was set.
 * @see https://man7.org/linux/man-pages/man7/sched.7.html
 */
async function yieldToAcknowledgements(): Promise<'idle' | 'nice' | undefined> {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return undefined;
    setPriority(tid, 10);
  } catch {
    return undefined;
  }
  return new Promise((resolve) =>
    execFile('chrt', ['--idle', '--pid', '0', String(tid)], { timeout: 5000 }, (err) =>
      resolve(err === null ? 'idle' : 'nice'),
    ),
  );
}

async function main(): Promise<void> {
  // Lower first, then load: the thread's module graph (the whole answering side) loads while the
  // main thread already acknowledges, and on one core the acknowledgements must come first.
  const lowered = yieldToAcknowledgements();
  const [
    { systemClock },
    { parseSettings },
    { createLogger, flushLog },
    { createMetrics },
    { openStore },
    { queueOverPort },
    { startWorkerRole },
  ] = await Promise.all([
    import('../async'),
    import('../config'),
    import('../log'),
    import('../metrics'),
    import('../store/open'),
    import('../queue/over-port'),
    import('./worker-role'),
  ]);
  const settings = parseSettings(process.env);
  const log = createLogger(settings.logLevel ?? 'info', { pretty: data.prettyLogs, async: true }).child({
    thread: 'worker',
  });
  // As the process does (main.ts): a rejection nobody handled is logged, not the end of the thread
  // (Node's default would end it, and with it every answer).
  process.on('unhandledRejection', (err) => log.error({ err: describeError(err) }, 'unhandled rejection'));
  // Process-wide figures (memory, CPU) are the main thread's; these are the answers' own.
  const metrics = createMetrics();
  const priority = await lowered;
  if (priority !== undefined)
    log.debug(
      { priority: priority === 'idle' ? 'SCHED_IDLE' : 'nice 10' },
      'worker thread runs at a lower priority than the acknowledgements',
    );
  // The store on a connection of this thread's own; the queue through the main thread's (one
  // writer: the acknowledgements never wait for a lock this thread holds).
  const store = await openStore(settings.database, {
    onIdleError: (err) =>
      log.warn({ err: describeError(err) }, 'database connection lost; reconnecting on next use'),
  });
  const queue = queueOverPort(data.queue);
  const db = {
    store,
    queue,
    async close() {
      await queue.close();
      await store.close();
    },
  };
  const role = await startWorkerRole(settings, db, {
    chromaUrl: data.chromaUrl,
    log,
    metrics,
    clock: systemClock,
  });
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'wake':
        role.worker.wake(m.lane);
        break;
      case 'metrics':
        void metrics.registry
          .getMetricsAsJSON()
          .then((json) => post({ type: 'metrics', id: m.id, metrics: json }));
        break;
      case 'stop':
        void role
          .stop(m.graceMs)
          .then(() => db.close())
          .catch((err: unknown) => log.error({ err: describeError(err) }, 'worker thread stop failed'))
          .then(() => flushLog(log))
          .finally(() => post({ type: 'stopped' }));
        break;
    }
  });
  post({ type: 'ready' });
}

main().catch((err: unknown) => post({ type: 'failed', message: describeError(err) }));
