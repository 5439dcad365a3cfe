import { describe, expect, it } from 'vitest';
import type { ChannelMessage } from '../discord/channels';
import { decide, type PostView } from './post';

const AUTHOR = '910000000000000002';
const HELPER = '910000000000000003';
const BOT = '100000000000000001';
const m = (id: string, author: string, extra: Partial<ChannelMessage> = {}): ChannelMessage => ({
  id,
  channel_id: '1',
  type: 0,
  timestamp: '',
  content: 'text',
  author: { id: author, username: 'u' },
  ...extra,
});
const view = (
  replies: ChannelMessage[],
  question: ChannelMessage | undefined = m('10', AUTHOR),
): PostView => ({
  question,
  replies,
  thread: undefined,
});
const ctx = { botUserId: BOT, authorOptedOut: false, handedOff: false };

describe('which help posts the bot answers', () => {
  it.each([
    ['a fresh post', view([]), ctx, { kind: 'answer', resume: [] }],
    ['the author adding details', view([m('11', AUTHOR)]), ctx, { kind: 'answer', resume: [] }],
    ['a system notice', view([m('11', HELPER, { type: 7 })]), ctx, { kind: 'answer', resume: [] }],
    [
      'another bot talking',
      view([
        m('11', '910000000000000009', { author: { id: '910000000000000009', username: 'b', bot: true } }),
      ]),
      ctx,
      { kind: 'answer', resume: [] },
    ],
    [
      'a human answered first',
      view([m('11', HELPER)]),
      ctx,
      { kind: 'skip', status: 'left', outcome: 'human_answered' },
    ],
    [
      'a deleted post',
      { question: undefined, replies: [], thread: undefined },
      ctx,
      { kind: 'skip', status: 'skipped', outcome: 'gone' },
    ],
    [
      "a bot's post",
      view(
        [],
        m('10', '910000000000000009', { author: { id: '910000000000000009', username: 'b', bot: true } }),
      ),
      ctx,
      { kind: 'skip', status: 'skipped', outcome: 'bot_author' },
    ],
    [
      'an opted-out author',
      view([]),
      { ...ctx, authorOptedOut: true },
      { kind: 'skip', status: 'skipped', outcome: 'opted_out' },
    ],
    [
      'a post handed to the helpers',
      view([]),
      { ...ctx, handedOff: true },
      { kind: 'skip', status: 'left', outcome: 'handed_off' },
    ],
    // An earlier attempt posted part of the answer before its worker died: finish those messages,
    // even if a human has written since.
    [
      'an answer begun by an earlier attempt',
      view([m('12', BOT), m('13', HELPER), m('14', BOT)]),
      ctx,
      { kind: 'answer', resume: ['12', '14'] },
    ],
  ])('%s', (_what, v, c, expected) => {
    expect(decide(v, c)).toEqual(expected);
  });
});
