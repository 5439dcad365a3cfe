import { createReadStream } from 'node:fs';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { INDEXED_MESSAGE_TYPES } from '../discord/message-parts';
import type { ChannelInfo, NewMessage } from '../store/types';
import { type MessageParts, searchableText } from '../text/searchable-text';
import { attachmentsJson, embedsJson, isoToMs } from './map';

/**
 * DiscordChatExporter's JSON export: `guild`, `channel`, `dateRange`, `exportedAt`, then
 * `messages[]` (and `messageCount`). Only the fields the indexer stores are typed.
 * @see https://github.com/Tyrrrz/DiscordChatExporter (JsonMessageWriter)
 */
export interface ExportHeader {
  guild: { id: string; name?: string };
  channel: { id: string; type: string; categoryId?: string | null; category?: string | null; name?: string };
}

/** One entry of `messages[]`; only the fields the indexer stores are typed. */
export interface ExportMessage extends ExportForward {
  id: string;
  type: string;
  timestamp: string;
  author: { id: string; name?: string; nickname?: string | null; isBot?: boolean };
  /** `type` is "Default" (a reply) or "Forward" (2.47 and later; absent before). */
  reference?: {
    type?: string | null;
    messageId?: string | null;
    channelId?: string | null;
    guildId?: string | null;
  } | null;
  /** The forwarded message of a forward (2.47 and later). */
  forwardedMessage?: ExportForward | null;
}

/** What a message and a forwarded message have in common. */
export interface ExportForward {
  timestampEdited?: string | null;
  content?: string | null;
  attachments?: { id: string; url?: string; fileName?: string; fileSizeBytes?: number }[];
  embeds?: unknown[];
  stickers?: { id?: string; name?: string }[];
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

/**
 * What is wrong with an export's header for the import, as words that follow the file name, or
 * undefined when it is a DiscordChatExporter export of a server channel. DiscordChatExporter writes
 * direct messages and group DMs with the guild `{"id": "0", "name": "Direct Messages"}` and the
 * channel types `DirectTextChat` / `DirectGroupTextChat`.
 */
function headerProblem(value: unknown): string | undefined {
  const h = value as { guild?: unknown; channel?: unknown } | null;
  if (
    typeof h !== 'object' ||
    h === null ||
    Array.isArray(h) ||
    (h.guild === undefined && h.channel === undefined)
  )
    return 'is JSON but not a DiscordChatExporter export (it has no "guild" and "channel")';
  const guild = (typeof h.guild === 'object' ? h.guild : null) as { id?: unknown } | null;
  const channel = (typeof h.channel === 'object' ? h.channel : null) as {
    id?: unknown;
    type?: unknown;
  } | null;
  if (guild?.id === '0' || (typeof channel?.type === 'string' && DIRECT_KINDS.has(channel.type)))
    return 'is an export of direct messages, not of a server channel: only server channels can be indexed';
  if (typeof guild?.id !== 'string' || guild.id === '')
    return 'has no guild id: it is not an export of a server channel';
  if (!SNOWFLAKE.test(guild.id)) return `has the guild id "${guild.id}", which is not a Discord id`;
  if (channel === null) return 'has no "channel": it is not a DiscordChatExporter export of a channel';
  if (typeof channel.id !== 'string' || !SNOWFLAKE.test(channel.id))
    return `has the channel id "${String(channel.id)}", which is not a Discord id`;
  if (typeof channel.type !== 'string' || kindNumber(CHANNEL_KINDS, channel.type) === undefined)
    return `is of a channel of type "${String(channel.type)}", which the indexer does not read`;
  return undefined;
}

/** DiscordChatExporter's `ChannelKind`s of direct messages (and Discord's numbers for them). */
const DIRECT_KINDS: ReadonlySet<string> = new Set(['DirectTextChat', 'DirectGroupTextChat', '1', '3']);

/** Checks the parts of the header the import relies on; throws one line naming what is wrong. */
export function checkHeader(value: unknown): ExportHeader {
  const problem = headerProblem(value);
  if (problem !== undefined) throw new Error(`the export ${problem}`);
  return value as ExportHeader;
}

function hasHeader(v: unknown): boolean {
  const h = v as Partial<ExportHeader> | undefined;
  return typeof h?.guild === 'object' && typeof h.channel === 'object';
}

/** Why an export file cannot be imported; `message` is one line naming the file and what is wrong. */
export class ChatExportError extends Error {
  override name = 'ChatExportError';
  constructor(
    readonly file: string,
    /** What is wrong, as words that follow the file name. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file} ${problem}`, options);
  }
}

/**
 * Checks an import file before anything else is touched, in this order: it exists and is a
 * readable file, it is UTF-8 JSON (a byte-order mark is fine), and it is a DiscordChatExporter JSON
 * export of a server channel (`guild.id` of a server, not "Direct Messages"; a `channel` of a type
 * the indexer reads). Reads only the start of the file in DiscordChatExporter's own layout.
 * Resolves to the export's header; rejects with a {@link ChatExportError}.
 * @see https://github.com/Tyrrrz/DiscordChatExporter (JsonMessageWriter, Guild.DirectMessages)
 */
export async function checkChatExport(file: string): Promise<ExportHeader> {
  const opened = await startExport(file);
  opened.close();
  return opened.header;
}

/**
 * Reads a whole export through, every message parsed and none kept, so that a file cut short or
 * broken further in is named before anything is imported. Resolves to its header and message
 * count; rejects with a {@link ChatExportError} as {@link checkChatExport} does.
 */
export async function scanChatExport(file: string): Promise<{ header: ExportHeader; messages: number }> {
  const { header, messages } = await startExport(file);
  let count = 0;
  try {
    for await (const _ of messages) count++;
  } catch (err) {
    if (err instanceof ChatExportError) throw err;
    const problem =
      err instanceof SyntaxError
        ? jsonProblem(err)
        : err instanceof Error && /truncated/.test(err.message)
          ? 'ends inside its "messages" array: the file is cut short (export the channel again)'
          : fileProblem(err);
    throw new ChatExportError(file, problem, { cause: err });
  }
  return { header, messages: count };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function fileProblem(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'is a directory, not an export file';
  return `cannot be read: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Opens the file and reads its first bytes: where the JSON starts (after a UTF-8 byte-order mark)
 * and whether it can be an export at all, so that a wrong file is named before it is streamed.
 */
async function checkFileStart(file: string): Promise<{ start: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new ChatExportError(file, fileProblem(err), { cause: err });
  }
  let head: Buffer;
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ChatExportError(file, 'is a directory, not an export file');
    head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } catch (err) {
    if (err instanceof ChatExportError) throw err;
    throw new ChatExportError(file, fileProblem(err), { cause: err });
  } finally {
    await handle.close();
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw new ChatExportError(
      file,
      'is UTF-16 text; DiscordChatExporter writes UTF-8: export the file again',
    );
  const start = head.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
  const first = head.subarray(start).toString('utf8').trimStart().charAt(0);
  if (first === '' && head.length - start < 4096) throw new ChatExportError(file, 'is empty');
  if (first === '<')
    throw new ChatExportError(
      file,
      'is HTML, not JSON: export the channel with DiscordChatExporter --format Json',
    );
  if (first === '[')
    throw new ChatExportError(
      file,
      'is a JSON array, not a DiscordChatExporter export (an object with "guild", "channel" and "messages")',
    );
  if (first !== '{' && first !== '')
    throw new ChatExportError(file, 'is not JSON: export the channel with DiscordChatExporter --format Json');
  return { start };
}

function jsonProblem(err: unknown): string {
  return `is not valid JSON (${err instanceof Error ? err.message : String(err)})`;
}

function forwardParts(m: ExportForward): MessageParts {
  return {
    content: m.content,
    stickers: (m.stickers ?? []).map((x) => x?.name),
    attachments: (m.attachments ?? []).map((a) => ({ name: a?.fileName })),
    embeds: m.embeds,
  };
}

const isForward = (m: ExportMessage): boolean =>
  m.reference?.type === 'Forward' ||
  m.reference?.type === '1' ||
  (typeof m.forwardedMessage === 'object' && m.forwardedMessage !== null);

/** What of an exported message is searchable: its content, forwarded message, stickers, attachments and embeds. */
export function exportMessageParts(m: ExportMessage): MessageParts {
  const fwd = m.forwardedMessage;
  return {
    ...forwardParts(m),
    forwarded: typeof fwd === 'object' && fwd !== null ? [forwardParts(fwd)] : [],
  };
}

/**
 * The row stored for an exported message, or undefined for what is never stored (the bot's own
 * messages, system notices) and for entries too malformed to keep.
 */
export function exportMessageRow(
  m: ExportMessage,
  header: ExportHeader,
  botUserId: string,
): NewMessage | undefined {
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
    content: searchableText(exportMessageParts(m)),
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
    // A forward quotes a message; it does not answer it.
    replyToId: isForward(m) ? null : (m.reference?.messageId ?? null),
    type,
  };
}

/**
 * Reads an export without holding it in memory: the header (everything before `"messages"`) is
 * parsed once, then each element of the `messages` array is parsed on its own as the file streams
 * by. Files that put `messages` before `guild`/`channel` are parsed whole instead. A UTF-8
 * byte-order mark is skipped. The file is checked first as {@link checkChatExport} says; a problem
 * rejects with a {@link ChatExportError}.
 */
export async function openChatExport(
  file: string,
): Promise<{ header: ExportHeader; messages: AsyncGenerator<ExportMessage, void, undefined> }> {
  const { header, messages } = await startExport(file);
  return { header, messages };
}

interface StartedExport {
  header: ExportHeader;
  messages: AsyncGenerator<ExportMessage, void, undefined>;
  /** Lets go of the file when the messages will not be read to the end. */
  close(): void;
}

async function startExport(file: string): Promise<StartedExport> {
  const { start } = await checkFileStart(file);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20, start });
  const scanner = new ExportScanner();
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  const pending: ExportMessage[] = [];

  // Read until the header is known (or the file ends).
  try {
    while (scanner.header === undefined) {
      const next = await iterator.next();
      if (next.done === true) break;
      scanner.push(next.value, pending);
    }
  } catch (err) {
    stream.destroy();
    throw new ChatExportError(file, err instanceof SyntaxError ? jsonProblem(err) : fileProblem(err), {
      cause: err,
    });
  }
  if (!hasHeader(scanner.header)) {
    // Not DiscordChatExporter's order (guild and channel first): parse the file whole.
    stream.destroy();
    let whole: unknown;
    try {
      whole = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new ChatExportError(file, err instanceof SyntaxError ? jsonProblem(err) : fileProblem(err), {
        cause: err,
      });
    }
    const problem = headerProblem(whole);
    if (problem !== undefined) throw new ChatExportError(file, problem);
    const all = (whole as { messages?: unknown }).messages;
    if (!Array.isArray(all))
      throw new ChatExportError(file, 'has no "messages" array: it is not a DiscordChatExporter export');
    return {
      header: whole as ExportHeader,
      messages: (async function* () {
        yield* all as ExportMessage[];
      })(),
      close() {},
    };
  }
  const problem = headerProblem(scanner.header);
  if (problem !== undefined) {
    stream.destroy();
    throw new ChatExportError(file, problem);
  }
  const header = scanner.header as ExportHeader;
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
  return { header, messages: messages(), close: () => stream.destroy() };
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
