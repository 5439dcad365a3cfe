import { sql } from 'drizzle-orm';
import { asBool, asNullableNumber, asNumber, chunks, type Executor } from '../sql';
import type { CollectionState, OutboxStore } from '../types';
import { messageFromRow, selectMessages } from './messages';

const MODEL_KEY = 'outbox_model';

function collectionFromRow(r: Record<string, unknown>): CollectionState {
  return {
    name: String(r.name),
    guildId: String(r.guild_id),
    model: String(r.model),
    dimension: asNullableNumber(r.dimension),
    ready: asBool(r.ready),
  };
}

export function createOutboxStore(exec: Executor): OutboxStore {
  return {
    async next(limit, exclude = new Set()) {
      // No ORDER BY: the partial index of unsynced rows is read as it is, so each call costs what
      // it returns even while a whole collection is being refilled.
      const rows = await exec.all<Record<string, unknown>>(
        selectMessages(sql`vector_synced = FALSE`, sql`LIMIT ${limit + exclude.size}`),
      );
      const fresh = rows.map(messageFromRow);
      return exclude.size === 0 ? fresh : fresh.filter((r) => !exclude.has(r.id)).slice(0, limit);
    },
    markSyncedIfUnchanged(rows) {
      if (rows.length === 0) return Promise.resolve(0);
      return exec.transaction(async (tx) => {
        let n = 0;
        for (const part of chunks(rows, 200)) {
          const values = part.map(
            (r) => sql`(${r.id}, ${r.content}, ${tx.bool(r.deleted)}, ${r.authorName})`,
          );
          n += await tx.run(sql`
            UPDATE messages SET vector_synced = TRUE
            WHERE vector_synced = FALSE AND (id, content, deleted, author_name) IN (VALUES ${sql.join(values, sql`, `)})`);
        }
        return n;
      });
    },
    async pending() {
      const r = await exec.get<{ n: unknown }>(
        sql`SELECT count(*) AS n FROM messages WHERE vector_synced = FALSE`,
      );
      return asNumber(r?.n);
    },
    async countSyncedSearchable(guildId) {
      const r = await exec.get<{ n: unknown }>(sql`
        SELECT count(*) AS n FROM messages
        WHERE guild_id = ${guildId} AND vector_synced = TRUE AND deleted = FALSE AND content <> ''`);
      return asNumber(r?.n);
    },
    async syncedSearchablePage(guildId, afterId, limit) {
      const rows = await exec.all<{ id: string }>(sql`
        SELECT id FROM messages
        WHERE guild_id = ${guildId} AND id > ${afterId} AND vector_synced = TRUE AND deleted = FALSE AND content <> ''
        ORDER BY id LIMIT ${limit}`);
      return rows.map((r) => r.id);
    },
    requeue(ids) {
      if (ids.length === 0) return Promise.resolve();
      return exec.transaction(async (tx) => {
        for (const part of chunks(ids, 500)) {
          await tx.run(sql`UPDATE messages SET vector_synced = FALSE WHERE ${tx.inList(sql`id`, part)}`);
        }
      });
    },
    requeueGuild(guildId) {
      return exec.run(sql`
        UPDATE messages SET vector_synced = FALSE
        WHERE guild_id = ${guildId} AND vector_synced = TRUE AND deleted = FALSE AND content <> ''`);
    },
    async model() {
      const r = await exec.get<{ value: string }>(
        sql`SELECT value FROM indexer_state WHERE key = ${MODEL_KEY}`,
      );
      return r?.value;
    },
    switchModel(model, now) {
      return exec.transaction(async (tx) => {
        await tx.run(sql`UPDATE messages SET vector_synced = FALSE WHERE vector_synced = TRUE`);
        await tx.run(sql`UPDATE collections SET ready = FALSE WHERE model <> ${model}`);
        await tx.run(sql`
          INSERT INTO indexer_state (key, value, updated_at) VALUES (${MODEL_KEY}, ${model}, ${now})
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
      });
    },
    async collection(name) {
      const r = await exec.get<Record<string, unknown>>(sql`SELECT * FROM collections WHERE name = ${name}`);
      return r === undefined ? undefined : collectionFromRow(r);
    },
    async collections() {
      const rows = await exec.all<Record<string, unknown>>(sql`SELECT * FROM collections`);
      return rows.map(collectionFromRow);
    },
    async saveCollection(c) {
      await exec.run(sql`
        INSERT INTO collections (name, guild_id, model, dimension, created_at, ready)
        VALUES (${c.name}, ${c.guildId}, ${c.model}, ${c.dimension}, ${Date.now()}, ${exec.bool(c.ready)})
        ON CONFLICT (name) DO UPDATE SET guild_id = excluded.guild_id, model = excluded.model,
          dimension = excluded.dimension, ready = excluded.ready`);
    },
    async dropCollection(name) {
      await exec.run(sql`DELETE FROM collections WHERE name = ${name}`);
    },
  };
}
