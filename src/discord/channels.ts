/**
 * The bot-token routes of help channels (issue 19): reading posts and questions, answering in them
 * as the bot, tagging and renaming posts, reacting. Unlike interaction replies these routes count
 * against the 50 requests/s global limit, which @discordjs/rest keeps (it waits out every 429).
 * https://discord.com/developers/docs/resources/message#create-message
 */
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import type { WireChannel as IndexedChannel } from '../indexer/discovery';
import { NO_MENTIONS } from './mentions';
import type { WireMessage } from './message-parts';
import { UnconfirmedPostError } from './rest';

/** A thread (forum post) or channel as the help features read it: the indexer's fields and a few more. */
export interface WireChannel extends IndexedChannel {
  /** A thread's creator: a forum post's author. */
  owner_id?: string;
  applied_tags?: string[];
  /** A forum's tags. */
  available_tags?: { id: string; name: string; moderated?: boolean }[];
}

/** A message as read here: the indexer's fields, with the author's bot flag. */
export type ChannelMessage = WireMessage & { content?: string };

export interface SendBody {
  content: string;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Answer as a reply to this message (without pinging its author). */
  replyTo?: string;
  /**
   * Sent with `enforce_nonce`: a second send with the same nonce within a few minutes returns the
   * first message instead of posting another (at most 25 characters).
   */
  nonce?: string;
  /** Who may be pinged; nobody unless given. */
  allowedMentions?: APIAllowedMentions;
}

export interface ChannelClient {
  channel(id: string): Promise<WireChannel>;
  /** Up to `limit` (1–100) messages after `after` (exclusive), oldest first. */
  messagesAfter(
    channelId: string,
    after: string,
    limit: number,
    signal?: AbortSignal,
  ): Promise<ChannelMessage[]>;
  message(channelId: string, id: string): Promise<ChannelMessage>;
  /** The guild's active threads (every forum's open posts), one request. */
  activeThreads(guildId: string, signal?: AbortSignal): Promise<WireChannel[]>;
  /** Posts a message as the bot; resolves to the created (or, for a repeated nonce, the earlier) message. */
  send(channelId: string, body: SendBody): Promise<{ id: string; content: string }>;
  edit(
    channelId: string,
    messageId: string,
    body: { content: string; components?: SendBody['components'] },
  ): Promise<void>;
  /** Deletes one of the bot's messages; one already gone is fine. */
  delete(channelId: string, messageId: string): Promise<void>;
  /** Changes a thread: its tags (at most 5) or its name. Needs Manage Threads for tags. */
  patchThread(threadId: string, body: { applied_tags?: string[]; name?: string }): Promise<void>;
  /** Adds the bot's reaction (a Unicode emoji) to a message. */
  react(channelId: string, messageId: string, emoji: string): Promise<void>;
}

/** A create that Discord did not confirm is sent again at most this many times (the nonce makes it safe). */
const NONCE_RETRIES = 2;

/**
 * The help features' client over the bot's REST client. Every message it sends or edits carries
 * `allowed_mentions` (nobody, unless the caller names a role), so nothing a model or member wrote
 * can ping anyone. A send with a nonce is retried when Discord did not confirm it: Discord returns
 * the first message for a repeated nonce, so it is never posted twice.
 */
export function createChannelClient(rest: REST): ChannelClient {
  return {
    async channel(id) {
      return (await rest.get(Routes.channel(id))) as WireChannel;
    },
    async messagesAfter(channelId, after, limit, signal) {
      const query = new URLSearchParams({ after, limit: String(limit) });
      const page = (await rest.get(Routes.channelMessages(channelId), {
        query,
        ...(signal ? { signal } : {}),
      })) as ChannelMessage[];
      // Discord returns pages newest first, also when paging with `after`.
      return [...page].sort((a, b) =>
        BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0,
      );
    },
    async message(channelId, id) {
      return (await rest.get(Routes.channelMessage(channelId, id))) as ChannelMessage;
    },
    async activeThreads(guildId, signal) {
      const r = (await rest.get(Routes.guildActiveThreads(guildId), signal ? { signal } : {})) as {
        threads: WireChannel[];
      };
      return r.threads;
    },
    async send(channelId, body) {
      const payload = {
        content: body.content,
        allowed_mentions: body.allowedMentions ?? NO_MENTIONS,
        ...(body.components ? { components: body.components } : {}),
        ...(body.replyTo
          ? { message_reference: { message_id: body.replyTo, fail_if_not_exists: false } }
          : {}),
        ...(body.nonce ? { nonce: body.nonce, enforce_nonce: true } : {}),
      };
      for (let attempt = 0; ; attempt++) {
        try {
          const m = (await rest.post(Routes.channelMessages(channelId), { body: payload })) as {
            id: string;
            content?: string;
          };
          return { id: m.id, content: m.content ?? '' };
        } catch (err) {
          if (!(err instanceof UnconfirmedPostError) || body.nonce === undefined || attempt >= NONCE_RETRIES)
            throw err;
        }
      }
    },
    async edit(channelId, messageId, body) {
      await rest.patch(Routes.channelMessage(channelId, messageId), {
        body: { ...body, allowed_mentions: NO_MENTIONS },
      });
    },
    async delete(channelId, messageId) {
      try {
        await rest.delete(Routes.channelMessage(channelId, messageId));
      } catch (err) {
        if (typeof err === 'object' && err !== null && 'status' in err && err.status === 404) return;
        throw err;
      }
    },
    async patchThread(threadId, body) {
      await rest.patch(Routes.channel(threadId), { body });
    },
    async react(channelId, messageId, emoji) {
      await rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji)));
    },
  };
}
