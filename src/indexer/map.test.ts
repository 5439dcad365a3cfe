import { describe, expect, it } from 'vitest';
import { messageRow, unsignedUrl, type WireMessage } from './map';

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
