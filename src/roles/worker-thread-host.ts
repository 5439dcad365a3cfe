import { MessageChannel, Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { runtimeFile } from '../paths';
import { serveQueue } from '../queue/over-port';
import type { JobQueue } from '../queue/types';
import type { FromWorker, ToWorker, WorkerThreadData } from './thread-protocol';

/** The main thread's handle on the worker thread of ROLE=all. */
export interface WorkerThread {
  /** A job was queued in `lane`. */
  wake(lane: 0 | 1): void;
  /** The thread's metrics (empty when it does not answer within 1 s). */
  metrics(): Promise<unknown[]>;
  /** Asks the thread to stop gracefully within `graceMs`, then ends it. */
  stop(graceMs: number): Promise<void>;
}

/**
 * The thread's first module: the build's dist/worker-thread.js, or from source the .mjs shim that
 * registers tsx before it loads worker-thread.ts (Node 20 does not carry the main thread's loader
 * hooks into worker threads).
 */
const THREAD_ENTRY = runtimeFile({ compiled: 'worker-thread.js', source: 'worker-thread.mjs' }, 'roles');

/**
 * Starts the worker thread and waits until it is answering (or rejects with why it could not
 * start). The thread inherits this process's environment and node flags (--enable-source-maps).
 * Its queue calls run here, on `queue` (this thread's connection), until the thread stopped: one
 * connection writes the queue (queue/over-port.ts says why).
 */
export async function startWorkerThread(
  data: Omit<WorkerThreadData, 'queue'>,
  queue: JobQueue,
  log: Logger,
  opts: {
    /** Called once if the thread ends after its start without being asked to (an uncaught exception). */
    onUnexpectedExit?: (code: number) => void;
  } = {},
): Promise<WorkerThread> {
  const channel = new MessageChannel();
  const served = serveQueue(channel.port1, queue, log);
  const thread = new Worker(THREAD_ENTRY, {
    workerData: { ...data, queue: channel.port2 } satisfies WorkerThreadData,
    transferList: [channel.port2],
  });
  thread.once('exit', () => served.close());
  const send = (m: ToWorker) => thread.postMessage(m);
  let seq = 0;
  const waiting = new Map<number, (m: unknown[]) => void>();
  let stopped: (() => void) | undefined;
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`the worker thread exited during start (code ${code})`));
    thread.once('exit', onExit);
    thread.once('error', reject);
    thread.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'ready':
          thread.off('exit', onExit);
          thread.off('error', reject);
          resolve();
          break;
        case 'failed':
          reject(new Error(m.message));
          break;
        case 'metrics':
          waiting.get(m.id)?.(m.metrics);
          waiting.delete(m.id);
          break;
        case 'stopped':
          stopped?.();
          break;
      }
    });
  });
  thread.on('error', (err) => log.error({ err: String(err) }, 'worker thread error'));
  thread.on('exit', (code) => {
    if (stopped !== undefined) return;
    log.error({ code }, 'the worker thread ended unexpectedly');
    opts.onUnexpectedExit?.(code);
  });
  return {
    wake: (lane) => send({ type: 'wake', lane }),
    metrics: () =>
      new Promise((resolve) => {
        const id = ++seq;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve([]);
        }, 1000);
        waiting.set(id, (m) => {
          clearTimeout(timer);
          resolve(m);
        });
        send({ type: 'metrics', id });
      }),
    async stop(graceMs) {
      await new Promise<void>((resolve) => {
        stopped = resolve;
        send({ type: 'stop', graceMs });
        setTimeout(resolve, graceMs + 2000).unref();
      });
      await thread.terminate();
    },
  };
}
