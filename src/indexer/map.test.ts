import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../discord/message-parts';
import { messageRow, unsignedUrl } from './map';

const BOT = '100000000000000001';
const base: WireMessage = {
  id: '1100000000000000001',
  channel_id: '310000000000000001',
  type: 0,
  content: 'hello',
  timestamp: '2024-03-01T10:00:00.123000+00:00',
  edited_timestamp: null,
  author: { id: '400000000000000002', username: 'alice', global_name: 'Alice A' },
  attachments: [],
  embeds: [],
};

describe('Discord message → stored row', () => {
  it.each([
    [
      'a default message',
      base,
      { type: 0, authorName: 'Alice A', authorIsBot: false, createdAt: Date.UTC(2024, 2, 1, 10, 0, 0, 123) },
    ],
    [
      'a user without display name',
      { ...base, author: { id: '4', username: 'bob', global_name: null } },
      { authorName: 'bob' },
    ],
    ['another bot', { ...base, author: { id: '9', username: 'ci', bot: true } }, { authorIsBot: true }],
    [
      'a reply',
      { ...base, type: 19, message_reference: { message_id: '1100000000000000000' } },
      { type: 19, replyToId: '1100000000000000000' },
    ],
    [
      'an edit',
      { ...base, edited_timestamp: '2024-03-01T10:05:00+00:00' },
      { editedAt: Date.UTC(2024, 2, 1, 10, 5) },
    ],
    ['a command answer', { ...base, type: 20 }, { type: 20 }],
  ])('stores %s', (_, m, expected) => {
    expect(messageRow(m, '210000000000000001', BOT)).toMatchObject({
      guildId: '210000000000000001',
      ...expected,
    });
  });

  it.each([
    ["the bot's own message", { ...base, author: { id: BOT, username: 'me', bot: true } }],
    ['a join notice', { ...base, type: 7 }],
    ['a pin notice', { ...base, type: 6 }],
    ['a boost notice', { ...base, type: 8 }],
  ])('skips %s', (_, m) => {
    expect(messageRow(m, '210000000000000001', BOT)).toBeUndefined();
  });

  const GUILD = '210000000000000001';
  const cdn = (path: string) =>
    `https://cdn.discordapp.com/attachments/310000000000000001/${path}?ex=67a1b2c3&is=67a06143&hm=0f1e2d3c4b5a`;

  it('stores a forward as the forwarded text, files and stickers, and not as a reply', () => {
    // As Discord sends a forward: own content empty, flag HAS_SNAPSHOT (1 << 14), reference type 1.
    const forward: WireMessage = {
      ...base,
      content: '',
      flags: 16384,
      message_reference: {
        type: 1,
        channel_id: '310000000000000002',
        message_id: '1099999999999999999',
        guild_id: GUILD,
      },
      message_snapshots: [
        {
          message: {
            content: 'the deploy key rotates on Friday',
            edited_timestamp: null,
            attachments: [
              {
                id: '1200000000000000001',
                filename: 'rotation.md',
                size: 812,
                url: cdn('1200000000000000001/rotation.md'),
                content_type: 'text/markdown; charset=utf-8',
              },
            ],
            embeds: [],
            sticker_items: [{ id: '749054660769218631', name: 'Wumpus wave', format_type: 3 }],
          },
        },
      ],
    };
    expect(messageRow(forward, GUILD, BOT)).toMatchObject({
      content:
        '[forwarded message] the deploy key rotates on Friday\n[sticker: Wumpus wave]\n[attachment: rotation.md]',
      replyToId: null,
      type: 0,
      attachments: '[]',
    });
  });

  it.each<[string, Partial<WireMessage>, string]>([
    [
      'a sticker only',
      { content: '', sticker_items: [{ id: '1100000000000000077', name: 'blobwave', format_type: 1 }] },
      '[sticker: blobwave]',
    ],
    [
      'an image only, with its alt text',
      {
        content: '',
        attachments: [
          {
            id: '1200000000000000002',
            filename: 'warped-corner.png',
            description: 'the desk corner bent upwards',
            size: 48213,
            url: cdn('1200000000000000002/warped-corner.png'),
            content_type: 'image/png',
          },
        ],
      },
      '[attachment: warped-corner.png — the desk corner bent upwards]',
    ],
    [
      "a bot's embed only",
      {
        content: '',
        author: { id: '400000000000000009', username: 'ci', bot: true },
        embeds: [
          {
            type: 'rich',
            title: 'Build #42 failed',
            description: 'main · 3 tests failed',
            color: 15548997,
            fields: [{ name: 'Job', value: 'test (node 20)', inline: true }],
          },
        ],
      },
      '[embed: Build #42 failed — main · 3 tests failed — Job: test (node 20)]',
    ],
    [
      'text with a link preview: the text first',
      {
        content: 'see https://github.com/org/repo/issues/12',
        embeds: [
          {
            type: 'article',
            url: 'https://github.com/org/repo/issues/12',
            title: 'Crash on start · Issue #12 · org/repo',
            description: 'Segfault in the loader when the cache is cold.',
            provider: { name: 'GitHub' },
          },
        ],
      },
      'see https://github.com/org/repo/issues/12\n[embed: Crash on start · Issue #12 · org/repo — Segfault in the loader when the cache is cold.]',
    ],
    [
      'a poll',
      {
        content: '',
        poll: {
          question: { text: 'Release on Friday?' },
          answers: [{ poll_media: { text: 'Yes' } }, { poll_media: { text: 'No' } }],
        },
      },
      '[poll: Release on Friday? — Yes; No]',
    ],
    [
      'display components (components v2) without content',
      {
        content: '',
        flags: 32768,
        components: [
          {
            type: 17,
            components: [
              { type: 10, content: '## Incident resolved' },
              {
                type: 9,
                components: [{ type: 10, content: 'Database failover finished at 14:02' }],
                accessory: { type: 2, style: 5, label: 'Postmortem', url: 'https://status.example' },
              },
            ],
          },
        ],
      },
      '## Incident resolved\nDatabase failover finished at 14:02',
    ],
  ])('makes the text of %s searchable', (_, over, content) => {
    expect(messageRow({ ...base, ...over }, GUILD, BOT)?.content).toBe(content);
  });

  it('records a reply, but not the source of a crosspost, as a reply', () => {
    const reply = {
      type: 0,
      message_id: '1100000000000000000',
      channel_id: base.channel_id,
      guild_id: GUILD,
    };
    expect(messageRow({ ...base, type: 19, message_reference: reply }, GUILD, BOT)?.replyToId).toBe(
      '1100000000000000000',
    );
    const crosspost = {
      type: 0,
      message_id: '900000000000000001',
      channel_id: '900000000000000002',
      guild_id: '900000000000000003',
    };
    expect(messageRow({ ...base, flags: 2, message_reference: crosspost }, GUILD, BOT)?.replyToId).toBeNull();
  });

  it('drops only the expiring signature of Discord CDN links', () => {
    expect(unsignedUrl('https://cdn.discordapp.com/attachments/1/2/a.png?ex=1&is=2&hm=3&width=5')).toBe(
      'https://cdn.discordapp.com/attachments/1/2/a.png?width=5',
    );
    expect(unsignedUrl('https://example.com/a.png?ex=1')).toBe('https://example.com/a.png?ex=1');
    const row = messageRow(
      {
        ...base,
        attachments: [
          { id: '7', filename: 'a.png', size: 3, url: 'https://cdn.discordapp.com/a.png?ex=1&is=2&hm=3' },
        ],
        embeds: [{ image: { proxy_url: 'https://media.discordapp.net/b.png?ex=1&is=2&hm=3' } }],
      },
      '210000000000000001',
      BOT,
    );
    expect(JSON.parse(row?.attachments ?? '')).toEqual([
      { id: '7', filename: 'a.png', size: 3, url: 'https://cdn.discordapp.com/a.png' },
    ]);
    expect(JSON.parse(row?.embeds ?? '')).toEqual([
      { image: { proxy_url: 'https://media.discordapp.net/b.png' } },
    ]);
  });
});
