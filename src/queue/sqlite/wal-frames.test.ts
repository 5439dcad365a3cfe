import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { testPolicy } from '../../../test/admission-policy';
import { tempDir } from '../../../test/tmp';
import { openSqliteQueue } from './open';

/** Pages in the file's write-ahead log, read from another connection (a passive checkpoint reports them). */
function walFrames(file: string): number {
  const other = new Database(file);
  try {
    const [row] = other.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    return row?.log ?? Number.NaN;
  } finally {
    other.close();
  }
}

describe('SQLite queue: what an acknowledgement writes', () => {
  it('adds four pages to the log per queued question: the row, its key, the claim and member indexes', async () => {
    const file = path.join(tempDir('askbot-wal-'), 'queue.sqlite');
    const queue = openSqliteQueue(file);
    const now = Date.now();
    // Answers already given, as the statistics keep them: their finish times are indexed.
    for (let i = 0; i < 40; i++) {
      const id = `90${String(i).padStart(16, '0')}`;
      await queue.enqueue(
        {
          id,
          kind: 'ask',
          guildId: 'g',
          userId: `past${i}`,
          token: 't',
          payload: { question: 'q' },
          receivedAt: now,
        },
        testPolicy,
        now,
      );
      const job = await queue.claim('w', [1], 60_000, now);
      if (job) await queue.finish(job.id, 'w', 'answered');
    }
    const truncate = new Database(file);
    truncate.pragma('wal_checkpoint(TRUNCATE)');
    truncate.close();
    const questions = 150;
    for (let i = 0; i < questions; i++) {
      const id = `95${String(i).padStart(16, '0')}`;
      const r = await queue.enqueue(
        {
          id,
          kind: 'ask',
          guildId: 'g',
          userId: `member${(i * 7919) % 1000}`,
          token: `token-${i}`,
          payload: { question: `question ${i}` },
          receivedAt: now,
        },
        testPolicy,
        now,
      );
      expect(r.status).toBe('queued');
    }
    const perQuestion = walFrames(file) / questions;
    await queue.close();
    // A page split now and then adds a page; an index on the still-empty finish time adds one each time.
    expect(perQuestion).toBeGreaterThanOrEqual(4);
    expect(perQuestion).toBeLessThan(4.5);
  });
});
