/**
 * Forum and media channels for the Discord stand-in (issue 17), kept apart from discord.ts so that
 * other additions to the stand-in merge without touching these: tags set or changed after a channel
 * was added (a forum's or media channel's `available_tags`, a post's `applied_tags`; discord.ts
 * serves them), and extra fields of a message (a THREAD_STARTER_MESSAGE's type and reference).
 * Posts themselves are threads (`addChannel` with type 11 and the forum as parent, `setThread` to
 * archive them); a post's starter message has the post's id (`addMessage` with the thread id as
 * message id), as on Discord.
 * @see https://discord.com/developers/docs/resources/channel#forum-tag-object
 */

export interface StandInForumTag {
  id: string;
  name: string;
  moderated?: boolean;
}

/** What tests call to shape forum channels, posts and messages. */
export interface ForumStandIn {
  /** A forum or media channel's tags (`available_tags`). */
  setAvailableTags(channelId: string, tags: StandInForumTag[]): void;
  /** The tag ids applied to a post (`applied_tags`, at most 5 on Discord). */
  setAppliedTags(threadId: string, tagIds: string[]): void;
  /** Fields added to (or replacing those of) a message as the stand-in serves it, e.g. `{ type: 21 }`. */
  setMessageFields(messageId: string, fields: Record<string, unknown>): void;
}

/** The part of discord.ts's channel state the tags live in. */
interface TaggedChannel {
  availableTags?: StandInForumTag[] | undefined;
  appliedTags?: string[] | undefined;
}

export interface ForumState {
  api: ForumStandIn;
  /** Extra fields of a message object. */
  messageFields(messageId: string): Record<string, unknown>;
}

export function createForumState(channel: (id: string) => TaggedChannel | undefined): ForumState {
  const messageExtras = new Map<string, Record<string, unknown>>();
  const known = (id: string) => {
    const c = channel(id);
    if (c === undefined) throw new Error(`discord stand-in: unknown channel ${id}`);
    return c;
  };
  return {
    api: {
      setAvailableTags(channelId, tags) {
        known(channelId).availableTags = tags.map((t) => ({ ...t }));
      },
      setAppliedTags(threadId, tagIds) {
        if (tagIds.length > 5) throw new Error('discord stand-in: a post has at most 5 tags');
        known(threadId).appliedTags = [...tagIds];
      },
      setMessageFields(messageId, fields) {
        messageExtras.set(messageId, { ...(messageExtras.get(messageId) ?? {}), ...fields });
      },
    },
    messageFields: (id) => messageExtras.get(id) ?? {},
  };
}
