/**
 * Splitting long answers into messages under Discord's content limit.
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */

export const DISCORD_MESSAGE_LIMIT = 2000;

const FENCE = '```';
const CLOSE = `\n${FENCE}`;
// Below this, re-opened fences would eat most of each chunk, so code blocks are split like prose.
const MIN_LIMIT_FOR_FENCES = 40;

interface Cut {
  /** Where the chunk ends (exclusive). */
  end: number;
  /** Where the rest starts, past the separator. */
  next: number;
}

function stripLeadingBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\r?\n)+/, '');
}

/** The language of the fence left open after `text` (null when closed), starting from `open`. */
function fenceStateAfter(text: string, open: string | null): string | null {
  let state = open;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith(FENCE)) continue;
    if (state !== null) {
      state = null;
      continue;
    }
    const info = trimmed.slice(FENCE.length);
    // "```code```" on one line opens and closes.
    if (info.includes(FENCE)) continue;
    state = info.trim().split(/\s/)[0] ?? '';
  }
  return state;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const SOFT_BREAKS: ReadonlyArray<(text: string, budget: number) => Cut | undefined> = [
  (text, budget) => {
    const i = text.lastIndexOf('\n\n', budget);
    return i < 0 ? undefined : { end: i, next: i + 2 };
  },
  (text, budget) => {
    const i = text.lastIndexOf('\n', budget);
    return i < 0 ? undefined : { end: i, next: i + 1 };
  },
  (text, budget) => {
    let found: Cut | undefined;
    for (const m of text.slice(0, budget + 1).matchAll(/[.!?](?= )/g)) {
      found = { end: m.index + 1, next: m.index + 2 };
    }
    return found;
  },
  (text, budget) => {
    const i = text.lastIndexOf(' ', budget);
    return i < 0 ? undefined : { end: i, next: i + 1 };
  },
];

/**
 * The best place to end a chunk of at most `budget` units: the latest paragraph, line, sentence or
 * space break past `floor`, else a hard cut.
 */
function findCut(text: string, budget: number, floor: number): Cut {
  if (text.length <= budget) return { end: text.length, next: text.length };
  // A break in the second half is preferred, so a better kind of break never yields a tiny chunk.
  for (const minEnd of [Math.max(Math.floor(budget / 2), floor), Math.max(1, floor)]) {
    for (const find of SOFT_BREAKS) {
      const cut = find(text, budget);
      if (cut && cut.end >= minEnd) return cut;
    }
  }
  const end = isHighSurrogate(text.charCodeAt(budget - 1)) ? budget - 1 : budget;
  return { end, next: end };
}

/**
 * Splits text into chunks of at most `limit` UTF-16 units (stricter than Discord's count),
 * preferring paragraph, then line, then sentence, then word breaks, and hard-cutting only
 * between surrogate pairs. A code fence open at a break is closed at the end of the chunk and
 * re-opened with its language at the start of the next; those characters count toward the limit.
 * Chunks lose leading/trailing blank lines; none is empty.
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export function splitMessage(text: string, limit: number = DISCORD_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 2)
    throw new RangeError(`limit must be an integer ≥ 2, got ${limit}`);
  const manageFences = limit >= MIN_LIMIT_FOR_FENCES;
  const chunks: string[] = [];
  let rest = stripLeadingBlankLines(text);
  let open: string | null = null;

  for (;;) {
    let reopen = '';
    if (open !== null) {
      const closing = /^[ \t]*```[^\n]*(?:\n|$)/.exec(rest);
      if (closing) {
        // The previous chunk already closed this fence; reopening it only to close it is noise.
        rest = stripLeadingBlankLines(rest.slice(closing[0].length));
        open = null;
      } else {
        reopen = `${FENCE}${open.length <= limit / 4 ? open : ''}\n`;
      }
    }

    const tail = rest.trimEnd();
    if (tail.length === 0) break;
    if (reopen.length + tail.length <= limit) {
      chunks.push(reopen + tail);
      break;
    }

    const budget = limit - reopen.length;
    // A chunk that opens a fence must hold more than the fence line, or it would be an empty block.
    const firstLine = rest.split('\n', 1)[0] ?? '';
    const opensFence = manageFences && open === null && fenceStateAfter(firstLine, null) !== null;
    const firstContent = opensFence ? /\S/.exec(rest.slice(firstLine.length + 1)) : null;
    const contentStart = firstContent ? firstLine.length + 1 + firstContent.index : budget;
    const floor = contentStart < budget / 2 ? contentStart + 1 : 0;
    let cut = findCut(rest, budget, floor);
    let state: string | null = manageFences ? fenceStateAfter(rest.slice(0, cut.end), open) : null;
    if (state !== null) {
      cut = findCut(rest, budget - CLOSE.length, floor);
      state = fenceStateAfter(rest.slice(0, cut.end), open);
    }
    let body = rest.slice(0, cut.end).trimEnd();

    if (state !== null) {
      // Ending right after an opening fence line leaves an empty block: move that line to the next chunk.
      const lastLineStart = body.lastIndexOf('\n') + 1;
      const before = body.slice(0, lastLineStart).trimEnd();
      if (before.length > 0 && fenceStateAfter(before, open) === null) {
        body = before;
        cut = { end: lastLineStart, next: lastLineStart };
        state = null;
      }
    }

    if (body.trim().length > 0) chunks.push(reopen + body + (state !== null ? CLOSE : ''));
    else state = open;
    rest = stripLeadingBlankLines(rest.slice(cut.next));
    open = state;
  }
  return chunks;
}
