/**
 * Which of what one poll read are new posts to answer, as plain functions: only posts and
 * questions created after their channel was turned on, never the backlog.
 */
import type { ChannelMessage, WireChannel } from '../discord/channels';
import { snowflakeToMs } from '../discord/snowflake';
import type { NewHelpPost } from '../store/types';

/** Threads of forum (and media) channels: public threads. */
const POST_TYPES = new Set([11]);
/** A plain message (not a reply, not a system notice); a reply is an answer to something else. */
const QUESTION_TYPE = 0;

/**
 * New posts among a guild's active threads: public threads of a watched forum created after the
 * forum was turned on (`watched`: forum id → unix ms) and no earlier than `notBefore` (a bound on
 * how far back a poll looks, so that a post the store forgot is not answered days late).
 */
export function newForumPosts(
  threads: readonly WireChannel[],
  watched: ReadonlyMap<string, number>,
  opts: { guildId: string; notBefore: number; now: number },
): NewHelpPost[] {
  const out: NewHelpPost[] = [];
  for (const t of threads) {
    const enabledAt = t.parent_id ? watched.get(t.parent_id) : undefined;
    if (enabledAt === undefined || !POST_TYPES.has(t.type) || !/^\d{1,20}$/.test(t.id)) continue;
    const createdAt = snowflakeToMs(t.id);
    if (createdAt <= enabledAt || createdAt < opts.notBefore) continue;
    out.push({
      postId: t.id,
      guildId: opts.guildId,
      channelId: t.id,
      parentId: t.parent_id ?? '',
      kind: 'forum',
      authorId: t.owner_id ?? '',
      title: t.name ?? '',
      createdAt,
      foundAt: opts.now,
    });
  }
  return out;
}

/**
 * New questions among the messages after a text channel's cursor: plain top-level messages (not
 * replies, forwards or system notices) written by members (not bots, webhooks or this bot) after
 * the channel was turned on, with some text or a file.
 */
export function newQuestions(
  messages: readonly ChannelMessage[],
  channel: { guildId: string; channelId: string; enabledAt: number },
  opts: { botUserId: string; now: number },
): NewHelpPost[] {
  const out: NewHelpPost[] = [];
  for (const m of messages) {
    const createdAt = snowflakeToMs(m.id);
    if (createdAt <= channel.enabledAt || m.type !== QUESTION_TYPE || m.message_reference !== undefined)
      continue;
    if (m.author.bot === true || m.author.id === opts.botUserId || (m as { webhook_id?: string }).webhook_id)
      continue;
    if ((m.content ?? '').trim() === '' && (m.attachments ?? []).length === 0) continue;
    out.push({
      postId: m.id,
      guildId: channel.guildId,
      channelId: channel.channelId,
      parentId: channel.channelId,
      kind: 'text',
      authorId: m.author.id,
      title: '',
      createdAt,
      foundAt: opts.now,
    });
  }
  return out;
}
