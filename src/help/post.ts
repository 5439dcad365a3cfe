/**
 * A help post as Discord shows it now, and what the bot should do with it (plain functions over
 * what was read, so the rules are tested on their own).
 */
import { DiscordAPIError } from '@discordjs/rest';
import type { ChannelClient, ChannelMessage, WireChannel } from '../discord/channels';
import type { NewHelpPost } from '../store/types';

/** Messages of a post read at once: a thread holds its starter and replies; enough to judge it. */
export const POST_PAGE = 100;

export interface PostView {
  /** A forum post's starter, or the text channel's question; undefined when it was deleted. */
  question: ChannelMessage | undefined;
  /** What followed it: the thread's other messages, or the replies to the question. */
  replies: ChannelMessage[];
  /** The post's thread (forum posts). */
  thread: WireChannel | undefined;
}

const isGone = (err: unknown) =>
  err instanceof DiscordAPIError && (err.status === 404 || err.code === 10003 || err.code === 10008);

/**
 * Reads a post: for a forum post its thread and its first 100 messages (the starter has the
 * thread's id); for a text channel's question, the question and the replies to it among the next
 * 100 messages. Resolves `gone` when Discord no longer has it. Two requests.
 * https://discord.com/developers/docs/resources/channel#channel-object
 */
export async function readPost(client: ChannelClient, post: NewHelpPost): Promise<PostView | 'gone'> {
  try {
    if (post.kind === 'forum') {
      const thread = await client.channel(post.channelId);
      const messages = await client.messagesAfter(
        post.channelId,
        (BigInt(post.postId) - 1n).toString(),
        POST_PAGE,
      );
      return {
        thread,
        question: messages.find((m) => m.id === post.postId),
        replies: messages.filter((m) => m.id !== post.postId),
      };
    }
    const question = await client.message(post.channelId, post.postId);
    const after = await client.messagesAfter(post.channelId, post.postId, POST_PAGE);
    return {
      thread: undefined,
      question,
      replies: after.filter((m) => m.message_reference?.message_id === post.postId),
    };
  } catch (err) {
    if (isGone(err)) return 'gone';
    throw err;
  }
}

/** Message types a person writes (DEFAULT, REPLY); the rest are system notices. */
const WRITTEN = new Set([0, 19]);

export type Decision =
  /** Answer; `resume` lists the bot's messages an earlier attempt already posted there, to edit. */
  { kind: 'answer'; resume: string[] } | { kind: 'skip'; status: 'skipped' | 'left'; outcome: string };

/**
 * What to do with a post: never answer a deleted post, one by a bot or by a member who opted out
 * (`/forget-me`), one handed to the helpers, or one a human (not its author) already answered;
 * finish the answer an earlier attempt began (its messages are the bot's replies there).
 */
export function decide(
  view: PostView,
  ctx: { botUserId: string; authorOptedOut: boolean; handedOff: boolean },
): Decision {
  const q = view.question;
  if (q === undefined) return { kind: 'skip', status: 'skipped', outcome: 'gone' };
  if (q.author.bot === true) return { kind: 'skip', status: 'skipped', outcome: 'bot_author' };
  if (ctx.authorOptedOut) return { kind: 'skip', status: 'skipped', outcome: 'opted_out' };
  const ours = view.replies.filter((m) => m.author.id === ctx.botUserId).map((m) => m.id);
  if (ours.length > 0) return { kind: 'answer', resume: ours };
  if (ctx.handedOff) return { kind: 'skip', status: 'left', outcome: 'handed_off' };
  const answered = view.replies.some(
    (m) => WRITTEN.has(m.type) && m.author.bot !== true && m.author.id !== q.author.id,
  );
  if (answered) return { kind: 'skip', status: 'left', outcome: 'human_answered' };
  return { kind: 'answer', resume: [] };
}
