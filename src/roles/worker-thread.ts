// The worker thread of ROLE=all: the answer worker and the index schedule, on an event loop of
// their own, so the main thread's acknowledgements never wait behind retrieval, prompt building
// or streaming. It talks to the main thread only through messages (thread-protocol.ts).
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
 * Gives this thread a lower scheduling priority than the acknowledging thread (nice 10), so that on
 * a busy core the acknowledgements run first. Linux schedules threads as tasks with their own
 * priority; elsewhere (or without /proc) nothing changes.
 */
function yieldToAcknowledgements(): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return false;
    setPriority(tid, 10);
    return true;
  } catch {
    return false;
  }
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
    { openDatabase },
    { startWorkerRole },
  ] = await Promise.all([
    import('../async'),
    import('../config'),
    import('../log'),
    import('../metrics'),
    import('../store/open'),
    import('./worker-role'),
  ]);
  const settings = parseSettings(process.env);
  const log = createLogger(settings.logLevel ?? 'info', { pretty: data.prettyLogs, async: true }).child({
    thread: 'worker',
  });
  // Process-wide figures (memory, CPU) are the main thread's; these are the answers' own.
  const metrics = createMetrics();
  if (lowered) log.debug('worker thread runs at a lower priority than the acknowledgements');
  const db = await openDatabase(settings.database, {
    durableQueue: false,
    onIdleError: (err) =>
      log.warn({ err: describeError(err) }, 'database connection lost; reconnecting on next use'),
  });
  const role = await startWorkerRole(settings, db, {
    chromaUrl: data.chromaUrl,
    log,
    metrics,
    clock: systemClock,
  });
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'wake':
        role.worker.wake();
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
