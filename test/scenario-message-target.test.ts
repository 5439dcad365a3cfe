/**
 * Acceptance try-out of issue 17 point 5: "Ask about this message" on messages whose text is not
 * in `content` (a forward, an embed only, components only, a thread's starter notice, a sticker),
 * through the real endpoint and worker. The model must see the target's text as the index builds
 * it, never an empty target; a message with nothing to read gets one sentence at once.
 */
import { describe, expect, it } from 'vitest';
import { askText } from '../src/i18n/messages/ask';
import { finalContent, G, type Harness, id, messageCommand, seedGuilds, startHarness } from './harness';

const targetBlock = (h: Harness) => {
  const user = h.ollama.chatRequests().at(-1)?.messages.at(-1)?.content ?? '';
  return /<target>\n([\s\S]*?)\n<\/target>/.exec(user)?.[1] ?? '';
};

async function askAbout(h: Harness, fields: Record<string, unknown>, content = '') {
  const i = messageCommand({
    id: id(30),
    channelId: G.general,
    authorId: G.moderator,
    content,
    timestamp: new Date().toISOString(),
    fields,
  });
  const res = (await (await h.interact(i)).json()) as { type: number; data?: { content?: string } };
  return { i, res };
}

describe('try-out: "Ask about this message" without text in content', () => {
  it('a forward, an embed-only and a components-only message are asked about by their text', async () => {
    const h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, [
      { channelId: G.general, content: 'The quarterly stocktake is on the first Monday.', minutes: 1 },
    ]);
    h.ollama.chatScript = () => ({ chunks: ['It is on the first Monday [1].'] });

    const forward = await askAbout(h, {
      message_reference: { type: 1, message_id: '999000000000000001', channel_id: G.general },
      message_snapshots: [
        { message: { content: 'stocktake moved to Tuesday', embeds: [], attachments: [] } },
      ],
    });
    expect(forward.res.type).toBe(5);
    await finalContent(h, forward.i.token);
    expect(targetBlock(h)).toContain('[forwarded message] stocktake moved to Tuesday');

    const embed = await askAbout(h, {
      embeds: [{ title: 'Stocktake checklist', description: 'count the flour sacks first' }],
    });
    expect(embed.res.type).toBe(5);
    await finalContent(h, embed.i.token);
    expect(targetBlock(h)).toContain('[embed: Stocktake checklist — count the flour sacks first]');

    const components = await askAbout(h, {
      flags: 1 << 15,
      components: [
        {
          type: 17,
          components: [
            { type: 10, content: 'Stocktake reminder' },
            { type: 9, components: [{ type: 10, content: 'bring the clipboard' }], accessory: { type: 2 } },
          ],
        },
      ],
    });
    expect(components.res.type).toBe(5);
    await finalContent(h, components.i.token);
    expect(targetBlock(h)).toContain('Stocktake reminder');
    expect(targetBlock(h)).toContain('bring the clipboard');

    const sticker = await askAbout(h, {
      sticker_items: [{ id: '1', name: 'stocktake-cat', format_type: 1 }],
    });
    expect(sticker.res.type).toBe(5);
    await finalContent(h, sticker.i.token);
    expect(targetBlock(h)).toContain('stocktake-cat');

    // Never an empty target in any prompt.
    for (const r of h.ollama.chatRequests()) {
      expect(r.messages.at(-1)?.content ?? '').not.toMatch(/<message [^>]*><\/message>\n<\/target>/);
    }
  });

  it('a thread starter notice is read through the message it points at', async () => {
    const h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, [{ channelId: G.general, content: 'Oven two is out of service.', minutes: 1 }]);
    h.ollama.chatScript = () => ({ chunks: ['Oven two is out [1].'] });
    const notice = await askAbout(h, {
      type: 21,
      message_reference: { type: 0, message_id: '999000000000000002', channel_id: G.general },
      referenced_message: {
        id: '999000000000000002',
        type: 0,
        channel_id: G.general,
        content: 'which oven is broken this week?',
        author: { id: G.member, username: 'm', discriminator: '0', global_name: null, avatar: null },
        attachments: [],
        embeds: [],
        timestamp: new Date().toISOString(),
      },
    });
    expect(notice.res.type).toBe(5);
    await finalContent(h, notice.i.token);
    expect(targetBlock(h)).toContain('which oven is broken this week?');
  });

  it('a GIF-only embed, a join notice and a pin notice get one sentence, nothing queued', async () => {
    const h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, []);
    for (const fields of [
      { embeds: [{ type: 'gifv', url: 'https://tenor.com/x', video: { url: 'https://x/y.mp4' } }] },
      { type: 7 },
      { type: 6 },
    ]) {
      const { res } = await askAbout(h, fields);
      expect(res).toMatchObject({ type: 4, data: { content: askText.format('en-US', 'nothingToAskAbout') } });
    }
    expect(h.ollama.chatRequests()).toHaveLength(0);
  });
});
