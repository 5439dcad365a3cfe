/**
 * The crawl's queue of channels and threads: discovery pushes targets while it lists them, the crawl
 * workers take them first in, first out, and wait for more until discovery closes the queue.
 */
export interface TargetQueue<T> {
  /** Adds items at the end; a closed queue takes no more (a bug in the producer, so it throws). */
  push(...items: T[]): void;
  /** The next item, waiting for one while the queue is open; undefined once it is closed and empty. */
  take(): Promise<T | undefined>;
  /** No more items will come: waiting and later takers get what is left, then undefined. */
  close(): void;
}

/** An empty, open {@link TargetQueue}. */
export function createTargetQueue<T>(): TargetQueue<T> {
  const items: T[] = [];
  const waiting: ((item: T | undefined) => void)[] = [];
  let closed = false;
  return {
    push(...more) {
      if (closed) throw new Error('target queue: push after close');
      for (const item of more) {
        const taker = waiting.shift();
        if (taker) taker(item);
        else items.push(item);
      }
    },
    take() {
      if (items.length > 0) return Promise.resolve(items.shift());
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      closed = true;
      for (const taker of waiting.splice(0)) taker(undefined);
    },
  };
}
