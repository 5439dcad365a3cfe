/**
 * Cold start and memory per role (bench/README.md, "Cold start and memory"): each role spawned as
 * the product runs (plain `node`, the compiled output: bench/processes.ts `productArgs`), timed from
 * the spawn to its first answered request, beside the peer (bench/peer.mjs verify-node: Hono +
 * crypto.verify, plain node, the same node_modules) spawned the same way in the same run, on the
 * same core. Then its resident memory idle (1 s after the first answer) and after a burst of signed
 * /ask (its VmRSS right after, and its high-water mark VmHWM).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { queueFileOf, removeSqlite } from './ack';
import type { SearchSet } from './indexing';
import type { SignedRequest } from './interactions';
import { BENCH_DIR, type Cleanup, type Role, type SpawnedBot, spawnBot, startBot } from './processes';
import { distribution, ratio, residentMiB, round, sleep } from './stats';
import type { World } from './world';

/** One subject's figures: medians over the repetitions (the first spawn, a warm-up, left out). */
export interface ColdStartFigures {
  /** Spawn → first signed PING answered with PONG (a ROLE=worker: first GET /health answered), ms. */
  firstPingMs: number;
  /** Spawn → first signed /ask answered with a deferral (type 5), ms; NaN for a worker. */
  firstAskMs: number;
  /** VmRSS 1 s after the first answer, MiB. */
  idleMiB: number;
  /** VmRSS right after the burst, MiB. */
  afterBurstMiB: number;
  /** VmHWM (peak RSS) at the end of the burst, MiB. */
  peakMiB: number;
  runs: number;
}

export interface ColdStartSubject extends ColdStartFigures {
  name: string;
  role: Role | 'peer';
  ratios: { firstPing: number; firstAsk: number; idle: number; afterBurst: number };
}

export interface ColdStartResult {
  pinned: string;
  burst: number;
  peer: ColdStartFigures;
  subjects: ColdStartSubject[];
  goals: {
    /** ROLE=endpoint's cold start within 3× the peer's (first PING and first /ask). */
    endpointStartWithin3x: boolean;
    /** ROLE=endpoint's idle and after-burst RSS within 1.5× the peer's. */
    endpointRssWithin1_5x: boolean;
    /** ROLE=all's idle RSS under 200 MiB (Chroma's own process apart). */
    allIdleUnder200MiB: boolean;
  };
}

interface Subject {
  name: string;
  role: Role | 'peer';
  env: Record<string, string>;
  /** Fresh data folder for this subject (its SQLite files, local Chroma). */
  dataDir: string;
  args?: string[];
  /** The answers the burst's /ask are queued for, when the subject does not answer them itself. */
  beside?: Role;
}

const post = (url: string, req: SignedRequest) =>
  fetch(`${url}/interactions`, {
    method: 'POST',
    body: req.body,
    headers: req.headers,
    signal: AbortSignal.timeout(5000),
  });

/** Sends `make()` until the answer's JSON type is `type`; ms from the spawn to that answer. */
async function firstAnswer(
  bot: SpawnedBot,
  make: (() => SignedRequest) | 'health',
  type: number,
  limitMs: number,
): Promise<number> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    if (bot.exited()) throw new Error(`ROLE=${bot.role} exited at start: ${bot.tail()}`);
    if (performance.now() > deadline)
      throw new Error(`ROLE=${bot.role} did not answer in ${limitMs} ms: ${bot.tail()}`);
    try {
      if (make === 'health') {
        const res = await fetch(`${bot.url}/health`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        return performance.now() - bot.spawnedAt;
      }
      const res = await post(bot.url, make());
      const body = (await res.json()) as { type?: number };
      if (res.ok && body.type === type) return performance.now() - bot.spawnedAt;
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
}

/** `count` signed /ask, `inFlight` at a time; resolves when every one has been answered. */
async function burst(url: string, asks: SignedRequest[], inFlight: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < asks.length) {
        const req = asks[next++];
        if (req === undefined) break;
        await post(url, req).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        );
      }
    }),
  );
}

const median = (xs: number[]) => (xs.length === 0 ? Number.NaN : round(distribution(xs).p50));

export async function benchColdStart(opts: {
  world: World;
  set: SearchSet;
  chromaUrl: string;
  dir: string;
  postgresUrl: string | undefined;
  /** Spawns per subject and figure; the first is a warm-up and left out. */
  runs: number;
  burst: number;
  cpus: string | undefined;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<ColdStartResult> {
  const { world, cleanup, log } = opts;
  const logFile = path.join(opts.dir, 'cold-start.log');
  /**
   * A data folder of its own; the store is the search set's (a worker answers from its 10 000
   * messages) unless `own`, with a queue file of its own run (removed before and after).
   */
  const sqlite = (name: string, own = false) => {
    const dataDir = path.join(opts.dir, `cold-${name}`);
    return {
      dataDir,
      env: { DATA_DIR: dataDir, DATABASE_URL: own ? path.join(dataDir, 'bot.sqlite') : opts.set.dbPath },
    };
  };
  const subjects: Subject[] = [];
  const peerDir = path.join(opts.dir, 'cold-peer');
  subjects.push({
    name: 'peer: Hono + crypto.verify',
    role: 'peer',
    env: { DISCORD_PUBLIC_KEY: world.publicKeyHex },
    dataDir: peerDir,
    args: [path.join(BENCH_DIR, 'peer.mjs'), 'verify-node'],
  });
  {
    const s = sqlite('endpoint', true);
    subjects.push({ name: 'ROLE=endpoint, SQLite', role: 'endpoint', ...s, env: world.env(s.env) });
  }
  if (opts.postgresUrl !== undefined) {
    const s = sqlite('endpoint-pg');
    subjects.push({
      name: 'ROLE=endpoint, PostgreSQL',
      role: 'endpoint',
      dataDir: s.dataDir,
      env: world.env({ DATA_DIR: s.dataDir, DATABASE_URL: opts.postgresUrl }),
    });
  }
  {
    const s = sqlite('worker');
    subjects.push({
      name: 'ROLE=worker, SQLite',
      role: 'worker',
      ...s,
      env: world.env(s.env),
      beside: 'endpoint',
    });
  }
  {
    const s = sqlite('all');
    subjects.push({ name: 'ROLE=all, SQLite, CHROMA_URL', role: 'all', ...s, env: world.env(s.env) });
  }
  {
    // As a first `npm start` runs: no CHROMA_URL, a local Chroma started under DATA_DIR/chroma.
    const s = sqlite('all-local');
    const { CHROMA_URL: _, ...env } = world.env(s.env);
    subjects.push({ name: 'ROLE=all, SQLite, local Chroma', role: 'all', ...s, env });
  }

  const results: (ColdStartFigures & { name: string; role: Role | 'peer' })[] = [];
  world.ollama.chatScript = () => ({ chunks: ['Stand-in', ' answer [1].'] });
  for (const subject of subjects) {
    log(`  ${subject.name}: ${opts.runs} cold starts to the first PING, ${opts.runs} to the first /ask …`);
    rmSync(subject.dataDir, { recursive: true, force: true });
    const queueFile = subject.env.DATABASE_URL?.startsWith('postgres')
      ? undefined
      : subject.env.DATABASE_URL && queueFileOf(subject.env.DATABASE_URL);
    if (queueFile) removeSqlite(queueFile);
    const spawn = () =>
      spawnBot({
        role: subject.role === 'peer' ? 'endpoint' : subject.role,
        env: subject.env,
        cpus: opts.cpus,
        cwd: opts.dir,
        logFile,
        cleanup,
        ...(subject.args ? { args: subject.args } : {}),
      });
    const pings: number[] = [];
    const asks: number[] = [];
    const idle: number[] = [];
    const afterBurst: number[] = [];
    const peak: number[] = [];
    const limit = subject.env.CHROMA_URL === undefined && subject.role !== 'peer' ? 90_000 : 30_000;
    for (let i = 0; i < opts.runs; i++) {
      const bot = await spawn();
      try {
        const ms = await firstAnswer(bot, subject.role === 'worker' ? 'health' : world.ping, 1, limit);
        await sleep(1000);
        const rss = residentMiB(bot.pid);
        if (i > 0) {
          pings.push(ms);
          if (rss !== undefined) idle.push(rss.rss);
        }
      } finally {
        await bot.stop();
      }
    }
    if (subject.role !== 'worker') {
      for (let i = 0; i < opts.runs; i++) {
        const bot = await spawn();
        try {
          const ms = await firstAnswer(bot, world.ask, 5, limit);
          if (i === 0) continue;
          asks.push(ms);
          if (i !== opts.runs - 1) continue;
          // The burst, on the last spawn only.
          await sleep(1000);
          await burst(
            bot.url,
            Array.from({ length: opts.burst }, () => world.ask()),
            20,
          );
          const rss = residentMiB(bot.pid);
          if (rss !== undefined) {
            afterBurst.push(rss.rss);
            peak.push(rss.hwm);
          }
        } finally {
          await bot.stop();
        }
      }
    } else {
      // A worker's burst: questions queued by an endpoint on the same database, answered by it.
      const worker = await startBot({
        role: 'worker',
        env: subject.env,
        cpus: opts.cpus,
        cwd: opts.dir,
        logFile,
        cleanup,
      });
      const endpoint = await startBot({
        role: 'endpoint',
        env: subject.env,
        cwd: opts.dir,
        logFile,
        cleanup,
      });
      try {
        const count = Math.min(opts.burst, 100);
        const reqs = Array.from({ length: count }, () => world.ask());
        await burst(endpoint.url, reqs, 20);
        const deadline = Date.now() + 180_000;
        while (!reqs.every((r) => world.ended(r.token)) && Date.now() < deadline) await sleep(50);
        const rss = residentMiB(worker.pid);
        if (rss !== undefined) {
          afterBurst.push(rss.rss);
          peak.push(rss.hwm);
        }
      } finally {
        await Promise.all([worker.stop(), endpoint.stop()]);
      }
    }
    results.push({
      name: subject.name,
      role: subject.role,
      firstPingMs: median(pings),
      firstAskMs: median(asks),
      idleMiB: median(idle),
      afterBurstMiB: median(afterBurst),
      peakMiB: median(peak),
      runs: opts.runs - 1,
    });
    rmSync(subject.dataDir, { recursive: true, force: true });
    if (queueFile) removeSqlite(queueFile);
  }
  const [peer, ...rest] = results;
  if (peer === undefined) throw new Error('no peer figures');
  const withRatios: ColdStartSubject[] = rest.map((s) => ({
    ...s,
    ratios: {
      firstPing: ratio(s.firstPingMs, peer.firstPingMs),
      firstAsk: ratio(s.firstAskMs, peer.firstAskMs),
      idle: ratio(s.idleMiB, peer.idleMiB),
      afterBurst: ratio(s.afterBurstMiB, peer.afterBurstMiB),
    },
  }));
  const endpoints = withRatios.filter((s) => s.role === 'endpoint');
  const alls = withRatios.filter((s) => s.role === 'all');
  return {
    pinned: opts.cpus === undefined ? 'not pinned' : `every subject on CPU ${opts.cpus}`,
    burst: opts.burst,
    peer,
    subjects: withRatios,
    goals: {
      endpointStartWithin3x: endpoints.every((s) => s.ratios.firstPing <= 3 && s.ratios.firstAsk <= 3),
      endpointRssWithin1_5x: endpoints.every((s) => s.ratios.idle <= 1.5 && s.ratios.afterBurst <= 1.5),
      allIdleUnder200MiB: alls.every((s) => s.idleMiB < 200),
    },
  };
}
