import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ChannelInfo } from '../store/channels';
import type { NewMessageRow } from '../store/schema';
import { attachmentsJson, embedsJson, INDEXED_MESSAGE_TYPES, isoToMs } from './map';

/**
 * DiscordChatExporter's JSON export: `guild`, `channel`, `dateRange`, `exportedAt`, then
 * `messages[]` (and `messageCount`). Only the fields the indexer stores are typed.
 * @see https://github.com/Tyrrrz/DiscordChatExporter (JsonMessageWriter)
 */
export interface ExportHeader {
  guild: { id: string; name?: string };
  channel: { id: string; type: string; categoryId?: string | null; category?: string | null; name?: string };
}

export interface ExportMessage {
  id: string;
  type: string;
  timestamp: string;
  timestampEdited?: string | null;
  content?: string | null;
  author: { id: string; name?: string; nickname?: string | null; isBot?: boolean };
  reference?: { messageId?: string | null; channelId?: string | null; guildId?: string | null } | null;
  attachments?: { id: string; url?: string; fileName?: string; fileSizeBytes?: number }[];
  embeds?: unknown[];
}

/** DiscordChatExporter's `ChannelKind` names (older releases) and Discord's own names. */
const CHANNEL_KINDS: Record<string, number> = {
  GuildTextChat: 0,
  GuildVoiceChat: 2,
  GuildCategory: 4,
  GuildNews: 5,
  GuildAnnouncement: 5,
  GuildNewsThread: 10,
  GuildAnnouncementThread: 10,
  GuildPublicThread: 11,
  GuildPrivateThread: 12,
  GuildStageVoice: 13,
  GuildDirectory: 14,
  GuildForum: 15,
  GuildMedia: 16,
};

/** `MessageKind` names; kinds DiscordChatExporter does not name are written as their number. */
const MESSAGE_KINDS: Record<string, number> = {
  Default: 0,
  RecipientAdd: 1,
  RecipientRemove: 2,
  Call: 3,
  ChannelNameChange: 4,
  ChannelIconChange: 5,
  ChannelPinnedMessage: 6,
  GuildMemberJoin: 7,
  ThreadCreated: 18,
  Reply: 19,
  ChatInputCommand: 20,
  ThreadStarterMessage: 21,
  ContextMenuCommand: 23,
};

const SNOWFLAKE = /^\d{1,20}$/;

function kindNumber(table: Record<string, number>, value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  return table[value];
}

/** The channel row an export describes; its `categoryId` is the parent (for a thread, the parent channel). */
export function exportChannel(h: ExportHeader): ChannelInfo {
  const type = kindNumber(CHANNEL_KINDS, h.channel.type);
  if (type === undefined) throw new Error(`unsupported channel type "${h.channel.type}" in the export`);
  return {
    id: h.channel.id,
    guildId: h.guild.id,
    parentId: h.channel.categoryId || null,
    type,
    name: h.channel.name ?? '',
    nsfw: false,
  };
}

/** Checks the parts of the header the import relies on; throws one line naming what is wrong. */
export function checkHeader(value: unknown): ExportHeader {
  const h = value as Partial<ExportHeader> | null;
  if (
    typeof h?.guild?.id !== 'string' ||
    typeof h.channel?.id !== 'string' ||
    typeof h.channel.type !== 'string'
  ) {
    throw new Error(
      'not a DiscordChatExporter JSON export (expected "guild" and "channel" objects before "messages")',
    );
  }
  if (h.guild.id === '0' || !SNOWFLAKE.test(h.guild.id))
    throw new Error('the export is not of a server channel (no guild id)');
  if (!SNOWFLAKE.test(h.channel.id))
    throw new Error(`the export's channel id "${h.channel.id}" is not a Discord id`);
  return h as ExportHeader;
}

function hasHeader(v: unknown): boolean {
  const h = v as Partial<ExportHeader> | undefined;
  return typeof h?.guild === 'object' && typeof h.channel === 'object';
}

/**
 * The row stored for an exported message, or undefined for what is never stored (the bot's own
 * messages, system notices) and for entries too malformed to keep.
 */
export function exportMessageRow(
  m: ExportMessage,
  header: ExportHeader,
  botUserId: string,
): NewMessageRow | undefined {
  if (typeof m?.id !== 'string' || !SNOWFLAKE.test(m.id) || typeof m.author?.id !== 'string')
    return undefined;
  const type = kindNumber(MESSAGE_KINDS, String(m.type));
  if (type === undefined || !INDEXED_MESSAGE_TYPES.has(type) || m.author.id === botUserId) return undefined;
  const createdAt = isoToMs(m.timestamp, null);
  if (createdAt === null) return undefined;
  return {
    id: m.id,
    guildId: header.guild.id,
    channelId: header.channel.id,
    authorId: m.author.id,
    // DiscordChatExporter's nickname is the member's display name, falling back to the global name.
    authorName: m.author.nickname || m.author.name || m.author.id,
    authorIsBot: m.author.isBot === true,
    content: m.content ?? '',
    createdAt,
    editedAt: isoToMs(m.timestampEdited, null),
    deleted: false,
    attachments: attachmentsJson(
      (m.attachments ?? []).map((a) => ({
        id: a.id,
        filename: a.fileName ?? '',
        size: a.fileSizeBytes ?? 0,
        url: a.url ?? '',
      })),
    ),
    embeds: embedsJson(m.embeds),
    replyToId: m.reference?.messageId ?? null,
    type,
  };
}

/**
 * Reads an export without holding it in memory: the header (everything before `"messages"`) is
 * parsed once, then each element of the `messages` array is parsed on its own as the file streams
 * by. Files that put `messages` before `guild`/`channel` are parsed whole instead.
 */
export async function openChatExport(
  file: string,
): Promise<{ header: ExportHeader; messages: AsyncGenerator<ExportMessage, void, undefined> }> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const scanner = new ExportScanner();
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  const pending: ExportMessage[] = [];

  // Read until the header is known (or the file ends).
  while (scanner.header === undefined) {
    const next = await iterator.next();
    if (next.done === true) break;
    scanner.push(next.value, pending);
  }
  if (!hasHeader(scanner.header)) {
    // Not DiscordChatExporter's order (guild and channel first): parse the file whole.
    stream.destroy();
    const whole = JSON.parse(await readFile(file, 'utf8')) as ExportHeader & { messages?: ExportMessage[] };
    const header = checkHeader(whole);
    const all = Array.isArray(whole.messages) ? whole.messages : [];
    return {
      header,
      messages: (async function* () {
        yield* all;
      })(),
    };
  }
  const header = checkHeader(scanner.header);
  const messages = async function* () {
    try {
      yield* pending.splice(0);
      while (!scanner.ended) {
        const next = await iterator.next();
        if (next.done === true) break;
        scanner.push(next.value, pending);
        yield* pending.splice(0);
      }
      if (!scanner.ended) throw new Error('the export ends inside its "messages" array (truncated file?)');
    } finally {
      stream.destroy();
    }
  };
  return { header, messages: messages() };
}

/**
 * A small JSON scanner that knows only nesting and strings: enough to find the top-level
 * `"messages": [` and cut the array into its elements.
 */
export class ExportScanner {
  header: unknown;
  ended = false;
  private buf = '';
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private stringStart = -1;
  private lastString = '';
  private key = '';
  private keyStart = -1;
  private inArray = false;
  private elementStart = -1;

  /** Feeds a chunk; complete `messages` elements are appended to `out`. */
  push(chunk: string, out: unknown[]): void {
    this.buf += chunk;
    const b = this.buf;
    let i = this.pos;
    for (; i < b.length && !this.ended; i++) {
      const c = b.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) {
          this.inString = false;
          if (this.depth === 1 && !this.inArray) this.lastString = b.slice(this.stringStart + 1, i);
        }
        continue;
      }
      switch (c) {
        case 34: // "
          this.inString = true;
          this.stringStart = i;
          break;
        case 58: // :
          if (this.depth === 1 && !this.inArray) {
            this.key = this.lastString;
            this.keyStart = this.stringStart;
          }
          break;
        case 123: // {
        case 91: // [
          this.depth++;
          if (this.depth === 2 && c === 91 && !this.inArray && this.key === 'messages') {
            this.inArray = true;
            this.header = JSON.parse(`${b.slice(0, this.keyStart).replace(/,\s*$/, '')}}`);
          } else if (this.inArray && this.depth === 3) {
            this.elementStart = i;
          }
          break;
        case 125: // }
        case 93: // ]
          this.depth--;
          if (this.inArray && this.depth === 2 && this.elementStart >= 0) {
            out.push(JSON.parse(b.slice(this.elementStart, i + 1)));
            this.elementStart = -1;
          } else if (this.inArray && this.depth === 1) {
            this.ended = true;
          }
          break;
      }
    }
    // Keep only what an unfinished element (or the header) still needs.
    if (this.inArray) {
      const keep = this.elementStart >= 0 ? this.elementStart : i;
      this.buf = b.slice(keep);
      this.pos = i - keep;
      if (this.elementStart >= 0) this.elementStart = 0;
      this.stringStart -= keep;
    } else {
      this.pos = i;
    }
  }
}
