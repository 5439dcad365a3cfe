/**
 * Splitting long answers into messages under Discord's content limit, so that every message renders
 * the blocks the whole answer would: prose stays prose, code stays code.
 *
 * Where the blocks are comes from marked's CommonMark (GFM) lexer, never from line regexes: a fence
 * is ``` or ~~~ or longer, indented at most 3 spaces, closed only by a line of the same character
 * at least as long with no info string, and an unclosed fence runs to the end. The splitter lists
 * the places a chunk may end, best first (between blocks, then at a line, a sentence, a space; a
 * hard cut on a grapheme boundary last), and builds each chunk so that it renders on its own as it
 * did inside the whole: a code block cut in two is closed at the end of one chunk and reopened with
 * its own fence line at the start of the next, a list item or quote cut in two is rebuilt around
 * its remaining content, the rest of a cut paragraph has what would now open another block at the
 * start of a message (a list number, a dash, a fence) escaped, and every cut in prose is checked by
 * lexing both halves; code spans and links are not cut, unless one is longer than a message.
 * @see https://spec.commonmark.org/0.31.2/#fenced-code-blocks
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */

import { Lexer, type MarkedToken, type Token, Tokenizer, type Tokens } from 'marked';
import { graphemeBoundaryAtOrBefore } from '../text/cut';

/** Discord's limit on a message's content, in characters. */
export const DISCORD_MESSAGE_LIMIT = 2000;

// Below this, reopened fences would eat most of each chunk: the text is split as plain text.
const MIN_LIMIT_FOR_MARKDOWN = 40;

// Kinds of break, best first. Breaks inside **emphasis** (SOFT added) come after all others.
const PARAGRAPH = 0;
const LINE = 1;
const SENTENCE = 2;
const SPACE = 3;
const SOFT = 3;
const SOFT_RANKS = [PARAGRAPH, LINE, SENTENCE, SPACE, LINE + SOFT, SENTENCE + SOFT, SPACE + SOFT];
const HARD = 10;

/** A cut of some markdown: the head ends the current chunk, the tail renders the rest of it. */
interface Piece {
  head: string;
  tail: string;
}

/** How a cut is built: checked by lexing; not; or only its head, to measure it. */
type Mode = 'checked' | 'unchecked' | 'head';

/** A place where a chunk may end. */
interface Candidate {
  rank: number;
  /** Length of the chunk this cut makes, before trailing whitespace is trimmed. */
  length: number;
  /** The cut; in "checked" mode undefined if it would change how the text renders. */
  build(mode: Mode): Piece | undefined;
}

/**
 * Splits `text` into chunks of at most `limit` UTF-16 units (stricter than Discord's count) that each
 * render the same code and prose as the whole would (CommonMark, as marked lexes it). Prefers ends
 * between blocks, then at line, then sentence, then word breaks, and hard-cuts only on a grapheme
 * boundary. A code block cut in two is closed with its own fence and reopened with its fence line
 * (info string and all) at the start of the next chunk; those characters count toward the limit.
 * An unclosed fence at the end is closed. Chunks lose leading/trailing blank lines; none is empty.
 * CRLF line ends become LF. Throws a RangeError when `limit` is not an integer ≥ 2.
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export function splitMessage(text: string, limit: number = DISCORD_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 2)
    throw new RangeError(`limit must be an integer ≥ 2, got ${limit}`);
  const markdown = limit >= MIN_LIMIT_FOR_MARKDOWN;
  const chunks: string[] = [];
  let rest = stripLeadingBlankLines(text.replace(/\r\n?/g, '\n'));
  let blocks = markdown ? lexBlocks(rest) : undefined;
  for (;;) {
    const whole = rest.trimEnd();
    if (whole === '') break;
    const closer = blocks === undefined ? '' : trailingFenceCloser(blocks);
    const last = closer === '' ? whole : `${whole}\n${closer}`;
    if (last.length <= limit) {
      chunks.push(last);
      break;
    }
    const candidates = markdown ? docCandidates(rest, limit, limit, blocks) : textCandidates(rest, limit);
    // Only when no cut keeps the rendering (pathological inline code, raw HTML, a link longer
    // than the room), one that may not; its rest still starts as prose, not as a fence or a list.
    let piece =
      (markdown ? choose(candidates, limit, true, true) : undefined) ??
      choose(candidates, limit, true) ??
      choose(candidates, limit, false) ??
      (markdown ? choose(textCandidates(rest, limit, ''), limit, false) : undefined);
    if (piece === undefined || stripLeadingBlankLines(piece.tail) === rest) piece = hardCut(rest, limit);
    const head = piece.head.trimEnd();
    if (head.trim() !== '') chunks.push(head);
    const next = stripLeadingBlankLines(piece.tail);
    if (markdown) blocks = relex(next, rest, blocks);
    rest = next;
  }
  return chunks;
}

/**
 * The blocks of `next`, the rest after a cut of `previous` (whose blocks were `blocks`): the part
 * the cut rebuilt is lexed again, the unchanged blocks after it are kept, so that splitting stays
 * linear in the length of the answer.
 */
function relex(next: string, previous: string, blocks: Token[] | undefined): Token[] | undefined {
  if (blocks === undefined) return lexBlocks(next);
  let at = 0;
  for (const [i, block] of blocks.entries()) {
    const kept = previous.length - at;
    at += block.raw.length;
    if (kept > next.length || !next.endsWith(previous.slice(previous.length - kept))) continue;
    const changed = next.slice(0, next.length - kept);
    if (changed !== '' && !changed.endsWith('\n')) continue;
    const head = changed === '' ? [] : lexBlocks(changed);
    return head === undefined ? lexBlocks(next) : [...head, ...blocks.slice(i)];
  }
  return lexBlocks(next);
}

function stripLeadingBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '');
}

/**
 * The best candidate that fits: a break in the second half of the limit is preferred, so a better
 * kind of break never yields a tiny chunk; then any break; then a hard cut. With `visible`, only a
 * chunk that shows some text: not one that is a bare list marker, `#` or `>` (a block the answer
 * leaves empty), which would be a message of its own showing nothing.
 */
function choose(
  candidates: Candidate[],
  limit: number,
  checked: boolean,
  visible = false,
): Piece | undefined {
  const attempt = (rank: number, minLength: number): Piece | undefined => {
    const pool = candidates
      .filter((c) => c.rank === rank && c.length <= limit && c.length >= minLength)
      .sort((a, b) => b.length - a.length);
    for (const c of pool) {
      const piece = c.build(checked ? 'checked' : 'unchecked');
      if (piece === undefined) continue;
      const head = piece.head.trimEnd();
      if (head.length > limit || head.length < minLength || head.trim() === '') continue;
      if (!visible || showsText(head)) return piece;
    }
    return undefined;
  };
  for (const minLength of [Math.floor(limit / 2), 1])
    for (const rank of SOFT_RANKS) {
      const piece = attempt(rank, minLength);
      if (piece) return piece;
    }
  return attempt(HARD, 1) ?? attempt(HARD + 1, 1);
}

/** Whether markdown renders some text or code (not only empty list items, headings or quotes). */
function showsText(md: string): boolean {
  const tokens = lex(md);
  return tokens === undefined ? md.trim() !== '' : tokensShowText(tokens);
}

function tokensShowText(tokens: readonly Token[]): boolean {
  return tokens.some((t) => {
    if (t.type === 'space' || t.type === 'br') return false;
    if (t.type === 'code') return true;
    if (t.type === 'list') return (t as Tokens.List).items.some((item) => tokensShowText(item.tokens));
    if ('tokens' in t && t.tokens !== undefined && t.tokens.length > 0) return tokensShowText(t.tokens);
    return ('text' in t && typeof t.text === 'string' ? t.text : t.raw).trim() !== '';
  });
}

/** A cut at `max` units on a grapheme boundary, or on a code point one when a grapheme is longer. */
function hardCut(text: string, max: number): Piece {
  let end = graphemeBoundaryAtOrBefore(text, max);
  if (end === 0) end = isLowSurrogate(text.charCodeAt(max)) ? max - 1 : max;
  return { head: text.slice(0, end), tail: text.slice(end) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// ---------------------------------------------------------------------------------------------
// Blocks: marked's top-level tokens, whose `raw` texts concatenate to the source.

/**
 * CommonMark as Discord shows it: Discord renders no HTML, so `<details>` or `<div>` at the start of
 * a line is text, not an HTML block that would hide the code blocks and spans after it.
 */
class NoHtmlTokenizer extends Tokenizer {
  override html(): undefined {
    return undefined;
  }
  override tag(): undefined {
    return undefined;
  }
}

/**
 * marked's tokens of `md` as Discord renders it (GFM, HTML as text): what the splitter keeps the
 * same in every chunk. Throws what marked throws (marked 18, on "1. x\n   >2.\n|").
 */
export function lexMarkdown(md: string): Token[] {
  return Lexer.lex(md, { gfm: true, tokenizer: new NoHtmlTokenizer() });
}

/** marked's block tokens of `md`, or undefined on the rare input its lexer throws on. */
function lex(md: string): Token[] | undefined {
  try {
    return lexMarkdown(md);
  } catch {
    return undefined;
  }
}

function lexBlocks(md: string): Token[] | undefined {
  const tokens = lex(md);
  if (tokens === undefined) return undefined;
  // Offsets are computed from `raw`, which may leave out trailing whitespace (kept as a space
  // token here); should marked ever rewrite more of the source, callers fall back to checked
  // plain-text cuts.
  const joined = tokens.map((t) => t.raw).join('');
  const trailing = md.slice(joined.length);
  if (!md.startsWith(joined) || trailing.trim() !== '') return undefined;
  return trailing === '' ? tokens : [...tokens, { type: 'space', raw: trailing }];
}

/** The cuts of a standalone markdown document that end within `room` units. */
function docCandidates(md: string, room: number, limit: number, tokens = lexBlocks(md)): Candidate[] {
  if (tokens === undefined) return textCandidates(md, room, signatureOf(md));
  const out: Candidate[] = [];
  let start = 0;
  let contentEnd = -1;
  for (const token of tokens) {
    const s = start;
    const e = s + token.raw.length;
    start = e;
    if (token.type === 'space') continue;
    if (contentEnd >= 0) {
      const head = md.slice(0, contentEnd).trimEnd();
      const blank = /\n[ \t]*\n/.test(md.slice(head.length, s));
      out.push(boundary(head, md.slice(s), blank ? PARAGRAPH : LINE));
    }
    // An unclosed fence gets its closing fence in the chunk that ends it: count that too.
    const closer = trailingFenceCloser([token]);
    if (s + token.raw.trimEnd().length + (closer === '' ? 0 : closer.length + 1) > room) {
      // The rest of a rebuilt list item or quote is followed by a blank line: what came after the
      // container was not part of it, and must not become a lazy continuation line of it now.
      const separator = token.type === 'list' || token.type === 'blockquote' ? '\n\n' : '\n';
      if (room - s > 0)
        for (const c of blockCandidates(token as MarkedToken, room - s, limit))
          out.push(within(c, md.slice(0, s), md.slice(e), separator));
      break;
    }
    contentEnd = e;
  }
  return out;
}

function boundary(head: string, tail: string, rank: number): Candidate {
  return { rank, length: head.length, build: () => ({ head, tail }) };
}

/** A cut of a block, placed between the text before the block and the text after it. */
function within(c: Candidate, before: string, after: string, separator: '\n' | '\n\n'): Candidate {
  return {
    rank: c.rank,
    length: before.length + c.length,
    build: (mode) => {
      const piece = c.build(mode);
      if (piece === undefined) return undefined;
      return {
        head: before + piece.head,
        tail: mode === 'head' ? '' : joinBlocks(piece.tail, after, separator),
      };
    },
  };
}

/** `tail` then `after`, starting on a new line (or after a blank line when `separator` says so). */
function joinBlocks(tail: string, after: string, separator: '\n' | '\n\n'): string {
  if (after === '') return tail;
  if (tail.trim() === '') return after;
  if (separator === '\n\n') return `${tail.trimEnd()}\n\n${after.replace(/^\n+/, '')}`;
  return tail.endsWith('\n') || after.startsWith('\n') ? tail + after : `${tail}\n${after}`;
}

function blockCandidates(token: MarkedToken, room: number, limit: number): Candidate[] {
  switch (token.type) {
    case 'code':
      return token.codeBlockStyle === 'indented'
        ? indentedCodeCandidates(token.raw, room)
        : fencedCodeCandidates(token.raw, room, limit);
    case 'paragraph':
      return inlineCandidates(token, room);
    case 'list':
      return listCandidates(token, room, limit);
    case 'blockquote':
      return containerCandidates(token.raw, token.text, room, limit, QUOTE);
    case 'heading': {
      // The rest of a cut heading is a heading too, so its closing #s stay markup.
      const marks = /^ {0,3}#{1,6}(?=[ \t])/.exec(token.raw)?.[0];
      return textCandidates(
        token.raw,
        room,
        signature([token]),
        marks === undefined ? '' : `${marks.trim()} `,
      );
    }
    default:
      return textCandidates(token.raw, room, signature([token]));
  }
}

// ---------------------------------------------------------------------------------------------
// Code blocks.

const FENCE_LINE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Whether `line` closes a block opened with `fence`: same character, at least as long, nothing after. */
function closesFence(line: string, fence: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return m !== null && m[1]?.[0] === fence[0] && (m[1]?.length ?? 0) >= fence.length;
}

/**
 * `markdown` with its last fenced code block closed when it runs to the end unclosed (an answer cut
 * off by the token budget), so that what is appended after it (the source list) is not code.
 * Fences nested in a list item or quote are left as they are.
 * @see https://spec.commonmark.org/0.31.2/#fenced-code-blocks
 */
export function closeTrailingFence(markdown: string): string {
  const text = markdown.replace(/\r\n?/g, '\n').trimEnd();
  const blocks = lexBlocks(text);
  const closer = blocks === undefined ? '' : trailingFenceCloser(blocks);
  return closer === '' ? markdown : `${text}\n${closer}`;
}

/** The closing fence a trailing unclosed fenced block needs ("" when none), so Discord shows it as code. */
function trailingFenceCloser(blocks: Token[]): string {
  const lastBlock = blocks.filter((t) => t.type !== 'space').at(-1);
  if (lastBlock?.type !== 'code' || lastBlock.codeBlockStyle === 'indented') return '';
  const lines = lastBlock.raw.replace(/\n$/, '').split('\n');
  const fence = FENCE_LINE.exec(lines[0] ?? '')?.[2];
  if (fence === undefined) return '';
  return lines.length > 1 && closesFence(lines.at(-1) ?? '', fence) ? '' : fence;
}

function fencedCodeCandidates(raw: string, room: number, limit: number): Candidate[] {
  const lines = raw.split('\n');
  const open = lines[0] ?? '';
  const m = FENCE_LINE.exec(open);
  const indent = m?.[1] ?? '';
  const fence = m?.[2] ?? '';
  // A very long info string is left out of the opening fences of the pieces, rather than fill each
  // chunk; it only names the language, so the code renders the same.
  const reopen = open.length <= limit / 4 ? open : `${indent}${fence}`;
  if (m === null || reopen.length > limit / 4) return textCandidates(raw, room);
  lines[0] = reopen;
  // Same character and length as the opening fence: closes it, and only it.
  const closer = fence;
  let bodyEnd = lines.findIndex((line, i) => i > 0 && closesFence(line, fence));
  if (bodyEnd < 0) bodyEnd = lines.length;
  // Blank lines at the start of a block that must be cut go, as they do at the start of every
  // reopened piece: a chunk of nothing but them would be an empty block, or a lone fence.
  const blankRun = lines.slice(1, bodyEnd).findIndex((l) => l.trim() !== '');
  if (blankRun > 0) {
    lines.splice(1, blankRun);
    bodyEnd -= blankRun;
  }
  const reopened = (from: number, firstLine?: string) => {
    const body = lines.slice(from);
    const skip = firstLine === undefined ? body.findIndex((l) => l.trim() !== '') : 0;
    return [reopen, ...(firstLine === undefined ? [] : [firstLine]), ...body.slice(Math.max(0, skip))].join(
      '\n',
    );
  };

  let lastContent = bodyEnd - 1;
  while (lastContent > 0 && (lines[lastContent] ?? '').trim() === '') lastContent--;
  const out: Candidate[] = [];
  if (lastContent === 0)
    out.push({
      rank: PARAGRAPH, // the end of the block
      length: reopen.length + 1 + closer.length,
      build: () => ({ head: `${reopen}\n${closer}`, tail: '' }),
    });
  let length = reopen.length;
  let hasContent = false;
  for (let j = 1; j < bodyEnd; j++) {
    const line = lines[j] ?? '';
    const lineStart = length + 1;
    if (lineStart + line.length + 1 + closer.length > room) {
      // A hard cut inside this line, unless either half would read as a closing fence.
      const avail = room - lineStart - 1 - closer.length;
      let pos = graphemeBoundaryAtOrBefore(line, avail);
      while (pos > 0 && (closesFence(line.slice(0, pos), fence) || closesFence(line.slice(pos), fence)))
        pos = graphemeBoundaryAtOrBefore(line, pos - 1);
      const head = line.slice(0, pos);
      if (pos > 0 && (hasContent || head.trim() !== ''))
        out.push({
          rank: HARD,
          length: lineStart + pos + 1 + closer.length,
          build: () => ({
            head: `${lines.slice(0, j).join('\n')}\n${head}\n${closer}`,
            tail: reopened(j + 1, line.slice(pos)),
          }),
        });
      break;
    }
    length = lineStart + line.length;
    hasContent ||= line.trim() !== '';
    if (!hasContent) continue;
    const head = `${lines.slice(0, j + 1).join('\n')}\n${closer}`;
    if (j === lastContent) {
      // Nothing but blank lines (and the closing fence) left: the block ends here, without them.
      out.push({ rank: PARAGRAPH, length: head.length, build: () => ({ head, tail: '' }) });
      break;
    }
    const rank = (lines[j + 1] ?? '').trim() === '' ? PARAGRAPH : LINE;
    out.push({ rank, length: head.length, build: () => ({ head, tail: reopened(j + 1) }) });
  }
  return out;
}

/** Indented code: each piece stays indented, so it is code on its own too. */
function indentedCodeCandidates(raw: string, room: number): Candidate[] {
  const lines = raw.split('\n');
  const out: Candidate[] = [];
  let length = -1;
  let hasContent = false;
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j] ?? '';
    const lineStart = length + 1;
    if (lineStart + line.length > room) {
      const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
      const pos = graphemeBoundaryAtOrBefore(line, room - lineStart);
      const head = line.slice(0, pos);
      if (pos > lead.length && (hasContent || head.trim() !== ''))
        out.push({
          rank: HARD,
          length: lineStart + pos,
          build: () => ({
            head: [...lines.slice(0, j), head].join('\n'),
            tail: [lead + line.slice(pos), ...lines.slice(j + 1)].join('\n'),
          }),
        });
      break;
    }
    length = lineStart + line.length;
    hasContent ||= line.trim() !== '';
    if (!hasContent || lines.slice(j + 1).every((l) => l.trim() === '')) continue;
    const head = lines.slice(0, j + 1).join('\n');
    const rank = (lines[j + 1] ?? '').trim() === '' ? PARAGRAPH : LINE;
    out.push({ rank, length: head.length, build: () => ({ head, tail: lines.slice(j + 1).join('\n') }) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Prose.

interface Spot {
  rank: number;
  /** Where the head ends. */
  end: number;
  /** Where the tail starts. */
  next: number;
}

/** Line, sentence and space breaks of `text` (offset by `at`) that end within `room`. */
function breaks(text: string, at: number, room: number, soft: number, out: Spot[]): void {
  for (const m of text.matchAll(/\n|[.!?][ \t]+|[ \t]+/g)) {
    const sentence = m[0] !== '\n' && !/^[ \t]/.test(m[0]);
    const end = at + m.index + (sentence ? 1 : 0);
    if (end > room) break;
    const rank = m[0] === '\n' ? LINE : sentence ? SENTENCE : SPACE;
    out.push({ rank: rank + soft, end, next: at + m.index + m[0].length });
  }
}

/**
 * A paragraph is cut only between inline tokens or inside plain text, never inside a code span, a
 * link, an autolink, inline HTML or an escape; inside emphasis only when nothing else fits. Each cut
 * is checked by lexing both halves: each must still be one paragraph with the same code spans.
 */
function inlineCandidates(token: Tokens.Paragraph, room: number): Candidate[] {
  const raw = token.raw;
  const expected = signature([token]);
  const spots: Spot[] = [];
  const locked: Array<[number, number]> = [];
  const walk = (tokens: Token[], at: number, soft: number): void => {
    let s = at;
    for (const t of tokens as MarkedToken[]) {
      const e = s + t.raw.length;
      if (s > room) return;
      if (t.type === 'text' || t.type === 'br') {
        if (t.type === 'br') spots.push({ rank: LINE + soft, end: s, next: e });
        else breaks(t.raw, s, room, soft, spots);
      } else if ((t.type === 'em' || t.type === 'strong' || t.type === 'del') && t.tokens.length > 0) {
        const inner = t.tokens.map((x) => x.raw).join('');
        const k = t.raw.indexOf(inner);
        if (k < 0) locked.push([s, e]);
        else {
          locked.push([s, s + k], [s + k + inner.length, e]);
          walk(t.tokens, s + k, SOFT);
        }
      } else locked.push([s, e]);
      s = e;
    }
  };
  if (!raw.startsWith(token.tokens.map((t) => t.raw).join(''))) return textCandidates(raw, room, expected);
  walk(token.tokens, 0, 0);

  const split = (end: number, next: number, mode: Mode): Piece | undefined => {
    const head = raw.slice(0, end);
    if (mode === 'head') return { head, tail: '' };
    const tail = proseStart(raw.slice(next));
    return mode === 'unchecked' || rendersAsParagraphs(head, tail, expected) ? { head, tail } : undefined;
  };
  const out: Candidate[] = spots.map((spot) => ({
    rank: spot.rank,
    length: raw.slice(0, spot.end).trimEnd().length,
    build: (mode) => split(spot.end, spot.next, mode),
  }));
  // A hard cut moves back to the start of a code span or link rather than cut through it; a code
  // span longer than that leaves is closed and reopened with its own backticks instead.
  let pos = graphemeBoundaryAtOrBefore(raw, room);
  const lock = locked.find(([s, e]) => s < pos && pos < e);
  if (lock !== undefined) {
    const [s, e] = lock;
    const run = /^`+/.exec(raw.slice(s, e))?.[0];
    if (run !== undefined && raw.slice(e - run.length, e) === run) {
      const inner = raw.slice(s + run.length, e - run.length);
      for (const q of codeSpanCuts(inner, room - s - 2 * run.length - 2)) {
        const rest = inner.slice(q);
        const reopen = codeSpanRun(rest, run);
        if (reopen === undefined) continue;
        const head = raw.slice(0, s) + run + padCode(inner.slice(0, q)) + run;
        const tail = reopen + padCode(rest) + reopen + raw.slice(e);
        out.push({
          rank: HARD + 1,
          length: head.length,
          build: (mode) =>
            mode !== 'checked' || rendersAsParagraphs(head, tail, expected) ? { head, tail } : undefined,
        });
      }
    }
    pos = lock[0] > 0 ? graphemeBoundaryAtOrBefore(raw, lock[0]) : 0;
  }
  for (const at of hardCuts(raw, pos))
    out.push({ rank: HARD, length: at, build: (mode) => split(at, at, mode) });
  return out;
}

/**
 * Hard cuts at the grapheme boundary at or before `pos` and the two before it: when the rest would
 * start with "- " or "1. ", one character less keeps it prose.
 */
function hardCuts(raw: string, pos: number): number[] {
  const cuts: number[] = [];
  for (
    let at = graphemeBoundaryAtOrBefore(raw, pos);
    at > 0 && cuts.length < 3;
    at = graphemeBoundaryAtOrBefore(raw, at - 1)
  )
    cuts.push(at);
  return cuts;
}

/** Where a code span's content `inner` may be cut to fit in `avail` units: the latest spaces, else a grapheme boundary. */
function codeSpanCuts(inner: string, avail: number): number[] {
  const cuts: number[] = [];
  for (let q = inner.lastIndexOf(' ', avail); q > 0 && cuts.length < 3; q = inner.lastIndexOf(' ', q - 1))
    if (inner[q - 1] !== '\n') cuts.push(q);
  const hard = graphemeBoundaryAtOrBefore(inner, avail);
  if (hard > 0 && inner[hard - 1] !== '\n') cuts.push(hard);
  return cuts;
}

/**
 * The backticks that reopen a code span holding `content` at the start of a chunk: one or two when
 * the content has no run of that length (three or more at the start of a line could open a fence),
 * else the span's own `run` when the rest of the line holds a backtick (so it is no fence).
 */
function codeSpanRun(content: string, run: string): string | undefined {
  const runs = new Set([...content.matchAll(/`+/g)].map((m) => m[0].length));
  if (!runs.has(1)) return '`';
  if (!runs.has(2)) return '``';
  const eol = content.indexOf('\n');
  return run.length < 3 || content.slice(0, eol < 0 ? undefined : eol).includes('`') ? run : undefined;
}

/** Code span content with a space against a backtick at either end, so it cannot join the delimiter. */
function padCode(content: string): string {
  return `${content.startsWith('`') ? ' ' : ''}${content}${content.endsWith('`') ? ' ' : ''}`;
}

function isOneParagraph(md: string): boolean {
  const blocks = lex(md)?.filter((t) => t.type !== 'space') ?? [];
  return blocks.length === 1 && blocks[0]?.type === 'paragraph';
}

/** Whether `head` and `tail`, cut from one paragraph, are each one paragraph that shows its part. */
function rendersAsParagraphs(head: string, tail: string, expected: string): boolean {
  return isOneParagraph(head) && isOneParagraph(tail) && sameRendering(head, tail, expected);
}

/**
 * The rest of a cut paragraph, made to start as prose: without leading blanks (four spaces would
 * make it code), and with a backslash before what would now open another block at the start of a
 * chunk though it did not in the middle of a line ("- ", "2. ", "# ", "> ", "```"). An escaped
 * character shows as itself, so the text reads the same.
 */
function proseStart(text: string): string {
  const rest = text.replace(/^[ \t]+/, '');
  const firstLine = rest.split('\n', 1)[0] ?? '';
  if (firstLine === '' || isOneParagraph(firstLine)) return rest;
  const fence = /^(?:`{3,}|~{3,})/.exec(rest)?.[0];
  if (fence !== undefined) return fence.replace(/./g, '\\$&') + rest.slice(fence.length);
  const number = /^\d{1,9}(?=[.)])/.exec(rest)?.[0];
  if (number !== undefined) return `${number}\\${rest.slice(number.length)}`;
  return /^[-+*#>_<|]/.test(rest) ? `\\${rest}` : rest;
}

/**
 * Generic cuts of `raw` at blank lines, lines, sentences and spaces, and a hard cut. With `expected`
 * (a block's signature) a cut is kept only when both halves render the same code and prose; without
 * it (plain text, below {@link MIN_LIMIT_FOR_MARKDOWN}) any cut goes.
 */
function textCandidates(raw: string, room: number, expected?: string, tailPrefix = ''): Candidate[] {
  const spots: Spot[] = [];
  for (const m of raw.matchAll(/\n(?:[ \t]*\n)+/g)) {
    if (m.index > room) break;
    spots.push({ rank: PARAGRAPH, end: m.index, next: m.index + m[0].length });
  }
  breaks(raw, 0, room, 0, spots);
  const split = (end: number, next: number, mode: Mode): Piece | undefined => {
    const head = raw.slice(0, end);
    if (expected === undefined) return { head, tail: raw.slice(next) };
    if (mode === 'head') return { head, tail: '' };
    const tail = tailPrefix + proseStart(raw.slice(next));
    return mode === 'unchecked' || sameRendering(head, tail, expected) ? { head, tail } : undefined;
  };
  const out: Candidate[] = spots.map((spot) => ({
    rank: spot.rank,
    length: raw.slice(0, spot.end).trimEnd().length,
    build: (mode) => split(spot.end, spot.next, mode),
  }));
  for (const at of hardCuts(raw, room))
    out.push({ rank: HARD, length: at, build: (mode) => split(at, at, mode) });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Containers: list items and block quotes are cut inside their content, then rebuilt.

interface Container {
  /** Prefix of a line added to the head (a closing fence): the item's indent or "> ". */
  added: (prefixes: string[]) => string;
  /** Prefix of a blank line added to the head. */
  blank: string;
  /** The rest of the content, made standalone: as is for a list item, quoted again for a quote. */
  rest: (tail: string) => string;
}

const QUOTE: Container = {
  added: () => '> ',
  blank: '>',
  rest: (tail) =>
    tail.trim() === ''
      ? ''
      : stripLeadingBlankLines(tail)
          .split('\n')
          .map((l) => (l.trim() === '' ? '>' : `> ${l}`))
          .join('\n'),
};

const ITEM: Container = {
  added: (prefixes) => {
    // The indent of the item's own continuation lines, else as wide as its marker.
    const own = prefixes.slice(1).find((p) => p !== '' && p.trim() === '');
    return own ?? ' '.repeat(columns(prefixes[0] ?? ''));
  },
  blank: '',
  // What follows the item's content (more items) no longer belongs to it: the block must end here.
  rest: (tail) => {
    const blocks = lexBlocks(tail);
    const closer = blocks === undefined ? '' : trailingFenceCloser(blocks);
    return closer === '' ? tail : `${tail.trimEnd()}\n${closer}`;
  },
};

function columns(prefix: string): number {
  let col = 0;
  for (const ch of prefix) col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  return col;
}

function listCandidates(list: Tokens.List, room: number, limit: number): Candidate[] {
  const raw = list.raw;
  if (list.items.map((i) => i.raw).join('') !== raw) return textCandidates(raw, room, signature([list]));
  const out: Candidate[] = [];
  let s = 0;
  for (const [j, item] of list.items.entries()) {
    const e = s + item.raw.length;
    if (j > 0) {
      const head = raw.slice(0, s).trimEnd();
      const blank = /\n[ \t]*\n/.test(raw.slice(head.length, s));
      out.push(boundary(head, raw.slice(s), blank ? PARAGRAPH : LINE));
    }
    if (s + item.raw.trimEnd().length > room) {
      // The rest of a cut item leaves the list: a blank line keeps the next items a list of their own.
      for (const c of containerCandidates(item.raw, item.text, room - s, limit, ITEM))
        out.push(within(c, raw.slice(0, s), raw.slice(e), '\n\n'));
      break;
    }
    s = e;
  }
  return out;
}

/**
 * Cuts inside a list item or quote: its content (`content`, the lines of `raw` without their
 * prefixes) is cut as a document of its own, the head is given back its original prefixes, and the
 * tail is made standalone by `container.rest`.
 */
function containerCandidates(
  raw: string,
  content: string,
  room: number,
  limit: number,
  container: Container,
): Candidate[] {
  const rawLines = raw.split('\n');
  const lines = content.split('\n');
  const prefixes: string[] = [];
  for (const [k, line] of lines.entries()) {
    const rawLine = rawLines[k];
    if (rawLine === undefined || !rawLine.endsWith(line)) return textCandidates(raw, room, signatureOf(raw));
    prefixes.push(rawLine.slice(0, rawLine.length - line.length));
  }
  if ((prefixes[0] ?? '') === '') return textCandidates(raw, room, signatureOf(raw));
  const added = container.added(prefixes);
  const wrap = (head: string): string =>
    head
      .split('\n')
      .map((line, k) => {
        const original = lines[k];
        if (k === 0 || (original?.startsWith(line) && (line !== '' || original === '')))
          return (prefixes[k] ?? '') + line;
        return line === '' ? container.blank : added + line;
      })
      .join('\n');
  // Each cut of the content is measured as rebuilt, prefixes and all.
  const rebuilt = (c: Candidate): Candidate | undefined => {
    const rough = c.build('head');
    if (rough === undefined) return undefined;
    return {
      rank: c.rank,
      length: wrap(rough.head).trimEnd().length,
      build: (mode) => {
        const piece = c.build(mode);
        if (piece === undefined) return undefined;
        return { head: wrap(piece.head), tail: mode === 'head' ? '' : container.rest(piece.tail) };
      },
    };
  };
  // The content gets the room less its first prefix, then less again while the prefixes of its
  // lines push every cut (or the hard cut, placed at the very end of that room) past the end.
  const out: Candidate[] = [];
  let contentRoom = room - (prefixes[0]?.length ?? 0);
  for (let attempt = 0; attempt < 6 && contentRoom > 0; attempt++) {
    const found = docCandidates(content, contentRoom, limit).flatMap((c) => rebuilt(c) ?? []);
    out.push(...found);
    const hard = found.filter((c) => c.rank >= HARD);
    const fits = (c: Candidate) => c.length <= room;
    if (found.some(fits) && (hard.length === 0 || hard.some(fits))) break;
    const over = found.filter((c) => !fits(c)).map((c) => c.length - room);
    // No cut at all: the content fits its room, only its prefixes do not; cut inside it.
    contentRoom =
      over.length > 0
        ? contentRoom - Math.max(1, Math.min(...over))
        : Math.min(contentRoom, content.trimEnd().length) - 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering checks.

/**
 * What a reader sees, in order: code blocks, code spans and prose, whitespace ignored and, in prose,
 * emphasis and table markers too (a cut may show them as typed, but never turn prose into code).
 */
function signature(tokens: Token[]): string {
  const parts: Array<[string, string]> = [];
  const push = (kind: string, text: string) => {
    const norm = text.replace(kind === 'prose' ? /[\s*_~|]+/g : /\s+/g, '');
    if (norm === '') return;
    const last = parts.at(-1);
    if (last !== undefined && last[0] === kind) last[1] += norm;
    else parts.push([kind, norm]);
  };
  const walk = (list: Token[]) => {
    for (const t of list as MarkedToken[]) {
      switch (t.type) {
        case 'code':
          push('code', t.text);
          break;
        case 'codespan':
          push('span', t.text);
          break;
        case 'space':
        case 'hr':
        case 'br':
        case 'def':
        case 'checkbox':
          break;
        case 'list':
          for (const item of t.items) walk(item.tokens);
          break;
        case 'table':
          for (const cell of t.header) walk(cell.tokens);
          for (const row of t.rows) for (const cell of row) walk(cell.tokens);
          break;
        default: {
          const children: Token[] | undefined = 'tokens' in t ? t.tokens : undefined;
          if (children !== undefined && children.length > 0) walk(children);
          else push('prose', 'text' in t && typeof t.text === 'string' ? t.text : (t as Token).raw);
        }
      }
    }
  };
  walk(tokens);
  return JSON.stringify(parts);
}

function signatureOf(md: string): string {
  const tokens = lex(md);
  // What marked cannot lex matches nothing, so no cut is taken for one that keeps the rendering.
  return tokens === undefined ? JSON.stringify([['unlexable', md]]) : signature(tokens);
}

/**
 * Whether `head` and `tail`, each rendered on its own, show what the block they came from showed,
 * and each shows something (an empty heading or list item is no chunk).
 */
function sameRendering(head: string, tail: string, expected: string): boolean {
  const a = JSON.parse(signatureOf(head)) as Array<[string, string]>;
  const b = JSON.parse(signatureOf(tail)) as Array<[string, string]>;
  if (a.length === 0 || b.length === 0) return false;
  const last = a.at(-1);
  const first = b[0];
  if (last !== undefined && first !== undefined && last[0] === first[0]) {
    last[1] += first[1];
    b.shift();
  }
  return JSON.stringify([...a, ...b]) === expected;
}
