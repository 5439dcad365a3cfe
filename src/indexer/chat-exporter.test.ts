import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/tmp';
import {
  ChatExportError,
  checkChatExport,
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
    expect(() => checkHeader({ messages: [] })).toThrow(/not a DiscordChatExporter export/);
    expect(() => checkHeader({ ...header, guild: { id: '0', name: 'Direct Messages' } })).toThrow(
      /direct messages, not of a server channel/,
    );
  });
});

describe('DiscordChatExporter entries: text outside content', () => {
  const cdn = (path: string) =>
    `https://cdn.discordapp.com/attachments/310000000000000001/${path}?ex=67a1b2c3&is=67a06143&hm=0f1e2d3c4b5a`;
  // The fields DiscordChatExporter 2.47 writes for every message, beyond what the mapping reads.
  const entry = (over: Record<string, unknown>): ExportMessage =>
    ({
      ...msg({ content: '' }),
      callEndedTimestamp: null,
      isPinned: false,
      components: [],
      reactions: [],
      mentions: [],
      inlineEmojis: [],
      stickers: [],
      ...over,
    }) as ExportMessage;

  it('stores a forward (2.47+) as its forwarded text and files, and not as a reply', () => {
    const forward = entry({
      reference: {
        type: 'Forward',
        messageId: '1099999999999999999',
        channelId: '310000000000000002',
        guildId: header.guild.id,
      },
      forwardedMessage: {
        timestamp: '2024-02-29T09:00:00+00:00',
        timestampEdited: null,
        content: 'the deploy key rotates on Friday',
        attachments: [
          {
            id: '1200000000000000001',
            url: cdn('1200000000000000001/rotation.md'),
            fileName: 'rotation.md',
            fileSizeBytes: 812,
          },
        ],
        embeds: [],
        stickers: [{ id: '749054660769218631', name: 'Wumpus wave', format: 'Lottie', sourceUrl: 'x.json' }],
      },
    });
    expect(exportMessageRow(forward, header, BOT)).toMatchObject({
      content:
        '[forwarded message] the deploy key rotates on Friday\n[sticker: Wumpus wave]\n[attachment: rotation.md]',
      replyToId: null,
      type: 0,
      attachments: '[]',
    });
  });

  it('keeps a reply (reference type "Default") a reply', () => {
    const reply = entry({
      type: 'Reply',
      content: 'yes',
      reference: {
        type: 'Default',
        messageId: '1100000000000000000',
        channelId: header.channel.id,
        guildId: header.guild.id,
      },
    });
    expect(exportMessageRow(reply, header, BOT)).toMatchObject({
      replyToId: '1100000000000000000',
      content: 'yes',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a sticker only',
      {
        stickers: [
          {
            id: '1100000000000000077',
            name: 'blobwave',
            format: 'Png',
            sourceUrl: 'https://media.discordapp.net/stickers/1100000000000000077.png',
          },
        ],
      },
      '[sticker: blobwave]',
    ],
    [
      'an image only',
      {
        attachments: [
          {
            id: '1200000000000000002',
            url: cdn('1200000000000000002/warped-corner.png'),
            fileName: 'warped-corner.png',
            fileSizeBytes: 48213,
          },
        ],
      },
      '[attachment: warped-corner.png]',
    ],
    [
      "a bot's embed only",
      {
        author: { id: '400000000000000009', name: 'ci', nickname: 'CI', isBot: true },
        embeds: [
          {
            title: 'Build #42 failed',
            url: null,
            timestamp: null,
            description: 'main · 3 tests failed',
            color: '#ED4245',
            images: [],
            fields: [{ name: 'Job', value: 'test (node 20)', isInline: true }],
            inlineEmojis: [],
          },
        ],
      },
      '[embed: Build #42 failed — main · 3 tests failed — Job: test (node 20)]',
    ],
    [
      'text with an image: the text first',
      {
        content: 'the corner after a week',
        attachments: [
          {
            id: '1200000000000000003',
            url: cdn('x/IMG_2231.jpg'),
            fileName: 'IMG_2231.jpg',
            fileSizeBytes: 9,
          },
        ],
      },
      'the corner after a week\n[attachment: IMG_2231.jpg]',
    ],
  ])('makes the text of %s searchable', (_, over, content) => {
    expect(exportMessageRow(entry(over), header, BOT)?.content).toBe(content);
  });
});

describe('checking an import file first', () => {
  const export_ = (h: unknown = header, messages: unknown[] = [msg()]) =>
    JSON.stringify(
      {
        ...(h as object),
        dateRange: { after: null, before: null },
        exportedAt: '2024-03-02T00:00:00+00:00',
        messages,
        messageCount: messages.length,
      },
      null,
      2,
    );
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(tempDir(), name);
    writeFileSync(file, data);
    return file;
  };
  const failure = async (file: string): Promise<ChatExportError> => {
    const err = await checkChatExport(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChatExportError);
    const e = err as ChatExportError;
    // One line that names the file first.
    expect(e.message.startsWith(`${file} `)).toBe(true);
    expect(e.message).not.toContain('\n');
    return e;
  };

  it('reads a file that starts with a UTF-8 byte-order mark, in either key order', async () => {
    const file = write('bom.json', `\uFEFF${export_()}`);
    expect(await checkChatExport(file)).toMatchObject(header);
    const opened = await openChatExport(file);
    const got: ExportMessage[] = [];
    for await (const m of opened.messages) got.push(m);
    expect(got).toEqual([msg()]);

    const reordered = write('bom2.json', `\uFEFF${JSON.stringify({ messages: [msg()], ...header })}`);
    expect((await checkChatExport(reordered)).channel.id).toBe(header.channel.id);
  });

  it.each<[string, () => string, RegExp]>([
    ['a missing file', () => path.join(tempDir(), 'nope.json'), /does not exist$/],
    [
      'a directory',
      () => {
        const d = path.join(tempDir(), 'dir.json');
        mkdirSync(d);
        return d;
      },
      /is a directory/,
    ],
    ['an empty file', () => write('empty.json', ''), /is empty$/],
    ['a text file', () => write('notes.txt', 'general chat, exported by hand\n'), /is not JSON/],
    [
      "DiscordChatExporter's HTML export",
      () => write('general.html', '<!DOCTYPE html>\n<html lang="en"><head><title>G - general</title>'),
      /is HTML, not JSON: .*--format Json/,
    ],
    [
      'UTF-16 text (a PowerShell redirect)',
      () => write('u16.json', Buffer.from(`\uFEFF${export_()}`, 'utf16le')),
      /is UTF-16/,
    ],
    [
      'JSON that is not valid',
      () => write('broken.json', export_().replace('"guild": {', '"guild": {,')),
      /is not valid JSON \(/,
    ],
    [
      'JSON that is not valid, whole-file path',
      () => write('broken2.json', '{"name": "x", "version": }'),
      /is not valid JSON \(/,
    ],
    [
      'a JSON file that is not an export',
      () => write('package.json', JSON.stringify({ name: 'askbot', version: '1.0.0', scripts: {} })),
      /is JSON but not a DiscordChatExporter export/,
    ],
    ['a JSON array', () => write('list.json', JSON.stringify([msg()])), /is a JSON array/],
    [
      'a direct-message export',
      () =>
        write(
          'dm.json',
          export_({
            guild: {
              id: '0',
              name: 'Direct Messages',
              iconUrl: 'https://cdn.discordapp.com/embed/avatars/0.png',
            },
            channel: {
              id: '330000000000000001',
              type: 'DirectTextChat',
              categoryId: null,
              category: null,
              name: 'alice',
              topic: null,
            },
          }),
        ),
      /is an export of direct messages, not of a server channel/,
    ],
    [
      'a group DM export',
      () =>
        write(
          'group.json',
          export_({
            guild: {
              id: '0',
              name: 'Direct Messages',
              iconUrl: 'https://cdn.discordapp.com/embed/avatars/0.png',
            },
            channel: {
              id: '330000000000000002',
              type: 'DirectGroupTextChat',
              categoryId: null,
              category: null,
              name: 'trip',
              topic: null,
            },
          }),
        ),
      /is an export of direct messages/,
    ],
    [
      'an export without guild id',
      () => write('noguild.json', export_({ guild: { name: 'G' }, channel: header.channel })),
      /has no guild id/,
    ],
    [
      'an export without channel',
      () => write('nochannel.json', export_({ guild: header.guild })),
      /has no "channel"/,
    ],
    [
      'an export of a channel type the indexer does not read',
      () =>
        write(
          'cat.json',
          export_({ guild: header.guild, channel: { ...header.channel, type: 'GuildCategory2' } }),
        ),
      /type "GuildCategory2"/,
    ],
    [
      'guild and channel without messages',
      () => write('nomessages.json', JSON.stringify(header)),
      /has no "messages" array/,
    ],
  ])('names the file and the problem: %s', async (_, make, problem) => {
    const e = await failure(make());
    expect(e.problem).toMatch(problem);
  });

  it.skipIf(process.getuid?.() === 0)('names a file it may not read', async () => {
    const file = write('secret.json', export_());
    chmodSync(file, 0o000);
    expect((await failure(file)).problem).toBe('cannot be read: permission denied');
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
