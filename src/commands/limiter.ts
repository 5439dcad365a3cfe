import { AppError } from '../errors';

/** Bounds concurrent work (towards Ollama) and the queue in front of it. */
export interface Limiter {
  /** Runs `fn` when a slot is free; rejects with QUEUE_FULL at once when the queue is full. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly queued: number;
}

export function createLimiter(concurrency: number, queueSize: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    async run(fn) {
      if (active >= concurrency) {
        if (waiting.length >= queueSize) {
          throw new AppError(
            'QUEUE_FULL',
            `Ask queue full (${active} running, ${waiting.length} waiting); raise ASK_QUEUE_SIZE or ASK_CONCURRENCY if the GPU allows.`,
            "I'm busy answering other questions right now. Please try again shortly.",
          );
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        active++;
      }
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
