import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { testPolicy } from '../../test/admission-policy';
import { tempDir } from '../../test/tmp';
import { systemClock } from '../async';
import type { JobResult } from '../jobs/abort';
import { silentLogger } from '../log';
import { openSqliteQueue } from '../queue/sqlite/open';
import type { Job, JobKind, JobQueue } from '../queue/types';
import { createWorker } from './worker';

/** The real queue, with its claims counted (each one takes the queue's write lock). */
function countingClaims(queue: JobQueue): { queue: JobQueue; claims: () => number } {
  let claims = 0;
  const counted: JobQueue = Object.create(queue);
  counted.claim = (...args) => {
    claims++;
    return queue.claim(...args);
  };
  return { queue: counted, claims: () => claims };
}

const until = async (what: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A few turns of the event loop: enough for a wake's fill to run its claims. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 20));
};

describe('worker wake-ups', () => {
  it('looks only at the lane a job was queued in, and not at all when that lane has no free slot', async () => {
    const raw = openSqliteQueue(path.join(tempDir(), 'q.sqlite'), { durable: false });
    const { queue, claims } = countingClaims(raw);
    const started: Job[] = [];
    const releases = new Map<string, (r: JobResult) => void>();
    const worker = createWorker({
      queue,
      slots: 2,
      // No poll during the test: only wake-ups and ends of jobs make the worker look.
      pollMs: 600_000,
      clock: systemClock,
      log: silentLogger,
      run: (job) => {
        started.push(job);
        if (job.kind === 'status') return Promise.resolve('answered');
        return new Promise((resolve) => releases.set(job.id, resolve));
      },
    });
    onTestFinished(async () => {
      await worker.stop(100);
      await raw.close();
    });
    worker.start();
    await settle();
    let n = 0;
    const enqueue = async (kind: JobKind) => {
      n++;
      const now = Date.now();
      const job = {
        id: `i${n}`,
        kind,
        guildId: 'g',
        userId: `u${n}`,
        token: 't',
        payload: {},
        receivedAt: now,
      };
      expect((await raw.enqueue(job, testPolicy, now)).status).toBe('queued');
      return job.id;
    };

    // Two questions fill both answer slots.
    await enqueue('ask');
    worker.wake(1);
    await enqueue('ask');
    worker.wake(1);
    await until(() => worker.busy === 2);

    // A third waits in line: fifty wake-ups for its lane, whose slots are all taken, claim nothing.
    const third = await enqueue('ask');
    const before = claims();
    for (let i = 0; i < 50; i++) worker.wake(1);
    await settle();
    expect(claims() - before).toBe(0);
    expect(started.map((j) => j.id)).not.toContain(third);

    // A quick job is taken at once beside the full answer slots, with its own lane's claims only.
    const status = await enqueue('status');
    worker.wake(0);
    await until(() => started.some((j) => j.id === status));
    expect(claims() - before).toBeLessThanOrEqual(3);

    // An answer's end frees its slot, and the one waiting is taken without any wake-up.
    releases.get('i1')?.('answered');
    await until(() => started.some((j) => j.id === third));
    expect(worker.busy).toBe(2);
  });
});
