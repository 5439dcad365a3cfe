/** In-process figures that /status shows: answers served, latency percentiles, cache hit rate. */
export interface AnswerStats {
  recordAnswer(latencyMs: number, outcome: 'answered' | 'nothing_found' | 'error' | 'cached'): void;
  recordCacheLookup(hit: boolean): void;
  snapshot(): {
    answersServed: number;
    errors: number;
    p50Ms: number | undefined;
    p95Ms: number | undefined;
    cacheHits: number;
    cacheLookups: number;
  };
}

export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Keeps the last `window` latencies for the percentiles; counters cover the process lifetime. */
export function createAnswerStats(window = 1000): AnswerStats {
  const latencies: number[] = [];
  let served = 0;
  let errors = 0;
  let hits = 0;
  let lookups = 0;
  return {
    recordAnswer(ms, outcome) {
      if (outcome === 'error') {
        errors++;
        return;
      }
      served++;
      latencies.push(ms);
      if (latencies.length > window) latencies.shift();
    },
    recordCacheLookup(hit) {
      lookups++;
      if (hit) hits++;
    },
    snapshot() {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        answersServed: served,
        errors,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        cacheHits: hits,
        cacheLookups: lookups,
      };
    },
  };
}
