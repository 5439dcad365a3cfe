/**
 * Issue 19: an answer in a post is never posted twice, whatever crashes. Through the real channel
 * client against the Discord stand-in: a send Discord did not confirm is sent again with its nonce
 * (Discord returns the first message), and a second attempt finishes the first one's messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelClient } from '../src/discord/channels';
import { createRest } from '../src/discord/rest';
import { postParts } from '../src/help/deliver';
import { decide, readPost } from '../src/help/post';
import type { NewHelpPost } from '../src/store/types';
import { type DiscordStandIn, startDiscordStandIn } from './standins/discord';

let discord: DiscordStandIn | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

const G = '900000000000000001';
const FORUM = '930000000000000020';
const AUTHOR = '910000000000000002';

describe('answers in posts are posted once', () => {
  it('resends an unconfirmed part with its nonce, and a second attempt edits the first one’s messages', async () => {
    discord = await startDiscordStandIn();
    discord.addGuild({ id: G, ownerId: AUTHOR, roles: [{ id: G, permissions: '0' }] });
    discord.addChannel({ id: FORUM, guildId: G, type: 15, name: 'help' });
    const postId = discord.help.createPost(FORUM, { authorId: AUTHOR, title: 'Deploy?', content: 'How?' });
    const client = createChannelClient(createRest({ apiUrl: discord.apiUrl, botToken: discord.botToken }));
    const saved: string[][] = [];
    // Attempt 1: Discord stores the first part but answers 500, twice; the client sends it again
    // with the same nonce and gets the stored message back.
    discord.failAfterHandling({
      pathIncludes: `/channels/${postId}/messages`,
      method: 'POST',
      count: 1,
      status: 500,
    });
    discord.failAfterHandling({
      pathIncludes: `/channels/${postId}/messages`,
      method: 'POST',
      count: 1,
      status: 500,
    });
    const first = await postParts(client, {
      channelId: postId,
      replyTo: postId,
      parts: ['part one', 'part two'],
      components: [],
      noncePrefix: `${postId}:`,
      existing: [],
      save: async (ids) => {
        saved.push(ids);
      },
    });
    expect(discord.help.botMessages(postId).map((m) => m.content)).toEqual(['part one', 'part two']);
    expect(saved.at(-1)).toEqual(first);

    // Attempt 2 (its worker state lost): it finds the bot's messages in the post and finishes them.
    const post: NewHelpPost = {
      postId,
      guildId: G,
      channelId: postId,
      parentId: FORUM,
      kind: 'forum',
      authorId: AUTHOR,
      title: 'Deploy?',
      createdAt: 0,
      foundAt: 0,
    };
    const view = await readPost(client, post);
    if (view === 'gone') throw new Error('post gone');
    const decision = decide(view, { botUserId: discord.botUserId, authorOptedOut: false, handedOff: false });
    expect(decision).toEqual({ kind: 'answer', resume: first });
    if (decision.kind !== 'answer') return;
    const second = await postParts(client, {
      channelId: postId,
      replyTo: postId,
      parts: ['the whole answer, shorter this time'],
      components: [],
      noncePrefix: `${postId}:`,
      existing: decision.resume,
      save: async () => {},
    });
    expect(second).toEqual([first[0]]);
    expect(discord.help.botMessages(postId).map((m) => m.content)).toEqual([
      'the whole answer, shorter this time',
    ]);
    // A third attempt within Discord's nonce window, without any state: still one message.
    await postParts(client, {
      channelId: postId,
      replyTo: postId,
      parts: ['again'],
      components: [],
      noncePrefix: `${postId}:`,
      existing: [],
      save: async () => {},
    });
    expect(discord.help.botMessages(postId).map((m) => m.content)).toEqual(['again']);
  });
});
