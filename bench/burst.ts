/**
 * A burst of questions (bench/README.md, "Burst"): `count` signed /ask of distinct members, `inFlight`
 * at a time, against `npm start` (ROLE=all) on one core while the model streams at 20 ms a chunk:
 * how many were answered, how many were told "busy", when the last answer arrived, and the
 * acknowledgement latency during the burst. Measured twice: on a service that has answered a few
 * questions (admission knows its answer time, as in a running bot) and, for the acknowledgements
 * only, on one that has answered none (admission assumes 15 s an answer).
 */
import path from 'node:path';
import { queueFileOf, removeSqlite } from './ack';
import type { SearchSet } from './indexing';
import { batch } from './load';
import { type Cleanup, startBot } from './processes';
import { distribution, round, sleep } from './stats';
import { streaming, type World } from './world';

export const BURST_MODEL = streaming(20, 20);

export interface BurstResult {
  questions: number;
  inFlight: number;
  /** Ending in an answer (a final edit with the answer's buttons). */
  answered: number;
  /** Acknowledged with the "busy" sentence instead of a place in the queue. */
  busy: number;
  /** Deferred but ended without an answer (an error sentence), or not ended when the wait ran out. */
  other: number;
  /** From the first request of the burst to the last answer's final edit. */
  lastAnswerSeconds: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** The same burst on a service that has not answered anything yet: admitted and busy. */
  cold: { deferred: number; busy: number; ackP99Ms: number };
}

type Ack = { ms: number; body: unknown; request: { token: string } };
const isBusy = (a: Ack) => {
  const b = a.body as { type?: number; data?: { content?: string } } | undefined;
  return b?.type === 4 && (b.data?.content ?? '').includes('busy');
};
const isDeferred = (a: Ack) => (a.body as { type?: number } | undefined)?.type === 5;

export async function benchBurst(opts: {
  world: World;
  set: SearchSet;
  dir: string;
  count: number;
  inFlight: number;
  /** How long to wait for the last answer. */
  waitSeconds: number;
  cpus: string | undefined;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<BurstResult> {
  const { world } = opts;
  const queueFile = queueFileOf(opts.set.dbPath);
  const env = world.env({ DATABASE_URL: opts.set.dbPath, DATA_DIR: opts.dir });
  const start = () =>
    startBot({
      role: 'all',
      env,
      cpus: opts.cpus,
      cwd: opts.dir,
      logFile: path.join(opts.dir, 'burst.log'),
      cleanup: opts.cleanup,
    });
  world.ollama.chatScript = BURST_MODEL;

  opts.log(`  cold: ${opts.count} questions, ${opts.inFlight} in flight, on a service that answered none …`);
  removeSqlite(queueFile);
  let bot = await start();
  const coldAcks = await batch({
    url: bot.url,
    path: '/interactions',
    pool: Array.from({ length: opts.count }, () => world.ask()),
    inFlight: opts.inFlight,
  });
  await bot.done();

  opts.log(`  warm: ${opts.count} questions, ${opts.inFlight} in flight, after 4 answered …`);
  removeSqlite(queueFile);
  bot = await start();
  const warm = Array.from({ length: 4 }, () => world.ask());
  await batch({ url: bot.url, path: '/interactions', pool: warm, inFlight: 4 });
  const warmDeadline = Date.now() + 60_000;
  while (!warm.every((r) => world.ended(r.token)) && Date.now() < warmDeadline) await sleep(50);
  // Admission reads the answer time at most once a second.
  await sleep(1100);
  const pool = Array.from({ length: opts.count }, () => world.ask());
  const started = Date.now();
  const acks = await batch({ url: bot.url, path: '/interactions', pool, inFlight: opts.inFlight });
  const deferred = acks.filter(isDeferred).map((a) => a.request.token);
  const deadline = Date.now() + opts.waitSeconds * 1000;
  while (!deferred.every((t) => world.ended(t)) && Date.now() < deadline) await sleep(200);
  const answeredTokens = deferred.filter((t) => world.answered(t));
  const last = Math.max(...answeredTokens.map((t) => world.lastEditAt(t) ?? 0));
  await bot.done();
  const d = distribution(acks.map((a) => a.ms));
  const cold = distribution(coldAcks.map((a) => a.ms));
  return {
    questions: opts.count,
    inFlight: opts.inFlight,
    answered: answeredTokens.length,
    busy: acks.filter(isBusy).length,
    other: opts.count - answeredTokens.length - acks.filter(isBusy).length,
    lastAnswerSeconds: answeredTokens.length === 0 ? Number.NaN : round((last - started) / 1000),
    ackP50Ms: round(d.p50),
    ackP99Ms: round(d.p99),
    cold: {
      deferred: coldAcks.filter(isDeferred).length,
      busy: coldAcks.filter(isBusy).length,
      ackP99Ms: round(cold.p99),
    },
  };
}
