// The worker thread of ROLE=all: the answer worker and the index schedule, on an event loop of
// their own, so the main thread's acknowledgements never wait behind retrieval, prompt building
// or streaming. It talks to the main thread only through messages (thread-protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../async';
import { parseSettings } from '../config';
import { describeError } from '../errors';
import { createLogger } from '../log';
import { createMetrics } from '../metrics';
import { openDatabase } from '../store/open';
import type { FromWorker, ToWorker, WorkerThreadData } from './thread-protocol';
import { startWorkerRole } from './worker-role';

if (parentPort === null) throw new Error('worker-thread.ts runs only as a worker thread');
const port = parentPort;
const post = (m: FromWorker) => port.postMessage(m);
const data = workerData as WorkerThreadData;

async function main(): Promise<void> {
  const settings = parseSettings(process.env);
  const log = createLogger(settings.logLevel ?? 'info', { pretty: data.prettyLogs }).child({
    thread: 'worker',
  });
  // Process-wide figures (memory, CPU) are the main thread's; these are the answers' own.
  const metrics = createMetrics();
  const db = await openDatabase(settings.database, {
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
          .finally(() => post({ type: 'stopped' }));
        break;
    }
  });
  post({ type: 'ready' });
}

main().catch((err: unknown) => post({ type: 'failed', message: describeError(err) }));
