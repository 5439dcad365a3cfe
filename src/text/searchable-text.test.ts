import { describe, expect, it } from 'vitest';
import {
  MAX_BLOCK_UNITS,
  MAX_EMBED_UNITS,
  MAX_ITEM_UNITS,
  MAX_MARKERS_UNITS,
  type MessageParts,
  searchableText,
} from './searchable-text';

/** True when the string holds a high surrogate without its low one, or the reverse. */
const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('searchable text of a message', () => {
  it.each<[string, MessageParts, string]>([
    ['typed text only, unchanged', { content: 'the build broke on\n  arm64' }, 'the build broke on\n  arm64'],
    ['nothing with text', { content: '', embeds: [{ type: 'gifv', url: 'https://tenor.com/x' }] }, ''],
    ['a sticker', { content: '', stickers: ['blobwave'] }, '[sticker: blobwave]'],
    ['an attachment', { attachments: [{ name: 'warped-corner.png' }] }, '[attachment: warped-corner.png]'],
    [
      'an attachment with alt text',
      { attachments: [{ name: 'warped-corner.png', description: 'the desk corner,\nbent up' }] },
      '[attachment: warped-corner.png — the desk corner, bent up]',
    ],
    ['a spoiler attachment', { attachments: [{ name: 'SPOILER_ending.png' }] }, '[attachment: ending.png]'],
    [
      'an embed',
      { embeds: [{ title: 'Crash on start · Issue #12', description: 'It  segfaults\n\nwhen run' }] },
      '[embed: Crash on start · Issue #12 — It segfaults when run]',
    ],
    [
      'an embed with fields',
      {
        embeds: [
          {
            title: 'Build #42',
            fields: [
              { name: 'Status', value: 'failed', inline: true },
              { name: 'Branch', value: 'main' },
            ],
          },
        ],
      },
      '[embed: Build #42 — Status: failed; Branch: main]',
    ],
    [
      'an embed as DiscordChatExporter writes one without title',
      { embeds: [{ title: '', description: 'Deployed v2.1', fields: [], images: [] }] },
      '[embed: Deployed v2.1]',
    ],
    ['a forward', { forwarded: [{ content: 'meet at 6' }] }, '[forwarded message] meet at 6'],
    [
      "a forward's own stickers, files and embeds follow its text",
      {
        forwarded: [
          {
            content: 'logs attached',
            attachments: [{ name: 'log.txt' }],
            stickers: ['blobwave'],
            embeds: [{ title: 'CI' }],
          },
        ],
      },
      '[forwarded message] logs attached\n[sticker: blobwave]\n[attachment: log.txt]\n[embed: CI]',
    ],
    ['a forward with nothing searchable', { forwarded: [{ content: '', embeds: [{}] }] }, ''],
    [
      'typed text first, then everything else in order',
      {
        content: 'look',
        displayText: ['Status panel'],
        poll: { question: 'Lunch?', answers: ['Pizza', 'Sushi'] },
        forwarded: [{ content: 'original' }],
        stickers: ['wave'],
        attachments: [{ name: 'a.png' }, { name: 'b.pdf' }],
        embeds: [{ title: 'T', description: 'd' }],
      },
      'look\nStatus panel\n[poll: Lunch? — Pizza; Sushi]\n[forwarded message] original\n[sticker: wave]\n[attachment: a.png]\n[attachment: b.pdf]\n[embed: T — d]',
    ],
  ])('%s', (_, parts, expected) => {
    expect(searchableText(parts)).toBe(expected);
  });

  it('bounds every part and cuts on grapheme boundaries', () => {
    const emoji = '👩‍👩‍👧';
    const long = `${'word '.repeat(300)}${emoji.repeat(400)}`;
    const one = searchableText({ embeds: [{ title: 'T', description: long }] });
    expect(one.length).toBeLessThanOrEqual(MAX_EMBED_UNITS);
    expect(one.endsWith('…]')).toBe(true);

    const sticker = searchableText({ stickers: [emoji.repeat(100)] });
    expect(sticker.length).toBeLessThanOrEqual(MAX_ITEM_UNITS);
    expect(sticker).toMatch(/^\[sticker: (👩‍👩‍👧)+…\]$/u);

    const forward = searchableText({ forwarded: [{ content: `x${emoji.repeat(2000)}` }] });
    expect(forward.length).toBeLessThanOrEqual(MAX_BLOCK_UNITS);
    expect(hasLoneSurrogate(forward)).toBe(false);

    const many = searchableText({
      attachments: Array.from({ length: 10 }, (_, i) => ({ name: `${i}-${'n'.repeat(300)}.png` })),
      embeds: Array.from({ length: 10 }, (_, i) => ({ title: `embed ${i}`, description: long })),
    });
    const lines = many.split('\n');
    expect(lines.at(-1)).toMatch(/^\[… \d+ more\]$/);
    expect(lines.slice(0, -1).join('\n').length).toBeLessThanOrEqual(MAX_MARKERS_UNITS);
    expect(lines.slice(0, -1).every((l) => l.startsWith('[') && l.endsWith(']'))).toBe(true);
    expect(hasLoneSurrogate(many)).toBe(false);
  });
});
