import { type SQL, sql } from 'drizzle-orm';
import { asNumber, type Executor, parseIds } from '../sql';
import type { ConversationStore, StoredMessage, ThreadRecord } from '../types';
import { parseTags } from './channels';
import { messageFromRow, selectMessages } from './messages';

const THREAD_TYPES = [10, 11, 12];

/** A thread row and its parent's tags: the applied tag ids become the names the forum gives them. */
function threadFromRow(r: Record<string, unknown>): ThreadRecord {
  const names = new Map(parseTags(r.parent_available_tags).map((t) => [t.id, t.name]));
  const tags = parseIds(r.applied_tags).flatMap((id) => {
    const name = names.get(id);
    return name === undefined ? [] : [name];
  });
  return {
    id: String(r.id),
    guildId: String(r.guild_id),
    parentId: r.parent_id === null || r.parent_id === undefined ? null : String(r.parent_id),
    type: asNumber(r.type),
    parentType: r.parent_type === null || r.parent_type === undefined ? null : asNumber(r.parent_type),
    title: String(r.name),
    tags,
  };
}

/**
 * The conversation structure of both dialects: reply chains walked with recursive CTEs over the
 * primary key (up) and the `reply_to_id` index (down), threads by their channel rows. Each walk is
 * one statement whatever the chain's depth.
 */
export function createConversationStore(exec: Executor): ConversationStore {
  return {
    async replyTrees(scope, ids, { depth, limit }) {
      if (ids.length === 0 || scope.channelIds.length === 0) return [];
      // The guild and its readable channels as a filter no index serves (`|| ''`): each step of a
      // walk must find its rows by the primary key (up) or the reply_to_id index (down); an index on
      // guild or channel would make the planner read every message of them at each step.
      const inScope = (alias: string) =>
        sql`(${sql.raw(alias)}.guild_id || '') = ${scope.guildId} AND ${exec.inList(sql.raw(`(${alias}.channel_id || '')`), scope.channelIds)}`;
      // Up: each message's parent, its parent's parent… while they are in scope.
      const up = (
        await exec.all<Record<string, unknown>>(sql`
          WITH RECURSIVE up(id, reply_to_id, depth) AS (
            SELECT s.id, s.reply_to_id, 0 FROM messages s WHERE ${exec.inList(sql`s.id`, ids)} AND ${inScope('s')}
            UNION
            SELECT m.id, m.reply_to_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.reply_to_id
            WHERE up.depth < ${depth} AND ${inScope('m')}
          )
          ${selectMessages(sql`id IN (SELECT id FROM up)`)}`)
      ).map(messageFromRow);
      if (up.length === 0) return [];
      const reached = new Map(up.map((m) => [m.id, m]));
      // The tops of the chains: messages whose parent is none, unknown or out of scope.
      const tops = up.filter((m) => m.replyToId === null || !reached.has(m.replyToId)).map((m) => m.id);
      // Down: every reply to the tops, the replies to those… (a tree: each message is reached once).
      const down = await exec.all<Record<string, unknown>>(sql`
        WITH RECURSIVE down(id, depth) AS (
          SELECT s.id, 0 FROM messages s WHERE ${exec.inList(sql`s.id`, tops)}
          UNION
          SELECT m.id, down.depth + 1 FROM messages m JOIN down ON m.reply_to_id = down.id
          WHERE down.depth < ${depth} AND ${inScope('m')}
        )
        ${selectMessages(sql`id IN (SELECT id FROM down LIMIT ${limit + tops.length})`)}`);
      for (const r of down) {
        const m = messageFromRow(r);
        reached.set(m.id, m);
      }
      return [...reached.values()];
    },

    async around(list, before, after) {
      const out = new Map<string, StoredMessage[]>(list.map((m) => [m.id, []]));
      const parts: SQL[] = [];
      for (const m of list) {
        const live = sql`channel_id = ${m.channelId} AND deleted = FALSE AND id <> ${m.id}`;
        const side = (where: SQL, order: SQL, n: number) => {
          const alias = sql.raw(`n${parts.length}`);
          parts.push(
            sql`SELECT ${alias}.*, CAST(${m.id} AS TEXT) AS anchor FROM (${selectMessages(where, sql`${order} LIMIT ${n}`)}) ${alias}`,
          );
        };
        if (before > 0)
          side(sql`${live} AND created_at <= ${m.createdAt}`, sql`ORDER BY created_at DESC`, before);
        if (after > 0)
          side(sql`${live} AND created_at > ${m.createdAt}`, sql`ORDER BY created_at ASC`, after);
      }
      if (parts.length === 0) return out;
      // One statement for every message's neighbours: one round trip, one plan.
      const rows = await exec.all<Record<string, unknown>>(sql.join(parts, sql` UNION ALL `));
      for (const r of rows) out.get(String(r.anchor))?.push(messageFromRow(r));
      for (const list of out.values()) list.sort((a, b) => a.createdAt - b.createdAt);
      return out;
    },

    async opening(channelId, limit) {
      const rows = await exec.all<Record<string, unknown>>(
        selectMessages(sql`channel_id = ${channelId}`, sql`ORDER BY created_at ASC, id ASC LIMIT ${limit}`),
      );
      return rows.map(messageFromRow);
    },

    async threads(ids) {
      if (ids.length === 0) return [];
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT t.id, t.guild_id, t.parent_id, t.type, t.name, t.applied_tags,
               p.available_tags AS parent_available_tags, p.type AS parent_type
        FROM channels t LEFT JOIN channels p ON p.id = t.parent_id
        WHERE ${exec.inList(sql`t.id`, ids)} AND t.type IN (${sql.join(
          THREAD_TYPES.map((t) => sql`${t}`),
          sql`, `,
        )}) AND t.deleted = FALSE`);
      return rows.map(threadFromRow);
    },
  };
}
