import type { APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { targetText } from './message-target';

const base = {
  id: '1',
  channel_id: '2',
  author: { id: '3', username: 'ana', global_name: null, discriminator: '0', avatar: null },
  content: '',
  timestamp: '2026-01-01T00:00:00.000000+00:00',
  edited_timestamp: null,
  tts: false,
  mention_everyone: false,
  mentions: [],
  mention_roles: [],
  attachments: [],
  embeds: [],
  pinned: false,
  type: 0,
};
const target = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as unknown as APIMessage;

describe('targetText: what "Ask about this message" asks about, as the indexer reads it', () => {
  it.each([
    ['plain text', { content: 'the printer is jammed' }, 'the printer is jammed'],
    [
      'a poll',
      {
        poll: {
          question: { text: 'Release on Friday?' },
          answers: [{ poll_media: { text: 'Yes' } }, { poll_media: { text: 'No' } }],
        },
      },
      '[poll: Release on Friday? — Yes; No]',
    ],
    [
      'a forward',
      {
        message_reference: { type: 1, message_id: '9', channel_id: '8' },
        message_snapshots: [
          { message: { content: 'the key rotates on Friday', attachments: [], embeds: [] } },
        ],
      },
      '[forwarded message] the key rotates on Friday',
    ],
    [
      'an embed only',
      { embeds: [{ title: 'Build #812 failed', description: 'exit code 137' }] },
      '[embed: Build #812 failed — exit code 137]',
    ],
    [
      'components only (components v2)',
      {
        flags: 1 << 15,
        components: [{ type: 17, components: [{ type: 10, content: 'Maintenance at 22:00 UTC' }] }],
      },
      'Maintenance at 22:00 UTC',
    ],
    [
      'a thread starter notice, read through the message it points at',
      { type: 21, referenced_message: { ...base, content: 'deploy to staging is stuck' } },
      'deploy to staging is stuck',
    ],
  ])('%s', (_, fields, text) => {
    expect(targetText(target(fields))).toBe(text);
  });

  it.each([
    ['a member joined', { type: 7 }],
    ['a pin notice', { type: 6 }],
    ['a boost', { type: 8, content: '' }],
    ['a GIF embed without any text', { embeds: [{ type: 'gifv', url: 'https://tenor.com/x' }] }],
    ['nothing at all', {}],
  ])('%s: nothing to ask about', (_, fields) => {
    expect(targetText(target(fields))).toBeUndefined();
  });
});
