/**
 * What a Discord message object says, read the same way wherever one arrives: the crawl and the
 * import store it (indexer/map.ts), "Ask about this message" reads its target (interactions/
 * message-target.ts). Pure functions over the wire shape; no package is imported.
 * @see https://discord.com/developers/docs/resources/message#message-object
 */
import type { MessageParts } from '../text/searchable-text';

/** The fields of a Discord message object the indexer reads. @see https://discord.com/developers/docs/resources/message#message-object */
export interface WireMessage extends WireSnapshot {
  id: string;
  channel_id: string;
  type: number;
  timestamp: string;
  author: { id: string; username: string; global_name?: string | null; bot?: boolean };
  flags?: number;
  /** `type` 0 is a reply (or a crosspost's source), 1 a forward. */
  message_reference?: { type?: number; message_id?: string; channel_id?: string; guild_id?: string };
  /** A forward's message, without author or id. @see https://discord.com/developers/docs/resources/message#message-snapshot-object */
  message_snapshots?: { message?: WireSnapshot }[];
  poll?: { question?: { text?: string }; answers?: { poll_media?: { text?: string } }[] } | null;
  components?: unknown[];
}

/** The parts of a message a forward's snapshot carries (and every message has). */
export interface WireSnapshot {
  content?: string;
  edited_timestamp?: string | null;
  attachments?: WireAttachment[];
  embeds?: unknown[];
  sticker_items?: { id?: string; name?: string; format_type?: number }[];
}

interface WireAttachment {
  id: string;
  filename?: string;
  /** Alt text. */
  description?: string;
  size?: number;
  url?: string;
  content_type?: string;
}

/** `message_reference.type` of a forward. @see https://discord.com/developers/docs/resources/message#message-reference-types */
const REFERENCE_FORWARD = 1;
/** Message flag IS_CROSSPOST: copied from a followed channel; its reference is that source, not a reply. */
const FLAG_IS_CROSSPOST = 1 << 1;
/** Component type TEXT_DISPLAY (components v2). @see https://discord.com/developers/docs/components/reference#text-display */
const TEXT_DISPLAY = 10;

/**
 * Conversation message types: DEFAULT, REPLY, CHAT_INPUT_COMMAND, THREAD_STARTER_MESSAGE,
 * CONTEXT_MENU_COMMAND. The rest are system notices (joins, pins, boosts) with nothing to search.
 * @see https://discord.com/developers/docs/resources/message#message-object-message-types
 */
export const INDEXED_MESSAGE_TYPES: ReadonlySet<number> = new Set([0, 19, 20, 21, 23]);

/** Text of the display components, depth first (sections and containers nest them). */
function displayText(components: unknown[] | undefined, out: string[] = []): string[] {
  for (const c of components ?? []) {
    if (typeof c !== 'object' || c === null) continue;
    const {
      type,
      content,
      components: children,
    } = c as { type?: unknown; content?: unknown; components?: unknown };
    if (type === TEXT_DISPLAY && typeof content === 'string') out.push(content);
    if (Array.isArray(children)) displayText(children, out);
  }
  return out;
}

function snapshotParts(m: WireSnapshot): MessageParts {
  return {
    content: m.content,
    stickers: (m.sticker_items ?? []).map((s) => s.name),
    attachments: (m.attachments ?? []).map((a) => ({ name: a.filename, description: a.description })),
    embeds: m.embeds,
  };
}

/**
 * What of a Discord message is searchable: its content, display components, poll, forwarded
 * snapshots, stickers, attachments and embeds.
 * @see https://discord.com/developers/docs/resources/message#message-object
 */
export function wireMessageParts(m: WireMessage): MessageParts {
  const forwarded =
    m.message_reference?.type === REFERENCE_FORWARD
      ? (m.message_snapshots ?? []).flatMap((s) => (s.message ? [snapshotParts(s.message)] : []))
      : [];
  return {
    ...snapshotParts(m),
    displayText: displayText(m.components),
    poll: m.poll
      ? {
          question: m.poll.question?.text ?? '',
          answers: (m.poll.answers ?? []).map((a) => a.poll_media?.text ?? ''),
        }
      : undefined,
    forwarded,
  };
}

/**
 * The message a Discord message replies to, or null: forwards and crossposts also carry a
 * `message_reference`, but they quote another message rather than answer it.
 * @see https://discord.com/developers/docs/resources/message#message-reference-structure
 */
export function replyTarget(m: WireMessage): string | null {
  const ref = m.message_reference;
  if (ref === undefined || ref.type === REFERENCE_FORWARD) return null;
  if (((m.flags ?? 0) & FLAG_IS_CROSSPOST) !== 0) return null;
  return ref.message_id ?? null;
}
