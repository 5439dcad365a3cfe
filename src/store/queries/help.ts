import { sql } from 'drizzle-orm';
import { asNullableNumber, asNumber, chunks, type Executor, parseIds, asNullableString as str } from '../sql';
import type { HelpPost, HelpPostStatus, HelpStore, WatchPoll } from '../types';
import { bumpVersions } from './guilds';

function pollFromRow(r: Record<string, unknown>): WatchPoll {
  return {
    key: String(r.key),
    guildId: String(r.guild_id),
    channelId: str(r.channel_id),
    cursor: str(r.cursor),
    nextPollAt: asNumber(r.next_poll_at),
    lastPolledAt: asNullableNumber(r.last_polled_at),
    lastError: str(r.last_error),
  };
}

function postFromRow(r: Record<string, unknown>): HelpPost {
  const kind = str(r.accepted_kind);
  return {
    postId: String(r.post_id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    parentId: String(r.parent_id),
    kind: r.kind === 'text' ? 'text' : 'forum',
    authorId: String(r.author_id),
    title: String(r.title ?? ''),
    createdAt: asNumber(r.created_at),
    foundAt: asNumber(r.found_at),
    status: String(r.status) as HelpPostStatus,
    outcome: str(r.outcome),
    answeredAt: asNullableNumber(r.answered_at),
    answerMessageIds: parseIds(r.answer_message_ids),
    handedOffAt: asNullableNumber(r.handed_off_at),
    handedOffBy: str(r.handed_off_by),
    handoffJobId: str(r.handoff_job_id),
    handoffMessageId: str(r.handoff_message_id),
    solvedAt: asNullableNumber(r.solved_at),
    solvedBy: str(r.solved_by),
    acceptedMessageId: str(r.accepted_message_id),
    acceptedKind: kind === 'bot' || kind === 'member' ? kind : null,
  };
}

/** The help channels' posts and the watcher's polls, the same queries in both dialects. */
export function createHelpStore(exec: Executor): HelpStore {
  const get = async (postId: string) => {
    const r = await exec.get<Record<string, unknown>>(
      sql`SELECT * FROM help_posts WHERE post_id = ${postId}`,
    );
    return r === undefined ? undefined : postFromRow(r);
  };
  return {
    // Due times and leases are the database's clock (issue 18): a watcher whose clock is off
    // neither takes a poll another still holds nor polls early or late.
    async claimPolls(owner, leaseMs, limit) {
      const now = exec.now;
      const due = sql`next_poll_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})`;
      // Looked at without a write lock first: an idle watcher's rounds never delay other writes.
      if ((await exec.get(sql`SELECT 1 AS one FROM watch_polls WHERE ${due} LIMIT 1`)) === undefined)
        return [];
      // The condition is checked again on each row as it is updated: of two processes claiming at
      // once, only one gets a unit (PostgreSQL re-reads a row updated meanwhile; SQLite writes one
      // at a time).
      const rows = await exec.all<Record<string, unknown>>(sql`
        UPDATE watch_polls SET lease_owner = ${owner}, lease_until = ${now} + ${leaseMs}
        WHERE key IN (SELECT key FROM watch_polls WHERE ${due} ORDER BY next_poll_at LIMIT ${limit}) AND ${due}
        RETURNING *`);
      return rows.map(pollFromRow).sort((a, b) => a.nextPollAt - b.nextPollAt);
    },

    async finishPoll(key, owner, r) {
      const advance =
        r.cursor === undefined
          ? sql``
          : sql`, cursor = CASE WHEN cursor IS NULL OR CAST(cursor AS BIGINT) < CAST(${r.cursor} AS BIGINT)
                 THEN ${r.cursor} ELSE cursor END`;
      const n = await exec.run(sql`
        UPDATE watch_polls SET lease_owner = NULL, lease_until = NULL, last_polled_at = ${exec.now},
          next_poll_at = ${exec.now} + ${Math.max(0, r.nextPollAt - r.polledAt)}, last_error = ${r.error} ${advance}
        WHERE key = ${key} AND lease_owner = ${owner}`);
      return n > 0;
    },

    async polls(guildId) {
      const rows = await exec.all<Record<string, unknown>>(
        sql`SELECT * FROM watch_polls WHERE guild_id = ${guildId} ORDER BY key`,
      );
      return rows.map(pollFromRow);
    },

    addPosts(posts) {
      if (posts.length === 0) return Promise.resolve([]);
      return exec.transaction(async (tx) => {
        for (const part of chunks(posts, 100)) {
          const values = part.map(
            (p) =>
              sql`(${p.postId}, ${p.guildId}, ${p.channelId}, ${p.parentId}, ${p.kind}, ${p.authorId}, ${p.title},
                   ${p.createdAt}, ${p.foundAt}, 'queued')`,
          );
          await tx.run(sql`
            INSERT INTO help_posts (post_id, guild_id, channel_id, parent_id, kind, author_id, title, created_at, found_at, status)
            VALUES ${sql.join(values, sql`, `)}
            ON CONFLICT (post_id) DO NOTHING`);
        }
        const owed = await tx.all<{ post_id: string }>(sql`
          SELECT post_id FROM help_posts
          WHERE ${tx.inList(
            sql`post_id`,
            posts.map((p) => p.postId),
          )} AND status = 'queued'`);
        return owed.map((r) => r.post_id);
      });
    },

    get,

    async ensure(p) {
      await exec.run(sql`
        INSERT INTO help_posts (post_id, guild_id, channel_id, parent_id, kind, author_id, title, created_at, found_at, status)
        VALUES (${p.postId}, ${p.guildId}, ${p.channelId}, ${p.parentId}, ${p.kind}, ${p.authorId}, ${p.title},
          ${p.createdAt}, ${p.foundAt}, 'not_watched')
        ON CONFLICT (post_id) DO NOTHING`);
      const post = await get(p.postId);
      if (post === undefined) throw new Error(`help post ${p.postId} vanished while it was recorded`);
      return post;
    },

    async finish(postId, r) {
      await exec.run(sql`
        UPDATE help_posts SET status = ${r.status}, outcome = ${r.outcome},
          answered_at = ${r.status === 'answered' ? r.at : null},
          answer_message_ids = ${JSON.stringify(r.answerMessageIds ?? [])}
        WHERE post_id = ${postId}`);
    },

    async handOff(postId, r) {
      const won = await exec.all<{ post_id: string }>(sql`
        UPDATE help_posts SET handed_off_at = ${r.at}, handed_off_by = ${r.by}, handoff_job_id = ${r.jobId}
        WHERE post_id = ${postId} AND handed_off_at IS NULL
        RETURNING post_id`);
      if (won.length > 0) return true;
      // A second attempt of the job that won (its worker died before the ping was confirmed).
      const post = await get(postId);
      return post?.handoffJobId === r.jobId && post.handoffMessageId === null;
    },

    async setHandOffMessage(postId, messageId) {
      await exec.run(sql`UPDATE help_posts SET handoff_message_id = ${messageId} WHERE post_id = ${postId}`);
    },

    async releaseHandOff(postId, jobId) {
      await exec.run(sql`
        UPDATE help_posts SET handed_off_at = NULL, handed_off_by = NULL, handoff_job_id = NULL
        WHERE post_id = ${postId} AND handoff_job_id = ${jobId} AND handoff_message_id IS NULL`);
    },

    accept(postId, r) {
      return exec.transaction(async (tx) => {
        const rows = await tx.all<{ guild_id: string }>(sql`
          UPDATE help_posts SET solved_at = ${r.at}, solved_by = ${r.by}, accepted_message_id = ${r.messageId},
            accepted_kind = ${r.kind}
          WHERE post_id = ${postId}
          RETURNING guild_id`);
        // Cached answers were ranked without it.
        await bumpVersions(
          tx,
          rows.map((x) => x.guild_id),
        );
      });
    },

    async acceptedFor(guildId, { channelIds, messageIds }) {
      if (channelIds.length === 0 && messageIds.length === 0) return [];
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT * FROM help_posts
        WHERE guild_id = ${guildId} AND accepted_message_id IS NOT NULL AND (
          (kind = 'forum' AND ${exec.inList(sql`channel_id`, channelIds)})
          OR ${exec.inList(sql`post_id`, messageIds)}
          OR ${exec.inList(sql`accepted_message_id`, messageIds)})`);
      return rows.map(postFromRow);
    },

    async stats(guildId, sinceMs) {
      const inGuild = guildId === undefined ? sql`` : sql`AND guild_id = ${guildId}`;
      const r = await exec.get<Record<string, unknown>>(sql`
        SELECT
          (SELECT count(*) FROM help_posts WHERE found_at >= ${sinceMs} AND status <> 'not_watched' ${inGuild}) AS watched,
          (SELECT count(*) FROM help_posts WHERE found_at >= ${sinceMs} AND status = 'answered' ${inGuild}) AS answered,
          (SELECT count(*) FROM help_posts WHERE found_at >= ${sinceMs} AND status = 'left' ${inGuild}) AS left_,
          (SELECT count(*) FROM help_posts WHERE handed_off_at >= ${sinceMs} ${inGuild}) AS handed_off,
          (SELECT count(*) FROM help_posts WHERE solved_at >= ${sinceMs} ${inGuild}) AS solved,
          (SELECT count(*) FROM help_posts WHERE solved_at >= ${sinceMs} AND accepted_kind = 'bot' ${inGuild}) AS solved_by_bot`);
      return {
        watched: asNumber(r?.watched),
        answered: asNumber(r?.answered),
        left: asNumber(r?.left_),
        handedOff: asNumber(r?.handed_off),
        solved: asNumber(r?.solved),
        solvedByBot: asNumber(r?.solved_by_bot),
      };
    },

    async handOffs(guildId, limit) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT * FROM help_posts WHERE guild_id = ${guildId} AND handed_off_at IS NOT NULL
        ORDER BY handed_off_at DESC LIMIT ${limit}`);
      return rows.map(postFromRow);
    },

    forgetAuthor(userId, guildId) {
      return exec.run(sql`
        UPDATE help_posts SET title = ''
        WHERE author_id = ${userId} ${guildId === undefined ? sql`` : sql`AND guild_id = ${guildId}`}`);
    },
  };
}
