import {
  INDEXED_MESSAGE_TYPES,
  replyTarget,
  type WireMessage,
  wireMessageParts,
} from '../discord/message-parts';
import { snowflakeToMs } from '../discord/snowflake';
import type { NewMessage } from '../store/types';
import { searchableText } from '../text/searchable-text';

/** What is stored of an attachment; the same shape for live crawls and imports. */
export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  content_type?: string;
}

const SIGNATURE_PARAMS = ['ex', 'is', 'hm'];

/**
 * Drops the expiring signature (`ex`, `is`, `hm`) from Discord CDN links. Discord re-signs them on
 * every fetch, so keeping them would make every rescan look like an edit.
 * @see https://discord.com/developers/docs/reference#signed-attachment-cdn-urls
 */
export function unsignedUrl(url: string): string {
  if (!/^https:\/\/(cdn\.discordapp\.com|media\.discordapp\.net)\//.test(url) || !url.includes('?'))
    return url;
  const u = new URL(url);
  for (const p of SIGNATURE_PARAMS) u.searchParams.delete(p);
  return u.toString();
}

function unsignDeep(v: unknown): unknown {
  if (typeof v === 'string') return unsignedUrl(v);
  if (Array.isArray(v)) return v.map(unsignDeep);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsignDeep(x)]));
  }
  return v;
}

/** The `attachments` column: id, file name, size, unsigned URL and content type of each attachment. */
export function attachmentsJson(list: StoredAttachment[]): string {
  return JSON.stringify(
    list.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      url: unsignedUrl(a.url),
      ...(a.content_type === undefined ? {} : { content_type: a.content_type }),
    })),
  );
}

/** The `embeds` column: Discord's embed objects as they are, with CDN links unsigned. */
export function embedsJson(embeds: unknown[] | undefined): string {
  return JSON.stringify(unsignDeep(embeds ?? []));
}

/** Unix ms of an ISO 8601 time, or `fallback` when it does not parse. */
export function isoToMs(iso: string | null | undefined, fallback: number | null): number | null {
  if (iso === null || iso === undefined || iso === '') return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}

/**
 * The row stored for a Discord message, or undefined for what is never stored: the bot's own
 * messages and system notices.
 */
export function messageRow(m: WireMessage, guildId: string, botUserId: string): NewMessage | undefined {
  if (m.author.id === botUserId || !INDEXED_MESSAGE_TYPES.has(m.type)) return undefined;
  return {
    id: m.id,
    guildId,
    channelId: m.channel_id,
    authorId: m.author.id,
    authorName: m.author.global_name || m.author.username,
    authorIsBot: m.author.bot === true,
    content: searchableText(wireMessageParts(m)),
    createdAt: isoToMs(m.timestamp, null) ?? snowflakeToMs(m.id),
    editedAt: isoToMs(m.edited_timestamp, null),
    deleted: false,
    attachments: attachmentsJson(
      (m.attachments ?? []).map((a) => ({
        id: a.id,
        filename: a.filename ?? '',
        size: a.size ?? 0,
        url: a.url ?? '',
        ...(a.content_type === undefined ? {} : { content_type: a.content_type }),
      })),
    ),
    embeds: embedsJson(m.embeds),
    replyToId: replyTarget(m),
    type: m.type,
  };
}
