import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/tmp';
import {
  checkHeader,
  type ExportHeader,
  type ExportMessage,
  ExportScanner,
  exportChannel,
  exportMessageRow,
  openChatExport,
} from './chat-exporter';

const header: ExportHeader = {
  guild: { id: '210000000000000001', name: 'G' },
  channel: {
    id: '310000000000000001',
    type: 'GuildTextChat',
    categoryId: '310000000000000005',
    category: 'cat',
    name: 'general',
  },
};
const BOT = '100000000000000001';

const msg = (over: Partial<ExportMessage> = {}): ExportMessage => ({
  id: '1100000000000000001',
  type: 'Default',
  timestamp: '2024-03-01T12:00:00.123+02:00',
  timestampEdited: null,
  content: 'hello',
  author: { id: '400000000000000002', name: 'alice', nickname: 'Alice A', isBot: false },
  attachments: [],
  embeds: [],
  ...over,
});

describe('DiscordChatExporter mapping', () => {
  it.each([
    [
      'a default message',
      msg(),
      { type: 0, content: 'hello', authorName: 'Alice A', createdAt: Date.UTC(2024, 2, 1, 10, 0, 0, 123) },
    ],
    [
      'a reply',
      msg({ type: 'Reply', reference: { messageId: '1100000000000000000', channelId: null, guildId: null } }),
      { type: 19, replyToId: '1100000000000000000' },
    ],
    [
      'an edited message',
      msg({ timestampEdited: '2024-03-01T10:05:00+00:00' }),
      { editedAt: Date.UTC(2024, 2, 1, 10, 5) },
    ],
    ['a slash command answer (kind written as its number)', msg({ type: '20' }), { type: 20 }],
    [
      'another bot',
      msg({ author: { id: '400000000000000009', name: 'ci', isBot: true } }),
      { authorIsBot: true, authorName: 'ci' },
    ],
    ['no content', msg({ content: null }), { content: '' }],
  ])('stores %s', (_, m, expected) => {
    expect(exportMessageRow(m, header, BOT)).toMatchObject({
      id: m.id,
      guildId: header.guild.id,
      channelId: header.channel.id,
      deleted: false,
      ...expected,
    });
  });

  it.each([
    ['a system notice', msg({ type: 'GuildMemberJoin' })],
    ['a pin notice', msg({ type: 'ChannelPinnedMessage' })],
    ["the bot's own message", msg({ author: { id: BOT, name: 'me', isBot: true } })],
    ['an entry without id', msg({ id: 'x' })],
    ['an unparseable time', msg({ timestamp: 'yesterday' })],
  ])('skips %s', (_, m) => {
    expect(exportMessageRow(m, header, BOT)).toBeUndefined();
  });

  it('keeps attachments in the live crawl shape, without the expiring signature', () => {
    const row = exportMessageRow(
      msg({
        attachments: [
          {
            id: '9',
            url: 'https://cdn.discordapp.com/attachments/1/2/a.png?ex=65&is=64&hm=abc&size=1',
            fileName: 'a.png',
            fileSizeBytes: 42,
          },
        ],
      }),
      header,
      BOT,
    );
    expect(JSON.parse(row?.attachments ?? '')).toEqual([
      {
        id: '9',
        filename: 'a.png',
        size: 42,
        url: 'https://cdn.discordapp.com/attachments/1/2/a.png?size=1',
      },
    ]);
  });

  it('maps channel kinds; a thread gets its parent from categoryId', () => {
    expect(exportChannel(header)).toEqual({
      id: header.channel.id,
      guildId: header.guild.id,
      parentId: '310000000000000005',
      type: 0,
      name: 'general',
      nsfw: false,
    });
    const thread = {
      ...header,
      channel: { ...header.channel, type: 'GuildPublicThread', categoryId: '310000000000000001' },
    };
    expect(exportChannel(thread)).toMatchObject({ type: 11, parentId: '310000000000000001' });
    expect(exportChannel({ ...header, channel: { ...header.channel, type: 'GuildNews' } }).type).toBe(5);
    expect(() => exportChannel({ ...header, channel: { ...header.channel, type: 'Weird' } })).toThrow(
      /unsupported/,
    );
  });

  it('rejects what is not a server channel export', () => {
    expect(() => checkHeader({ messages: [] })).toThrow(/not a DiscordChatExporter JSON export/);
    expect(() => checkHeader({ ...header, guild: { id: '0', name: 'Direct Messages' } })).toThrow(
      /not of a server channel/,
    );
  });
});

describe('reading an export as a stream', () => {
  const tricky = [
    msg({
      id: '1100000000000000001',
      content: 'braces } { and brackets ] [ inside "quotes" \\ and \u00e9\u{1F600}',
    }),
    msg({ id: '1100000000000000002', content: '"messages": [ {not json} ]' }),
    msg({ id: '1100000000000000003', embeds: [{ title: 'x', fields: [{ name: '[', value: '}' }] }] }),
  ];
  const text = JSON.stringify(
    { ...header, dateRange: { after: null, before: null }, messages: tricky, messageCount: 3 },
    null,
    2,
  );

  it('cuts the messages array into elements whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const scanner = new ExportScanner();
      const out: unknown[] = [];
      for (let i = 0; i < text.length; i += size) scanner.push(text.slice(i, i + size), out);
      expect(scanner.ended).toBe(true);
      expect(scanner.header).toMatchObject(header);
      expect(out).toEqual(tricky);
    }
  });

  it('reads a file, also one whose messages come before the header', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.json');
    writeFileSync(a, text);
    const opened = await openChatExport(a);
    expect(opened.header.channel.id).toBe(header.channel.id);
    const got: ExportMessage[] = [];
    for await (const m of opened.messages) got.push(m);
    expect(got).toEqual(tricky);

    const b = path.join(dir, 'b.json');
    writeFileSync(b, JSON.stringify({ messages: tricky, ...header }));
    const reordered = await openChatExport(b);
    const got2: ExportMessage[] = [];
    for await (const m of reordered.messages) got2.push(m);
    expect(got2).toEqual(tricky);

    const c = path.join(dir, 'c.json');
    writeFileSync(c, text.slice(0, text.length - 200));
    const truncated = await openChatExport(c);
    await expect(
      (async () => {
        for await (const _ of truncated.messages) {
          // drain
        }
      })(),
    ).rejects.toThrow(/truncated/);
  });
});
