import { readFileSync } from 'node:fs';

export interface Distribution {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** Rounds for the report: 3 significant digits, integers kept whole. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) >= 100) return Math.round(x);
  return Number(x.toPrecision(3));
}

export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : round(a / b);
}

/** Resident set size and its high-water mark of a process, in MiB (Linux /proc). */
export function residentMiB(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak and mean seen. */
export function sampleResident(pid: number, everyMs = 100): { stop(): { peak: number; mean: number } } {
  const seen: number[] = [];
  const timer = setInterval(() => {
    const r = residentMiB(pid);
    if (r !== undefined) seen.push(r.rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const d = distribution(seen);
      return { peak: d.max, mean: d.mean };
    },
  };
}

/** Times `f` repeatedly for about `ms` (after `warmupMs`); returns operations per second. */
export async function opsPerSecond(f: () => unknown, ms: number, warmupMs = ms / 4): Promise<number> {
  const run = async (limit: number) => {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < limit) {
      for (let i = 0; i < 100; i++) {
        const r = f();
        if (r instanceof Promise) await r;
      }
      n += 100;
      elapsed = performance.now() - start;
    }
    return (n * 1000) / elapsed;
  };
  await run(warmupMs);
  return run(ms);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
