import { describe, expect, it } from 'vitest';
import type { ChannelMessage, WireChannel } from '../discord/channels';
import { msToSnowflake } from '../discord/snowflake';
import { newForumPosts, newQuestions } from './select';

const G = '900000000000000001';
const FORUM = '930000000000000010';
const OTHER = '930000000000000011';
const TEXT = '930000000000000001';
const BOT = '100000000000000001';
const T = Date.UTC(2026, 9, 1, 12);
const at = (minutes: number, n = 0) => (BigInt(msToSnowflake(T + minutes * 60_000)) + BigInt(n)).toString();

const thread = (id: string, parent: string, extra: Partial<WireChannel> = {}): WireChannel => ({
  id,
  type: 11,
  parent_id: parent,
  owner_id: '910000000000000002',
  name: `post ${id}`,
  ...extra,
});
const msg = (id: string, extra: Partial<ChannelMessage> = {}): ChannelMessage => ({
  id,
  channel_id: TEXT,
  type: 0,
  timestamp: '',
  content: 'how do I deploy?',
  author: { id: '910000000000000002', username: 'm' },
  ...extra,
});

describe('new posts of a poll', () => {
  it('takes forum posts of watched forums created after the forum was turned on, never the backlog', () => {
    const watched = new Map([[FORUM, T]]);
    const posts = newForumPosts(
      [
        thread(at(-5), FORUM), // before it was turned on
        thread(at(0), FORUM), // the same millisecond: not after
        thread(at(1), FORUM),
        thread(at(2), OTHER), // a forum not watched
        thread(at(3), FORUM, { type: 12 }), // a private thread is no post
        thread(at(4), FORUM, { owner_id: undefined }),
      ],
      watched,
      { guildId: G, notBefore: T - 3_600_000, now: T + 10 * 60_000 },
    );
    expect(posts.map((p) => p.postId)).toEqual([at(1), at(4)]);
    expect(posts[0]).toMatchObject({
      guildId: G,
      channelId: at(1),
      parentId: FORUM,
      kind: 'forum',
      authorId: '910000000000000002',
      title: `post ${at(1)}`,
      createdAt: T + 60_000,
      foundAt: T + 10 * 60_000,
    });
    expect(posts[1]?.authorId).toBe('');
  });

  it('does not reach further back than notBefore', () => {
    const posts = newForumPosts([thread(at(1), FORUM), thread(at(90), FORUM)], new Map([[FORUM, T]]), {
      guildId: G,
      notBefore: T + 60 * 60_000,
      now: T + 100 * 60_000,
    });
    expect(posts.map((p) => p.postId)).toEqual([at(90)]);
  });

  it('takes plain top-level questions of members in a text channel, not replies, bots, webhooks or system notices', () => {
    const channel = { guildId: G, channelId: TEXT, enabledAt: T };
    const posts = newQuestions(
      [
        msg(at(-1)), // backlog
        msg(at(1)),
        msg(at(2), { type: 19, message_reference: { message_id: at(1) } }), // a reply
        msg(at(3), { message_reference: { type: 1, message_id: '1' } }), // a forward
        msg(at(4), { author: { id: '910000000000000009', username: 'b', bot: true } }),
        msg(at(5), { author: { id: BOT, username: 'me' } }),
        msg(at(6), { webhook_id: '1' } as Partial<ChannelMessage>),
        msg(at(7), { type: 7 }), // a member joined
        msg(at(8), { content: '   ' }),
        msg(at(9), { content: '', attachments: [{ id: '1', filename: 'error.png' }] }),
      ],
      channel,
      { botUserId: BOT, now: T + 600_000 },
    );
    expect(posts.map((p) => p.postId)).toEqual([at(1), at(9)]);
    expect(posts[0]).toMatchObject({ channelId: TEXT, parentId: TEXT, kind: 'text', title: '' });
  });
});
