/**
 * The durable write of an acknowledgement: `queue.enqueue` of an /ask job (admission and insert in
 * one transaction, synced before it resolves) timed call by call, on SQLite (the queue's own file,
 * synchronous = FULL) and on PostgreSQL; beside it `queue.ping()` on the same handle, a round trip
 * that writes nothing.
 */
import path from 'node:path';
import type { AskPayload } from '../src/jobs/payloads';
import { openPostgresQueue } from '../src/queue/postgres/open';
import { openSqliteQueue } from '../src/queue/sqlite/open';
import type { JobQueue } from '../src/queue/types';
import { openPostgresStore } from '../src/store/postgres/open';
import { phantomWorker } from './ack';
import { GUILD_ID } from './corpus';
import { admissionPolicyOf } from './policy';
import type { Cleanup } from './processes';
import { distribution, round } from './stats';

export interface WriteTimes {
  calls: number;
  enqueueP50Ms: number;
  enqueueP99Ms: number;
  pingP50Ms: number;
  pingP99Ms: number;
}

export interface QueueWriteResult {
  sqlite: WriteTimes;
  postgres: WriteTimes | undefined;
}

let seq = 0;

/** `calls` enqueues of distinct members' questions, one after the other, and as many pings. */
async function time(queue: JobQueue, calls: number): Promise<WriteTimes> {
  const policy = admissionPolicyOf({});
  const phantom = phantomWorker(queue);
  await queue.ping();
  const enqueue: number[] = [];
  const ping: number[] = [];
  try {
    for (let i = 0; i < calls + 20; i++) {
      seq++;
      const payload: AskPayload = {
        question: `what did people say about the deploy script ${seq}?`,
        ephemeral: false,
        channelId: '810000000000000001',
        roleIds: [],
        permissionsHere: '2147483647',
      };
      const now = Date.now();
      let start = performance.now();
      const r = await queue.enqueue(
        {
          id: String(970000000000000000n + BigInt(seq)),
          kind: 'ask',
          guildId: GUILD_ID,
          userId: String(850000000000000000n + BigInt(seq)),
          token: `qw-${seq}`,
          payload: payload as unknown as Record<string, unknown>,
          receivedAt: now,
        },
        policy,
        now,
      );
      const ms = performance.now() - start;
      if (r.status !== 'queued') throw new Error(`enqueue said ${r.status}`);
      start = performance.now();
      await queue.ping();
      const pingMs = performance.now() - start;
      if (i < 20) continue; // warm-up
      enqueue.push(ms);
      ping.push(pingMs);
    }
  } finally {
    await phantom.stop();
  }
  const e = distribution(enqueue);
  const p = distribution(ping);
  return {
    calls,
    enqueueP50Ms: round(e.p50),
    enqueueP99Ms: round(e.p99),
    pingP50Ms: round(p.p50),
    pingP99Ms: round(p.p99),
  };
}

export async function benchQueueWrite(opts: {
  dir: string;
  calls: number;
  postgresUrl: string | undefined;
  cleanup: Cleanup;
}): Promise<QueueWriteResult> {
  const sqliteQueue = openSqliteQueue(path.join(opts.dir, 'enqueue.queue.sqlite'));
  let sqlite: WriteTimes;
  try {
    sqlite = await time(sqliteQueue, opts.calls);
  } finally {
    await sqliteQueue.close();
  }
  let postgres: WriteTimes | undefined;
  if (opts.postgresUrl !== undefined) {
    const { store, pool } = await openPostgresStore(opts.postgresUrl);
    try {
      postgres = await time(openPostgresQueue(pool), opts.calls);
    } finally {
      await store.close();
    }
  }
  return { sqlite, postgres };
}
