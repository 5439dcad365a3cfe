import { type SQL, sql } from 'drizzle-orm';
import { snowflakeToMs } from '../../discord/snowflake';
import { searchText } from '../../text/words';
import { asBool, asNullableNumber, asNumber, chunks, type Executor } from '../sql';
import { searchTerms } from '../terms';
import type { MessageStore, NewMessage, PageChanges, SearchScope, StoredMessage } from '../types';
import { bumpVersions } from './guilds';

/** What differs between dialects in keyword search: the full-text index itself. */
export interface KeywordIndex {
  /** Message ids within `scope` matching any of the rarest of `terms` (budget as in selectTerms), best first. */
  search(
    exec: Executor,
    scope: SearchScope,
    terms: string[],
    limit: number,
    budget: number,
  ): Promise<string[]>;
}

/**
 * Messages the chosen terms of one keyword search may match in all (terms.ts `selectTerms`). At
 * 300,000 messages on SQLite: 2,000 → p50 9.2 ms, 5,000 → 12.8 ms (measured while word counts still
 * came from fts5vocab, about 3 ms of each; ranking every match is the rest of the cost).
 */
export const KEYWORD_BUDGET = 2000;

const COLUMNS = sql.raw(
  'id, guild_id, channel_id, author_id, author_name, author_is_bot, content, created_at, edited_at, deleted, attachments, embeds, reply_to_id, type, vector_synced',
);

/** A `messages` row of either dialect as the product's type. */
export function messageFromRow(r: Record<string, unknown>): StoredMessage {
  return {
    id: String(r.id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    authorId: String(r.author_id),
    authorName: String(r.author_name),
    authorIsBot: asBool(r.author_is_bot),
    content: String(r.content),
    createdAt: asNumber(r.created_at),
    editedAt: asNullableNumber(r.edited_at),
    deleted: asBool(r.deleted),
    attachments: String(r.attachments),
    embeds: String(r.embeds),
    replyToId: r.reply_to_id === null || r.reply_to_id === undefined ? null : String(r.reply_to_id),
    type: asNumber(r.type),
    vectorSynced: asBool(r.vector_synced),
  };
}

/** SELECT of the product's columns of `messages`, for the other query modules. */
export const selectMessages = (where: SQL, tail: SQL = sql``): SQL =>
  sql`SELECT ${COLUMNS} FROM messages WHERE ${where} ${tail}`;

/** A scope as SQL on `messages` (aliased `m` when `alias`): the guild, readable channels, author and time. */
export function scopeCondition(exec: Executor, scope: SearchScope, alias = ''): SQL {
  const col = (c: string) => sql.raw(alias ? `${alias}.${c}` : c);
  const parts = [
    sql`${col('guild_id')} = ${scope.guildId}`,
    sql`${col('deleted')} = FALSE`,
    exec.inList(col('channel_id'), scope.channelIds),
  ];
  if (scope.authorId !== undefined) parts.push(sql`${col('author_id')} = ${scope.authorId}`);
  if (scope.sinceMs !== undefined) parts.push(sql`${col('created_at')} >= ${scope.sinceMs}`);
  return sql.join(parts, sql` AND `);
}

/**
 * What a tombstone keeps of a message: nothing its author wrote. The text, name, files, the words
 * of the keyword index and the reply edge (which message it answered: the author's act) go; the
 * edges of later replies to it stay, as those belong to their authors, and expansion never shows
 * a tombstone (retrieval/conversations.ts).
 */
export const WIPED = sql.raw(
  `content = '', author_name = '', attachments = '[]', embeds = '[]', search_text = NULL, reply_to_id = NULL`,
);

interface Existing {
  id: string;
  content: string;
  edited_at: unknown;
  deleted: unknown;
  wiped_at: unknown;
  author_name: string;
  attachments: string;
  embeds: string;
}

/** Authors whose messages must not be stored, as `user\0guild` keys ('' guild: every guild). */
async function optedOut(exec: Executor, rows: readonly NewMessage[]): Promise<Set<string>> {
  const authors = [...new Set(rows.map((r) => r.authorId))];
  const found = new Set<string>();
  for (const part of chunks(authors, 500)) {
    const hits = await exec.all<{ user_id: string; guild_id: string }>(
      sql`SELECT user_id, guild_id FROM opt_outs WHERE ${exec.inList(sql`user_id`, part)}`,
    );
    for (const h of hits) found.add(`${h.user_id}\0${h.guild_id}`);
  }
  return found;
}

/**
 * Channels of `rows` whose messages must not be stored: excluded with `/settings exclude-channel`,
 * or a thread of an excluded channel.
 */
async function excludedChannels(exec: Executor, rows: readonly NewMessage[]): Promise<Set<string>> {
  const channelIds = [...new Set(rows.map((r) => r.channelId))];
  const hits = await exec.all<{ id: string }>(sql`
    SELECT channel_id AS id FROM excluded_channels WHERE ${exec.inList(sql`channel_id`, channelIds)}
    UNION
    SELECT c.id AS id FROM channels c JOIN excluded_channels e ON e.channel_id = c.parent_id
    WHERE ${exec.inList(sql`c.id`, channelIds)}`);
  return new Set(hits.map((h) => h.id));
}

function differs(old: Existing, row: NewMessage): boolean {
  return (
    old.content !== row.content ||
    asBool(old.deleted) !== (row.deleted ?? false) ||
    asNullableNumber(old.edited_at) !== (row.editedAt ?? null) ||
    old.author_name !== row.authorName ||
    old.attachments !== (row.attachments ?? '[]') ||
    old.embeds !== (row.embeds ?? '[]')
  );
}

/** The message queries of both dialects; `keywords` is the dialect's full-text index. */
export function createMessageStore(exec: Executor, keywords: KeywordIndex): MessageStore {
  return {
    storePage({ rows, deletedIds = [], cursor, source }) {
      return exec.transaction(async (tx) => {
        const result: PageChanges = {
          inserted: 0,
          edited: 0,
          deleted: 0,
          unchanged: 0,
          optedOut: 0,
          stale: 0,
          excluded: 0,
        };
        const touched = new Set<string>();
        const closed = rows.length > 0 ? await excludedChannels(tx, rows) : new Set<string>();
        const open = rows.filter((r) => !closed.has(r.channelId));
        result.excluded = rows.length - open.length;
        const blocked = open.length > 0 ? await optedOut(tx, open) : new Set<string>();
        const kept = open.filter(
          (r) => !blocked.has(`${r.authorId}\0`) && !blocked.has(`${r.authorId}\0${r.guildId}`),
        );
        result.optedOut = open.length - kept.length;
        const existing = new Map<string, Existing>();
        for (const part of chunks(
          kept.map((r) => r.id),
          500,
        )) {
          const found = await tx.all<Existing>(
            sql`SELECT id, content, edited_at, deleted, wiped_at, author_name, attachments, embeds
                FROM messages WHERE ${tx.inList(sql`id`, part)}`,
          );
          for (const e of found) existing.set(e.id, e);
        }
        const changed: NewMessage[] = [];
        for (const row of kept) {
          const old = existing.get(row.id);
          if (old === undefined) {
            result.inserted++;
          } else if (old.wiped_at !== null && old.wiped_at !== undefined) {
            // Forgotten or past retention: a tombstone, never filled again.
            result.stale++;
            continue;
          } else if (
            source === 'import' &&
            (asBool(old.deleted) || (asNullableNumber(old.edited_at) ?? 0) > (row.editedAt ?? 0))
          ) {
            // An export is a snapshot of the past: it must not undo a deletion or a newer edit.
            result.stale++;
            continue;
          } else if (source === 'import' && (asNullableNumber(old.edited_at) ?? 0) === (row.editedAt ?? 0)) {
            // The same version of the message is stored already, as Discord's API gave it (the crawl)
            // or from an export: an export renders it with less (no alt text, the nickname for the
            // name), so it changes nothing. Only an edit the store has not seen replaces it.
            result.unchanged++;
            continue;
          } else if (differs(old, row)) {
            result.edited++;
          } else {
            result.unchanged++;
            continue;
          }
          changed.push(row);
          touched.add(row.guildId);
        }
        for (const part of chunks(changed, 100)) {
          const values = part.map(
            (r) =>
              sql`(${r.id}, ${r.guildId}, ${r.channelId}, ${r.authorId}, ${r.authorName}, ${tx.bool(r.authorIsBot ?? false)},
                   ${r.content}, ${r.createdAt}, ${r.editedAt ?? null}, ${tx.bool(r.deleted ?? false)},
                   ${r.attachments ?? '[]'}, ${r.embeds ?? '[]'}, ${r.replyToId ?? null}, ${r.type ?? 0}, FALSE,
                   ${searchText(r.content, r.authorName)})`,
          );
          await tx.run(sql`
            INSERT INTO messages (id, guild_id, channel_id, author_id, author_name, author_is_bot, content,
              created_at, edited_at, deleted, attachments, embeds, reply_to_id, type, vector_synced, search_text)
            VALUES ${sql.join(values, sql`, `)}
            ON CONFLICT (id) DO UPDATE SET
              content = excluded.content, author_name = excluded.author_name, edited_at = excluded.edited_at,
              deleted = excluded.deleted, attachments = excluded.attachments, embeds = excluded.embeds,
              reply_to_id = excluded.reply_to_id, vector_synced = FALSE, search_text = excluded.search_text`);
        }
        for (const part of chunks(deletedIds, 500)) {
          const gone = await tx.all<{ guild_id: string }>(
            sql`UPDATE messages SET deleted = TRUE, vector_synced = FALSE
                WHERE ${tx.inList(sql`id`, part)} AND deleted = FALSE RETURNING guild_id`,
          );
          result.deleted += gone.length;
          for (const g of gone) touched.add(g.guild_id);
        }
        if (cursor !== undefined) {
          await tx.run(sql`
            UPDATE channels SET last_message_id = ${cursor.lastMessageId}
            WHERE id = ${cursor.channelId}
              AND (last_message_id IS NULL OR CAST(last_message_id AS BIGINT) < CAST(${cursor.lastMessageId} AS BIGINT))`);
        }
        await bumpVersions(tx, touched);
        return result;
      });
    },

    async liveIdsInRange(channelId, afterId, upToId) {
      // The (channel, created_at) index finds the range; a snowflake's time is its message's
      // creation time, give or take a second of clock skew, and the exact bound is applied here.
      const after = BigInt(afterId);
      const upper = upToId === null ? undefined : BigInt(upToId);
      const from = after === 0n ? 0 : snowflakeToMs(afterId) - 1000;
      const rows = await exec.all<{ id: string }>(
        sql`SELECT id FROM messages WHERE channel_id = ${channelId} AND deleted = FALSE AND created_at >= ${from}
            ${upToId === null ? sql`` : sql`AND created_at <= ${snowflakeToMs(upToId) + 1000}`}`,
      );
      return rows
        .map((r) => ({ id: r.id, n: BigInt(r.id) }))
        .filter((x) => x.n > after && (upper === undefined || x.n <= upper))
        .sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
        .map((x) => x.id);
    },

    async byIds(ids) {
      const out: StoredMessage[] = [];
      for (const part of chunks(ids, 500)) {
        const rows = await exec.all<Record<string, unknown>>(selectMessages(exec.inList(sql`id`, part)));
        out.push(...rows.map(messageFromRow));
      }
      return out;
    },

    async neighbours(m, before, after) {
      const live = sql`channel_id = ${m.channelId} AND deleted = FALSE AND id <> ${m.id}`;
      const [prev, next] = await Promise.all([
        before > 0
          ? exec.all<Record<string, unknown>>(
              selectMessages(
                sql`${live} AND created_at <= ${m.createdAt}`,
                sql`ORDER BY created_at DESC LIMIT ${before}`,
              ),
            )
          : [],
        after > 0
          ? exec.all<Record<string, unknown>>(
              selectMessages(
                sql`${live} AND created_at > ${m.createdAt}`,
                sql`ORDER BY created_at ASC LIMIT ${after}`,
              ),
            )
          : [],
      ]);
      return [...prev.reverse(), ...next].map(messageFromRow);
    },

    async replies(messageId, limit) {
      const rows = await exec.all<Record<string, unknown>>(
        selectMessages(
          sql`reply_to_id = ${messageId} AND deleted = FALSE`,
          sql`ORDER BY created_at ASC LIMIT ${limit}`,
        ),
      );
      return rows.map(messageFromRow);
    },

    async keywordSearch(scope, text, limit, budget = KEYWORD_BUDGET) {
      const terms = searchTerms(text);
      if (terms.length === 0 || scope.channelIds.length === 0) return [];
      return keywords.search(exec, scope, terms, limit, budget);
    },

    async hasIndexed(guildId) {
      const row = await exec.get(
        sql`SELECT 1 AS one FROM messages WHERE guild_id = ${guildId} AND deleted = FALSE AND content <> '' LIMIT 1`,
      );
      return row !== undefined;
    },

    async countIndexed(guildId) {
      const row = await exec.get<{ messages: unknown; channels: unknown }>(
        sql`SELECT count(*) AS messages, count(DISTINCT channel_id) AS channels
            FROM messages WHERE guild_id = ${guildId} AND deleted = FALSE AND content <> ''`,
      );
      return { messages: asNumber(row?.messages), channels: asNumber(row?.channels) };
    },

    async countAllIndexed() {
      const row = await exec.get<{ n: unknown }>(
        sql`SELECT count(*) AS n FROM messages WHERE deleted = FALSE AND content <> ''`,
      );
      return asNumber(row?.n);
    },

    async countByChannel(guildId) {
      const rows = await exec.all<{ channel_id: string; n: unknown }>(
        sql`SELECT channel_id, count(*) AS n FROM messages
            WHERE guild_id = ${guildId} AND deleted = FALSE AND content <> '' GROUP BY channel_id`,
      );
      return new Map(rows.map((r) => [r.channel_id, asNumber(r.n)]));
    },

    forgetAuthor(userId, guildId, at) {
      return exec.transaction(async (tx) => {
        const rows = await tx.all<{ id: string; guild_id: string }>(sql`
          UPDATE messages SET ${WIPED}, deleted = TRUE, wiped_at = ${at}, vector_synced = FALSE
          WHERE author_id = ${userId} ${guildId === undefined ? sql`` : sql`AND guild_id = ${guildId}`}
            AND wiped_at IS NULL
          RETURNING id, guild_id`);
        await bumpVersions(
          tx,
          rows.map((r) => r.guild_id),
        );
        return rows.map((r) => r.id);
      });
    },

    async expireBefore(beforeMs, at) {
      let total = 0;
      // In slices, so that a first run with a retention limit never holds the write lock for long.
      for (;;) {
        const n = await exec.transaction(async (tx) => {
          const rows = await tx.all<{ guild_id: string }>(sql`
            UPDATE messages SET ${WIPED}, deleted = TRUE, wiped_at = ${at}, vector_synced = FALSE
            WHERE id IN (SELECT id FROM messages WHERE created_at < ${beforeMs} AND wiped_at IS NULL LIMIT 2000)
            RETURNING guild_id`);
          await bumpVersions(
            tx,
            rows.map((r) => r.guild_id),
          );
          return rows.length;
        });
        total += n;
        if (n < 2000) return total;
      }
    },

    async refreshSearchText(limit) {
      const rows = await exec.all<{ id: string; content: string; author_name: string }>(sql`
        SELECT id, content, author_name FROM messages
        WHERE search_text IS NULL AND deleted = FALSE AND content <> '' LIMIT ${limit}`);
      if (rows.length === 0) return 0;
      const values = rows.map((r) => sql`(${r.id}, ${searchText(r.content, r.author_name)})`);
      // Both dialects name a VALUES list's columns column1, column2.
      return exec.run(sql`
        UPDATE messages SET search_text = v.column2
        FROM (VALUES ${sql.join(values, sql`, `)}) AS v
        WHERE messages.id = v.column1 AND messages.search_text IS NULL`);
    },

    wipeDeletedText(at) {
      return exec.transaction(async (tx) => {
        const rows = await tx.all<{ guild_id: string }>(sql`
          UPDATE messages SET ${WIPED}, wiped_at = ${at}, vector_synced = FALSE
          WHERE deleted = TRUE AND wiped_at IS NULL
          RETURNING guild_id`);
        await bumpVersions(
          tx,
          rows.map((r) => r.guild_id),
        );
        return rows.length;
      });
    },
  };
}
