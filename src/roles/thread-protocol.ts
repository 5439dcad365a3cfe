/** Messages between the main thread of ROLE=all and its worker thread. */

import type { MessagePort } from 'node:worker_threads';

export interface WorkerThreadData {
  /** The Chroma server the main thread found or started. */
  chromaUrl: string;
  prettyLogs: boolean;
  /** The queue, served by the main thread on its own connection (queue/over-port.ts). */
  queue: MessagePort;
}

export type ToWorker =
  /** A job was queued in `lane`: look now (if that lane has a free slot). */
  | { type: 'wake'; lane: 0 | 1 }
  /** Send the thread's metrics (prom-client JSON) for a /metrics scrape. */
  | { type: 'metrics'; id: number }
  /** Stop gracefully within `graceMs`. */
  | { type: 'stop'; graceMs: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'metrics'; id: number; metrics: unknown[] }
  | { type: 'stopped' };
