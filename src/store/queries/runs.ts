import { sql } from 'drizzle-orm';
import { asNullableNumber, asNumber, type Executor } from '../sql';
import type { IndexRun, LockResult, RunSource, RunStatus, RunStore } from '../types';

function runFromRow(r: Record<string, unknown>): IndexRun {
  return {
    id: asNumber(r.id),
    startedAt: asNumber(r.started_at),
    finishedAt: asNullableNumber(r.finished_at),
    status: String(r.status) as RunStatus,
    source: String(r.source) as RunSource,
    channels: asNumber(r.channels),
    messagesNew: asNumber(r.messages_new),
    messagesEdited: asNumber(r.messages_edited),
    messagesDeleted: asNumber(r.messages_deleted),
    messagesEmbedded: asNumber(r.messages_embedded),
    error: r.error === null || r.error === undefined ? null : String(r.error),
  };
}

/** indexer_state keys of a full run's progress, one per channel (no schema change needed). */
const FULL_PREFIX = 'full:';

/** Index runs; the run lock is the dialect's own (a heartbeat row in SQLite, an advisory lock in PostgreSQL). */
export function createRunStore(
  exec: Executor,
  acquireLock: (opts: { heartbeatMs?: number; staleMs?: number }) => Promise<LockResult>,
): RunStore {
  return {
    async start(at, source) {
      const r = await exec.get<{ id: unknown }>(
        sql`INSERT INTO index_runs (started_at, status, source) VALUES (${at}, 'running', ${source}) RETURNING id`,
      );
      return asNumber(r?.id);
    },
    async finish(id, r) {
      await exec.run(sql`
        UPDATE index_runs SET finished_at = ${r.finishedAt}, status = ${r.status}, error = ${r.error},
          channels = ${r.channels}, messages_new = ${r.messagesNew}, messages_edited = ${r.messagesEdited},
          messages_deleted = ${r.messagesDeleted}, messages_embedded = ${r.messagesEmbedded}
        WHERE id = ${id}`);
    },
    async last(source) {
      const r = await exec.get<Record<string, unknown>>(sql`
        SELECT * FROM index_runs ${source === undefined ? sql`` : sql`WHERE source = ${source}`}
        ORDER BY id DESC LIMIT 1`);
      return r === undefined ? undefined : runFromRow(r);
    },
    async closeAbandoned(now) {
      await exec.run(sql`
        UPDATE index_runs SET status = 'failed', finished_at = ${now},
          error = 'interrupted (the process stopped before the run ended)'
        WHERE status = 'running'`);
    },
    async fullProgress() {
      const rows = await exec.all<{ key: string; value: string }>(
        sql`SELECT key, value FROM indexer_state WHERE key LIKE ${`${FULL_PREFIX}%`}`,
      );
      return new Map(rows.map((r) => [r.key.slice(FULL_PREFIX.length), r.value]));
    },
    async saveFullProgress(channelId, position, at) {
      await exec.run(sql`
        INSERT INTO indexer_state (key, value, updated_at) VALUES (${FULL_PREFIX + channelId}, ${position}, ${at})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    },
    async clearFullProgress() {
      await exec.run(sql`DELETE FROM indexer_state WHERE key LIKE ${`${FULL_PREFIX}%`}`);
    },
    acquireLock: (opts = {}) => acquireLock(opts),
  };
}
