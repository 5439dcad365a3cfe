import { type Clock, sleep } from '../async';
import { AppError } from '../errors';
import type { ChatModel } from './chat';
import type { Embedder } from './embedder';
import { isTransient } from './errors';

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First back-off; doubles each time, with ±25 % jitter. */
  baseMs: number;
}

/** Retries `f` on transient Ollama errors (unreachable, busy, 5xx), backing off exponentially. */
export async function withRetry<T>(
  f: () => Promise<T>,
  opts: RetryOptions,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await f();
    } catch (err) {
      const retry = attempt < opts.retries && err instanceof AppError && isTransient(err) && !signal?.aborted;
      if (!retry) throw err;
      const delay = opts.baseMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
      await sleep(delay, signal);
    }
  }
}

/**
 * Stops calling a dependency that keeps failing: after `threshold` consecutive transient failures
 * calls fail at once for `openMs`, then one trial call decides whether to close again.
 */
export interface CircuitBreaker {
  run<T>(f: () => Promise<T>): Promise<T>;
  readonly state: 'closed' | 'open' | 'half-open';
}

export function createCircuitBreaker(opts: {
  threshold: number;
  openMs: number;
  clock: Clock;
  onOpen: () => AppError;
}): CircuitBreaker {
  let failures = 0;
  let openedAt: number | undefined;
  let trial = false;
  const state = () => {
    if (openedAt === undefined) return 'closed' as const;
    return opts.clock.now() - openedAt >= opts.openMs ? ('half-open' as const) : ('open' as const);
  };
  return {
    get state() {
      return state();
    },
    async run(f) {
      const s = state();
      if (s === 'open' || (s === 'half-open' && trial)) throw opts.onOpen();
      if (s === 'half-open') trial = true;
      try {
        const result = await f();
        failures = 0;
        openedAt = undefined;
        return result;
      } catch (err) {
        if (err instanceof AppError && isTransient(err)) {
          failures++;
          if (s === 'half-open' || failures >= opts.threshold) openedAt = opts.clock.now();
        }
        throw err;
      } finally {
        if (s === 'half-open') trial = false;
      }
    },
  };
}

/**
 * Embedder and chat model with retries and one shared breaker (both talk to the same Ollama).
 * A chat call is retried only while no text has been streamed, so a user never sees an answer restart.
 */
export function resilientOllama(
  embedder: Embedder,
  chat: ChatModel,
  opts: { retry: RetryOptions; breaker: CircuitBreaker },
): { embedder: Embedder; chat: ChatModel } {
  const { retry, breaker } = opts;
  return {
    embedder: {
      model: embedder.model,
      embed: (texts, kind) => withRetry(() => breaker.run(() => embedder.embed(texts, kind)), retry),
    },
    chat: {
      model: chat.model,
      chat(messages, o = {}) {
        let streamed = false;
        const onText = (t: string) => {
          streamed = true;
          o.onText?.(t);
        };
        return withRetry(
          () =>
            breaker
              .run(() => chat.chat(messages, { ...o, onText }))
              .catch((err: unknown) => {
                // Once text reached the user, a retry would restart the answer: give up instead.
                if (streamed && err instanceof AppError) {
                  throw new AppError('OLLAMA_FAILED', err.message, err.userMessage, { cause: err });
                }
                throw err;
              }),
          streamed ? { ...retry, retries: 0 } : retry,
          o.signal,
        );
      },
    },
  };
}

export function ollamaCircuitOpen(host: string, openMs: number): AppError {
  return new AppError(
    'OLLAMA_UNREACHABLE',
    `Ollama at ${host} failed repeatedly; calls are paused for ${Math.round(openMs / 1000)} s (circuit open).`,
    'The language model server (Ollama) is not responding right now. Please try again in a minute.',
  );
}
