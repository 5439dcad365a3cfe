/**
 * Scaling the acknowledgements out (bench/README.md, "Two endpoints"): signed /ask acknowledged per
 * second by one ROLE=endpoint process on PostgreSQL, then by two on the same database with the load
 * spread over both ports (no balancer in between). Not pinned: the processes, PostgreSQL and the
 * load generator share the machine's cores.
 */
import path from 'node:path';
import { openPostgresQueue } from '../src/queue/postgres/open';
import { openPostgresStore } from '../src/store/postgres/open';
import { phantomWorker } from './ack';
import { closedLoop, type LoadResult } from './load';
import type { Cleanup } from './processes';
import { startBot } from './processes';
import { ratio } from './stats';
import type { World } from './world';

export interface EndpointsResult {
  one: LoadResult;
  two: LoadResult;
  ratioTwoToOne: number;
}

export async function benchEndpoints(opts: {
  world: World;
  postgresUrl: string;
  dir: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  pool: number;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<EndpointsResult> {
  const { world, cleanup } = opts;
  const env = world.env({ DATABASE_URL: opts.postgresUrl, DATA_DIR: opts.dir });
  const start = () =>
    startBot({
      role: 'endpoint',
      env,
      cwd: opts.dir,
      logFile: path.join(opts.dir, 'endpoints.log'),
      cleanup,
    });
  // Both started at once (PostgreSQL migrations take a lock); the second idles through the first figure.
  const [first, second] = await Promise.all([start(), start()]);
  const { store, pool } = await openPostgresStore(opts.postgresUrl);
  const phantom = phantomWorker(openPostgresQueue(pool));
  try {
    const run = async (urls: string[]) => {
      const asks = Array.from({ length: opts.pool }, () => world.ask());
      const warm = Array.from({ length: 300 }, () => world.ask());
      const load = (p: typeof asks, seconds: number) =>
        closedLoop({ urls, path: '/interactions', pool: p, seconds, connections: opts.connections });
      await load(warm, opts.warmupSeconds);
      const { used: _, ...r } = await load(asks, opts.seconds);
      return r;
    };
    opts.log(`  one ROLE=endpoint, ${opts.connections} connections × ${opts.seconds} s …`);
    const one = await run([first.url]);
    opts.log(`  two ROLE=endpoint, ${opts.connections} connections spread over both × ${opts.seconds} s …`);
    const two = await run([first.url, second.url]);
    await Promise.all([first.done(), second.done()]);
    return { one, two, ratioTwoToOne: ratio(two.requestsPerSec, one.requestsPerSec) };
  } finally {
    await phantom.stop();
    await store.close();
  }
}
