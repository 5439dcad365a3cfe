/**
 * Load generators: closed loop (autocannon, as fast as answered), open loop (a steady rate whatever
 * the answers, as Discord delivers interactions) and a fixed batch with a bounded number in flight.
 * Each latency is recorded per response (autocannon's own histogram has whole milliseconds only).
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { SignedRequest } from './interactions';
import { distribution, round, sleep } from './stats';

export interface LoadResult {
  /** Open loop: requests sent at this steady rate whatever the answers; absent: as fast as answered. */
  rate?: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  /**
   * Open loop: the load generator's own event-loop delay, p99 and max (ms). A response is timed when
   * this process reads it, so a stall here (its garbage collection, the stand-ins sharing its event
   * loop) adds to every latency of the moment without the server being slow.
   */
  generatorDelay?: { p99Ms: number; maxMs: number };
}

function summary(latencies: number[], seconds: number, extra: Omit<LoadResult, keyof Distribution>) {
  const d = distribution(latencies);
  return {
    ...extra,
    requestsPerSec: round(latencies.length / seconds),
    p50Ms: round(d.p50),
    p99Ms: round(d.p99),
    maxMs: round(d.max),
  };
}
type Distribution = Pick<LoadResult, 'requestsPerSec' | 'p50Ms' | 'p99Ms' | 'maxMs'>;

/**
 * autocannon against every url of `urls` at once (the connections split between them), each
 * request the next of `pool` (GET `path` when there is no pool). `used`: how many of the pool went out.
 */
export async function closedLoop(opts: {
  urls: string[];
  path: string;
  pool: SignedRequest[] | undefined;
  seconds: number;
  connections: number;
}): Promise<LoadResult & { used: number }> {
  const latencies: number[] = [];
  let next = 0;
  const { pool } = opts;
  const perUrl = Math.max(1, Math.round(opts.connections / opts.urls.length));
  const results = await Promise.all(
    opts.urls.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: `${url}${opts.path}`,
              connections: perUrl,
              duration: opts.seconds,
              ...(pool === undefined
                ? {}
                : {
                    requests: [
                      {
                        method: 'POST' as const,
                        path: opts.path,
                        setupRequest: (req: autocannon.Request) => {
                          const r = pool[next++ % pool.length];
                          return { ...req, body: r?.body, headers: r?.headers };
                        },
                      },
                    ],
                  }),
            },
            (err, res) => (err ? reject(err) : resolve(res)),
          );
          instance.on('response', (_client, status, _bytes, ms) => {
            if (status >= 200 && status < 300) latencies.push(ms);
          });
        }),
    ),
  );
  const seconds = Math.max(...results.map((r) => r.duration));
  return {
    ...summary(latencies, seconds, {
      requests: results.reduce((n, r) => n + r.requests.total, 0),
      non2xx: results.reduce((n, r) => n + r.non2xx, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
    }),
    used: Math.min(next, pool?.length ?? 0),
  };
}

/** One POST over keep-alive `agent`: the status, the parsed JSON answer and the time it took. */
function post(
  agent: Agent,
  url: URL,
  r: SignedRequest,
): Promise<{ status: number; ms: number; body: unknown } | undefined> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => {
          const ms = performance.now() - start;
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(parts).toString('utf8'));
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, ms, body });
        });
      },
    );
    req.on('error', () => resolve(undefined));
    req.end(r.body);
  });
}

/**
 * An open-loop load: requests leave at a steady `rate` (spread over `urls` in turn) whether or not
 * earlier ones were answered, over keep-alive connections; each latency is measured from its own
 * send. autocannon's own rate option sends each second's quota in a burst, so it is not used.
 */
export async function openLoop(opts: {
  urls: string[];
  path: string;
  pool: SignedRequest[];
  rate: number;
  seconds: number;
}): Promise<LoadResult & { used: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const targets = opts.urls.map((u) => new URL(opts.path, u));
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  for (let now = start; now < end; now = performance.now()) {
    const due = Math.floor(((now - start) * opts.rate) / 1000);
    while (sent < due) {
      const r = opts.pool[sent % opts.pool.length];
      const target = targets[sent % targets.length];
      sent++;
      if (r === undefined || target === undefined) continue;
      const p = post(agent, target, r).then((res) => {
        if (res === undefined) errors++;
        else if (res.status >= 200 && res.status < 300) latencies.push(res.ms);
        else non2xx++;
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await sleep(1);
  }
  await Promise.all(pending);
  delay.disable();
  agent.destroy();
  return {
    ...summary(latencies, opts.seconds, { rate: opts.rate, requests: sent, non2xx, errors }),
    generatorDelay: { p99Ms: round(delay.percentile(99) / 1e6), maxMs: round(delay.max / 1e6) },
    used: Math.min(sent, opts.pool.length),
  };
}

/** Every request of `pool` once, at most `inFlight` at a time: each answer's latency and JSON body. */
export async function batch(opts: {
  url: string;
  path: string;
  pool: SignedRequest[];
  inFlight: number;
}): Promise<{ ms: number; body: unknown; request: SignedRequest }[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.inFlight });
  const target = new URL(opts.path, opts.url);
  const out: { ms: number; body: unknown; request: SignedRequest }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.inFlight }, async () => {
      for (let r = opts.pool[next++]; r !== undefined; r = opts.pool[next++]) {
        const res = await post(agent, target, r);
        if (res !== undefined) out.push({ ms: res.ms, body: res.body, request: r });
      }
    }),
  );
  agent.destroy();
  return out;
}
