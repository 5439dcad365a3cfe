import type { MessagePort } from 'node:worker_threads';
import { AppError, describeError, type ErrorCode } from '../errors';
import { errorText } from '../i18n/messages/errors';
import type { Logger } from '../log';
import type { JobQueue } from './types';

// ROLE=all's worker thread reaches the queue through the main thread: its calls go over a
// MessagePort and run on the main thread's own connection. One connection then writes the queue,
// and the acknowledging thread never waits for a write lock held by the worker thread. That thread
// runs at SCHED_IDLE (worker-thread.ts), so on a busy core it could hold the lock, preempted, for
// as long as the acknowledgements kept the core: one acknowledgement waited 90.6 ms so.

type Method = Exclude<keyof JobQueue, 'close'>;

interface Request {
  id: number;
  method: Method;
  args: unknown[];
}

/** An error as it crosses the port: an AppError keeps its code and its user's sentence. */
interface WireError {
  message: string;
  code?: ErrorCode;
  userMessage?: string;
  sentence?: string;
}

type Response = { id: number; value: unknown } | { id: number; error: WireError };

/** Every JobQueue method but `close` (checked below: a method missing here fails to compile). */
const METHODS = [
  'enqueue',
  'offer',
  'claim',
  'renew',
  'saveState',
  'finish',
  'stats',
  'answerStats',
  'heartbeat',
  'removeWorker',
  'release',
  'ping',
  'refused',
  'dropRefused',
  'prune',
] as const satisfies readonly Method[];
const complete: Exclude<Method, (typeof METHODS)[number]> extends never ? true : never = true;
void complete;
const isMethod = (name: string): name is Method => (METHODS as readonly string[]).includes(name);

const toWire = (err: unknown): WireError =>
  err instanceof AppError
    ? { message: err.message, code: err.code, userMessage: err.userMessage, sentence: err.sentence?.key }
    : { message: describeError(err) };

const fromWire = (e: WireError): Error => {
  if (e.code === undefined) return new Error(e.message);
  const prefix = `${errorText.namespace}:`;
  const sentence =
    e.sentence?.startsWith(prefix) === true
      ? errorText.sentence(e.sentence.slice(prefix.length) as Parameters<typeof errorText.sentence>[0])
      : undefined;
  return new AppError(e.code, e.message, sentence ?? e.userMessage ?? e.message);
};

/** A call made or waiting when the worker thread's side closed (the thread is stopping). */
const closedError = (what: string) =>
  new AppError(
    'SHUTTING_DOWN',
    `queue: ${what} after the worker thread closed its port`,
    errorText.sentence('internal'),
  );

/**
 * Runs the queue calls that arrive on `port` (from `queueOverPort` on the other end) on `queue`,
 * and sends back each result or error. The port does not keep the process alive. `close()` stops
 * serving; calls still running finish, their answers are dropped.
 */
export function serveQueue(port: MessagePort, queue: JobQueue, log: Logger): { close(): void } {
  let open = true;
  port.on('message', (req: Request) => {
    const reply = (r: Response) => {
      if (open) port.postMessage(r);
    };
    if (!isMethod(req.method)) {
      log.error({ method: req.method }, 'unknown queue call from the worker thread');
      reply({ id: req.id, error: { message: `unknown queue call ${req.method}` } });
      return;
    }
    const method = queue[req.method] as (...args: unknown[]) => Promise<unknown>;
    method.apply(queue, req.args).then(
      (value) => reply({ id: req.id, value }),
      (err: unknown) => reply({ id: req.id, error: toWire(err) }),
    );
  });
  port.unref();
  return {
    close() {
      open = false;
      port.close();
    },
  };
}

/**
 * The queue served by `serveQueue` at the other end of `port`, as a JobQueue. Each call is one
 * message there and one back (structured clones: jobs, states and results are plain data); an
 * AppError comes back as an AppError with its code. The port keeps this thread alive only while a
 * call waits. `close()` rejects the calls still waiting (SHUTTING_DOWN) and closes the port; the
 * queue itself is the serving side's to close.
 */
export function queueOverPort(port: MessagePort): JobQueue {
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let seq = 0;
  let closed = false;
  port.on('message', (r: Response) => {
    const call = waiting.get(r.id);
    if (call === undefined) return;
    waiting.delete(r.id);
    if (waiting.size === 0) port.unref();
    if ('error' in r) call.reject(fromWire(r.error));
    else call.resolve(r.value);
  });
  port.unref();
  const call =
    <M extends Method>(method: M) =>
    (...args: Parameters<JobQueue[M]>): ReturnType<JobQueue[M]> =>
      new Promise((resolve, reject) => {
        if (closed) {
          reject(closedError(method));
          return;
        }
        const id = ++seq;
        if (waiting.size === 0) port.ref();
        waiting.set(id, { resolve, reject });
        port.postMessage({ id, method, args } satisfies Request);
      }) as ReturnType<JobQueue[M]>;
  const calls = Object.fromEntries(METHODS.map((m) => [m, call(m)])) as Omit<JobQueue, 'close'>;
  return {
    ...calls,
    async close() {
      closed = true;
      for (const c of waiting.values()) c.reject(closedError('a call'));
      waiting.clear();
      port.close();
    },
  };
}
