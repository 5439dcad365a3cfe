/** Messages between the main thread of ROLE=all and its worker thread. */

export interface WorkerThreadData {
  /** The Chroma server the main thread found or started. */
  chromaUrl: string;
  prettyLogs: boolean;
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
