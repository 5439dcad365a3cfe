import { sql } from 'drizzle-orm';
import { asBool, asNullableNumber, asNumber, chunks, type Executor, parseIds } from '../sql';
import type { ChannelInfo, ChannelStore, ForumTag, StoredChannel } from '../types';
import { bumpVersions } from './guilds';

function channelFromRow(r: Record<string, unknown>): StoredChannel {
  return {
    id: String(r.id),
    guildId: String(r.guild_id),
    parentId: r.parent_id === null || r.parent_id === undefined ? null : String(r.parent_id),
    type: asNumber(r.type),
    name: String(r.name),
    nsfw: asBool(r.nsfw),
    lastMessageId:
      r.last_message_id === null || r.last_message_id === undefined ? null : String(r.last_message_id),
    lastCrawledAt: asNullableNumber(r.last_crawled_at),
    lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
    deleted: asBool(r.deleted),
    availableTags: parseTags(r.available_tags),
    appliedTags: parseIds(r.applied_tags),
  };
}

/** The `available_tags` column as tags; anything malformed reads as none. */
export function parseTags(v: unknown): ForumTag[] {
  const list = parseJsonArray(v);
  return list.flatMap((t) => {
    if (typeof t !== 'object' || t === null) return [];
    const { id, name, moderated } = t as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string') return [];
    return [{ id, name, moderated: moderated === true }];
  });
}

function parseJsonArray(v: unknown): unknown[] {
  if (typeof v !== 'string' || v === '') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** The tag columns of a channel as stored: only the fields the product reads. */
const tagColumns = (c: ChannelInfo) => ({
  available: JSON.stringify(
    (c.availableTags ?? []).map((t) => ({ id: t.id, name: t.name, moderated: t.moderated })),
  ),
  applied: JSON.stringify(c.appliedTags ?? []),
});

export function createChannelStore(exec: Executor): ChannelStore {
  return {
    upsert(list) {
      if (list.length === 0) return Promise.resolve();
      return exec.transaction(async (tx) => {
        for (const part of chunks(list, 100)) {
          const values = part.map((c) => {
            const tags = tagColumns(c);
            return sql`(${c.id}, ${c.guildId}, ${c.parentId}, ${c.type}, ${c.name}, ${tx.bool(c.nsfw)}, FALSE,
                        ${tags.available}, ${tags.applied})`;
          });
          await tx.run(sql`
            INSERT INTO channels (id, guild_id, parent_id, type, name, nsfw, deleted, available_tags, applied_tags)
            VALUES ${sql.join(values, sql`, `)}
            ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, type = excluded.type,
              name = excluded.name, nsfw = excluded.nsfw, deleted = FALSE,
              available_tags = excluded.available_tags, applied_tags = excluded.applied_tags`);
        }
      });
    },
    async insertIfMissing(c) {
      const tags = tagColumns(c);
      await exec.run(sql`
        INSERT INTO channels (id, guild_id, parent_id, type, name, nsfw, deleted, available_tags, applied_tags)
        VALUES (${c.id}, ${c.guildId}, ${c.parentId}, ${c.type}, ${c.name}, ${exec.bool(c.nsfw)}, FALSE,
                ${tags.available}, ${tags.applied})
        ON CONFLICT (id) DO NOTHING`);
    },
    async get(id) {
      const r = await exec.get<Record<string, unknown>>(sql`SELECT * FROM channels WHERE id = ${id}`);
      return r === undefined ? undefined : channelFromRow(r);
    },
    async ofGuild(guildId) {
      const rows = await exec.all<Record<string, unknown>>(
        sql`SELECT * FROM channels WHERE guild_id = ${guildId} AND deleted = FALSE`,
      );
      return rows.map(channelFromRow);
    },
    async allOfGuild(guildId) {
      const rows = await exec.all<Record<string, unknown>>(
        sql`SELECT * FROM channels WHERE guild_id = ${guildId}`,
      );
      return rows.map(channelFromRow);
    },
    async setCrawlResult(id, r) {
      await exec.run(
        sql`UPDATE channels SET last_crawled_at = ${r.crawledAt}, last_error = ${r.error} WHERE id = ${id}`,
      );
    },
    async advanceCursor(id, lastMessageId) {
      await exec.run(sql`
        UPDATE channels SET last_message_id = ${lastMessageId}
        WHERE id = ${id} AND (last_message_id IS NULL OR CAST(last_message_id AS BIGINT) < CAST(${lastMessageId} AS BIGINT))`);
    },
    markDeleted(id, at) {
      return exec.transaction(async (tx) => {
        const gone = await tx.all<{ guild_id: string }>(sql`
          UPDATE messages SET deleted = TRUE, vector_synced = FALSE
          WHERE channel_id = ${id} AND deleted = FALSE RETURNING guild_id`);
        await tx.run(
          sql`UPDATE channels SET deleted = TRUE, last_crawled_at = ${at}, last_error = NULL WHERE id = ${id}`,
        );
        await bumpVersions(
          tx,
          gone.map((g) => g.guild_id),
        );
        return gone.length;
      });
    },
    async guildIds() {
      const rows = await exec.all<{ guild_id: string }>(sql`SELECT DISTINCT guild_id FROM channels`);
      return rows.map((r) => r.guild_id);
    },
  };
}
