import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE } from '../../test/unicode';
import {
  formatSources,
  SOURCE_AUTHOR_MAX,
  SOURCE_CHANNEL_MAX,
  SOURCE_LINE_MAX,
  streamingPreview,
} from './format';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Indices where `text` may be cut without splitting a character, per Intl.Segmenter. */
const boundaries = (text: string) =>
  new Set([...graphemes.segment(text)].map((g) => g.index).concat(text.length));

const CHARACTERS: Array<[string, string]> = [
  ['emoji', '😀'],
  ['a ZWJ sequence', '👩‍💻'],
  ['a flag', '🇫🇷'],
  ['a combining mark', 'e\u0301'],
];

describe('streamingPreview', () => {
  it.each([
    ['short text gets the suffix', 'Hello', 2000, 'Hello …'],
    ['surrounding whitespace is dropped', '  Hello \n', 2000, 'Hello …'],
    ['exactly full', 'x'.repeat(1998), 2000, `${'x'.repeat(1998)} …`],
    ['one over is cut', 'x'.repeat(1999), 2000, `${'x'.repeat(1998)} …`],
    ['mass mentions are defused', 'ping @everyone', 2000, 'ping @\u200beveryone …'],
    ['a cut does not leave a space before the suffix', 'aaaa bbbb', 7, 'aaaa …'],
  ])('%s', (_, text, limit, expected) => {
    expect(streamingPreview(text, limit)).toBe(expected);
  });

  it('does not put a lone surrogate in the edit (issue 8)', () => {
    const text = `aa${'😀'.repeat(1200)}`;
    const preview = streamingPreview(text);
    expect(preview.length).toBeLessThanOrEqual(2000);
    expect(LONE_SURROGATE.test(preview)).toBe(false);
    expect(preview).toBe(`aa${'😀'.repeat(998)} …`);
  });

  it.each(CHARACTERS)('cuts a run of %s on a character boundary at every limit', (_, character) => {
    const text = `aa${character.repeat(60)}`;
    const cuts = boundaries(text);
    for (let limit = 3; limit <= 40; limit++) {
      const preview = streamingPreview(text, limit);
      expect(preview.length).toBeLessThanOrEqual(limit);
      expect(preview.endsWith(' …')).toBe(true);
      expect(LONE_SURROGATE.test(preview)).toBe(false);
      const kept = preview.slice(0, -2);
      expect(text.startsWith(kept)).toBe(true);
      expect(cuts.has(kept.length)).toBe(true);
    }
  });
});

const message = (
  over: Partial<{ id: string; channelId: string; authorName: string; createdAt: number }> = {},
) => ({
  message: {
    id: '300',
    channelId: '200',
    authorName: 'ana',
    createdAt: Date.UTC(2024, 4, 1, 12),
    ...over,
  },
});
const channels = new Map([['200', 'general']]);
const lineOf = (out: string, n = 1) => out.split('\n')[n] ?? '';

describe('formatSources', () => {
  it('lists the cited sources as numbered jump links', () => {
    const out = formatSources('100', [message(), message({ id: '301', authorName: 'bo' })], [2, 1, 9], (id) =>
      channels.get(id),
    );
    expect(out).toBe(
      '**Sources**\n' +
        '[2] #general · bo · May 1, 2024 <https://discord.com/channels/100/200/301>\n' +
        '[1] #general · ana · May 1, 2024 <https://discord.com/channels/100/200/300>',
    );
  });

  it('is empty without cited sources', () => {
    expect(formatSources('100', [message()], [], () => 'general')).toBe('');
  });

  it.each(CHARACTERS)('cuts long names made of %s on a character boundary', (_, character) => {
    const channel = `c${character.repeat(150)}`;
    const author = `a${character.repeat(40)}`;
    const line = lineOf(formatSources('100', [message({ authorName: author })], [1], () => channel));
    expect(LONE_SURROGATE.test(line)).toBe(false);
    expect(line.length).toBeLessThanOrEqual(SOURCE_LINE_MAX);
    const match =
      /^\[1\] #(.*) · (.*) · May 1, 2024 <https:\/\/discord\.com\/channels\/100\/200\/300>$/u.exec(line);
    expect(match).not.toBeNull();
    const [shownChannel = '', shownAuthor = ''] = match?.slice(1) ?? [];
    for (const [shown, whole, max] of [
      [shownChannel, channel, SOURCE_CHANNEL_MAX],
      [shownAuthor, author, SOURCE_AUTHOR_MAX],
    ] as const) {
      expect(shown.length).toBeLessThanOrEqual(max);
      expect(shown.endsWith('…')).toBe(true);
      const kept = shown.slice(0, -1);
      expect(whole.startsWith(kept)).toBe(true);
      expect(boundaries(whole).has(kept.length)).toBe(true);
    }
  });

  it('keeps a line within SOURCE_LINE_MAX whatever the names', () => {
    const worst = '@here`*'.repeat(500);
    const out = formatSources(
      '18446744073709551615',
      [message({ id: '18446744073709551615', channelId: '18446744073709551614', authorName: worst })],
      [1],
      () => worst,
    );
    expect(lineOf(out).length).toBeLessThanOrEqual(SOURCE_LINE_MAX);
    expect(out).not.toContain('@here');
  });

  it('shows Markdown in names as typed, so it cannot reach into the links', () => {
    const out = formatSources(
      '100',
      [message({ authorName: 'x`y' }), message({ id: '301', authorName: '**bo**' })],
      [1, 2],
      () => 'dev_ops`',
    );
    const list = out.split('\n').slice(1).join('\n');
    const inline: Token[] = Lexer.lex(list, { gfm: true }).flatMap((t) =>
      'tokens' in t ? (t.tokens ?? []) : [],
    );
    expect(inline.some((t) => t.type === 'codespan' || t.type === 'strong' || t.type === 'em')).toBe(false);
    const links = inline.filter((t) => t.type === 'link').map((t) => ('href' in t ? t.href : ''));
    expect(links).toEqual([
      'https://discord.com/channels/100/200/300',
      'https://discord.com/channels/100/200/301',
    ]);
    expect(lineOf(out)).toBe(
      '[1] #dev\\_ops\\` · x\\`y · May 1, 2024 <https://discord.com/channels/100/200/300>',
    );
  });
});
