/**
 * The searchable text of a message: what is stored in `content`, embedded, keyword-indexed and
 * quoted in prompts. Discord keeps much of what people look for outside `content` (a forward's
 * text, a sticker's name, a file name, a link preview's title), so the crawl and the import both
 * build it here, from the same parts, in the same format:
 *
 * ```
 * look at this                                  the message's own text, as typed (then the
 *                                               text of its display components, if any)
 * [poll: Release on Friday? — Yes; No]
 * [forwarded message] the key rotates Friday    a forward's text, then the forward's own
 * [attachment: rotation.md]                     stickers, files and embeds
 * [sticker: blobwave]                           the message's stickers,
 * [attachment: warped-corner.png — alt text]    files (with their alt text)
 * [embed: Title — description — Job: test]      and embeds (fields as "name: value; …")
 * [… 3 more]                                    markers past MAX_MARKERS_UNITS
 * ```
 *
 * One line per item, whitespace inside an item folded to single spaces. Every part is bounded and
 * cut on a grapheme boundary, so the text stays compact whatever Discord sends.
 */
import { truncate } from './cut';

/** The parts of a message that carry searchable text, in a shape both sources map to. */
export interface MessageParts {
  /** The message's own typed text (Discord's `content`). */
  content?: string | null | undefined;
  /** Text of display components (Discord's components v2), which replace `content` for some bots. */
  displayText?: readonly string[] | undefined;
  poll?: { question: string; answers: readonly string[] } | undefined;
  /** Messages forwarded in this one (Discord's `message_snapshots`, DiscordChatExporter's `forwardedMessage`). */
  forwarded?: readonly MessageParts[] | undefined;
  /** Sticker names. */
  stickers?: readonly (string | null | undefined)[] | undefined;
  attachments?:
    | readonly { name?: string | null | undefined; description?: string | null | undefined }[]
    | undefined;
  /** Embed objects as Discord or DiscordChatExporter write them (`title`, `description`, `fields[]`). */
  embeds?: readonly unknown[] | undefined;
}

/** Longest display-component text and forwarded block (Discord's own limit for a message's text). */
export const MAX_BLOCK_UNITS = 4000;
/** Longest sticker, attachment and poll marker. */
export const MAX_ITEM_UNITS = 200;
/** Longest embed marker: room for a title, the start of a description and a few fields. */
export const MAX_EMBED_UNITS = 400;
/** Longest run of sticker, attachment and embed markers together (then `[… N more]`). */
export const MAX_MARKERS_UNITS = 1500;

const oneLine = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function marker(label: string, pieces: (string | null | undefined)[], max: number): string | undefined {
  const text = pieces.map(oneLine).filter((p) => p !== '');
  if (text.length === 0) return undefined;
  // Room for the closing bracket: the cut lands inside the marker, never on it.
  return `${truncate(`[${label}: ${text.join(' — ')}`, max - 1)}]`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function embedMarker(e: unknown): string | undefined {
  if (!isRecord(e)) return undefined;
  const fields = Array.isArray(e.fields)
    ? e.fields
        .filter(isRecord)
        .map((f) => [oneLine(str(f.name)), oneLine(str(f.value))].filter((p) => p !== '').join(': '))
        .filter((f) => f !== '')
        .join('; ')
    : '';
  return marker('embed', [str(e.title), str(e.description), fields], MAX_EMBED_UNITS);
}

/** A spoiler's file name without the `SPOILER_` Discord puts in front of it. */
const fileName = (name: string | null | undefined) => (name ?? '').replace(/^SPOILER_/, '');

/**
 * The searchable text of a message (format in this module's comment): its own text first, then
 * its poll, forwarded messages, stickers, attachments and embeds, each marked as such. Empty when
 * nothing in the message carries text (e.g. only a GIF embed without a title).
 * @see https://discord.com/developers/docs/resources/message#message-object
 */
export function searchableText(m: MessageParts): string {
  const lines: string[] = [];
  const own = m.content ?? '';
  if (own.trim() !== '') lines.push(own);
  const display = (m.displayText ?? []).filter((t) => t.trim() !== '').join('\n');
  if (display !== '') lines.push(truncate(display, MAX_BLOCK_UNITS));
  if (m.poll !== undefined) {
    const poll = marker('poll', [m.poll.question, m.poll.answers.map(oneLine).join('; ')], MAX_ITEM_UNITS);
    if (poll !== undefined) lines.push(poll);
  }
  for (const f of m.forwarded ?? []) {
    // A forward of a forward does not exist on Discord; its parts are read one level deep.
    const text = searchableText({ ...f, forwarded: undefined });
    if (text !== '') lines.push(truncate(`[forwarded message] ${text}`, MAX_BLOCK_UNITS));
  }
  const markers = [
    ...(m.stickers ?? []).map((s) => marker('sticker', [s], MAX_ITEM_UNITS)),
    ...(m.attachments ?? []).map((a) =>
      marker('attachment', [fileName(a.name), a.description], MAX_ITEM_UNITS),
    ),
    ...(m.embeds ?? []).map(embedMarker),
  ].filter((x): x is string => x !== undefined);
  // Whole markers only; what does not fit is counted, so a reader knows there was more.
  let used = 0;
  for (const [i, x] of markers.entries()) {
    if (used + x.length > MAX_MARKERS_UNITS) {
      lines.push(`[… ${markers.length - i} more]`);
      break;
    }
    lines.push(x);
    used += x.length + 1;
  }
  return lines.join('\n');
}
