/**
 * A worker killed mid-answer (bench/README.md, "Failover"): one ROLE=endpoint and two ROLE=worker
 * processes on PostgreSQL; one question whose answer streams slowly; once its first words are in
 * Discord, SIGKILL to the process group of the worker holding it. Measured from the kill to the
 * other worker taking the job (its lease ran out: 15 s, renewed every 5 s) and to that worker's
 * first edit of the same reply.
 */
import path from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/open';
import type { Corpus } from './corpus';
import type { SearchSet } from './indexing';
import { storeMessages } from './indexing';
import { batch } from './load';
import { type BotProcess, type Cleanup, startBot } from './processes';
import { round, sleep } from './stats';
import { streaming, type World } from './world';

export interface FailoverResult {
  /** SIGKILL → the job claimed by the other worker (attempt 2). */
  takenUpSeconds: number;
  /** SIGKILL → the other worker's first edit of the reply. */
  firstEditSeconds: number;
  leaseSeconds: number;
  renewSeconds: number;
}

export async function benchFailover(opts: {
  world: World;
  corpus: Corpus;
  set: SearchSet;
  postgresUrl: string;
  dir: string;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<FailoverResult> {
  const { world, cleanup } = opts;
  opts.log(`  storing ${opts.set.messages.length} messages in PostgreSQL …`);
  const { store } = await openPostgresStore(opts.postgresUrl);
  await storeMessages(store, opts.corpus, opts.set.messages, 1000).finally(() => store.close());
  const env = world.env({ DATABASE_URL: opts.postgresUrl, DATA_DIR: opts.dir });
  const logFile = path.join(opts.dir, 'failover.log');
  const start = (role: 'endpoint' | 'worker') => startBot({ role, env, cwd: opts.dir, logFile, cleanup });
  const db = new pg.Client({ connectionString: opts.postgresUrl });
  await db.connect();
  const bots: BotProcess[] = [];
  try {
    // Started at the same moment, as a process manager would; PostgreSQL migrations take a lock.
    bots.push(...(await Promise.all([start('endpoint'), start('worker'), start('worker')])));
    const [endpoint, ...workers] = bots;
    if (endpoint === undefined) throw new Error('no endpoint');
    // 40 s of streaming: the answer is still going when the other worker takes it up.
    world.ollama.chatScript = streaming(400, 100);
    opts.log('  one slow answer; SIGKILL to the worker streaming it …');
    const req = world.ask();
    const id = String((JSON.parse(req.body) as { id: string }).id);
    await batch({ url: endpoint.url, path: '/interactions', pool: [req], inFlight: 1 });
    const job = async () =>
      (await db.query('SELECT lease_owner, attempts FROM jobs WHERE id = $1', [id])).rows[0] as
        | { lease_owner: string | null; attempts: number }
        | undefined;
    const deadline = Date.now() + 60_000;
    while (world.firstEditAt(req.token, 0) === undefined && Date.now() < deadline) await sleep(20);
    const owner = (await job())?.lease_owner ?? '';
    // lease_owner is host:pid:thread:random (src/roles/worker.ts).
    const holder = workers.find((w) => owner.split(':')[1] === String(w.pid));
    if (holder === undefined) throw new Error(`no worker holds the job (lease owner "${owner}")`);
    const killedAt = Date.now();
    await holder.kill();
    let takenUpAt: number | undefined;
    let firstEditAt: number | undefined;
    const until = killedAt + 60_000;
    while ((takenUpAt === undefined || firstEditAt === undefined) && Date.now() < until) {
      if (takenUpAt === undefined && ((await job())?.attempts ?? 0) >= 2) takenUpAt = Date.now();
      // Anything the killed process had sent arrived within a few ms of the kill.
      firstEditAt ??= world.firstEditAt(req.token, killedAt + 100);
      await sleep(20);
    }
    return {
      takenUpSeconds: takenUpAt === undefined ? Number.NaN : round((takenUpAt - killedAt) / 1000),
      firstEditSeconds: firstEditAt === undefined ? Number.NaN : round((firstEditAt - killedAt) / 1000),
      leaseSeconds: 15,
      renewSeconds: 5,
    };
  } finally {
    await db.end();
    await Promise.all(bots.map((b) => b.kill()));
  }
}
