/**
 * Conversations through `/ask` and "Ask about this message" (issue 17), through the real
 * acknowledgement path and answer worker: the model sees the question's conversation as one block,
 * the source list cites the message that holds the answer, and the audience rule for public
 * answers covers every message the expansion brought, not only the hits.
 */
import { describe, expect, it } from 'vitest';
import { PRIVATE_NOTICE } from '../src/answering/deliver';
import { askText } from '../src/i18n/messages/ask';
import {
  ask,
  finalContent,
  G,
  type Harness,
  id,
  messageCommand,
  seedGuilds,
  startHarness,
  storeAndEmbed,
} from './harness';

const promptOf = (h: Harness) => JSON.stringify(h.ollama.chatRequests().at(-1)?.messages ?? []);
const json = async (res: Response) => (await res.json()) as { type: number; data?: Record<string, unknown> };

/** A question in #general whose fix came as a reply in #mod-only, and an unrelated message. */
async function seedConversation(h: Harness): Promise<{ question: string; fix: string }> {
  await seedGuilds(h, [{ channelId: G.general, content: 'Lunch on Friday is pizza.', minutes: 1 }]);
  const question = id(10);
  const fix = id(130);
  const at = (mid: string) => Number((BigInt(mid) >> 22n) + 1420070400000n);
  await storeAndEmbed(h, [
    {
      id: question,
      guildId: G.guild,
      channelId: G.general,
      authorId: G.member,
      authorName: 'mason',
      content: 'the 3d printer jams on thick cardstock',
      createdAt: at(question),
    },
    {
      id: fix,
      guildId: G.guild,
      channelId: G.mods,
      authorId: G.moderator,
      authorName: 'mo',
      content: 'set the tension to 0.5 turns',
      createdAt: at(fix),
      replyToId: question,
    },
  ]);
  return { question, fix };
}

describe('/ask answers from conversations', () => {
  it('a moderator’s public question whose fix is a reply in a hidden channel is answered privately, citing the fix', async () => {
    const h = await startHarness();
    const { question, fix } = await seedConversation(h);
    h.ollama.chatScript = () => ({ chunks: ['Set the tension to 0.5 turns [1].'] });
    const i = ask('why does the 3d printer jam on thick cardstock?', {
      userId: G.moderator,
      roles: [G.modRole],
    });
    await h.interact(i);
    // The hit is in #general, readable by all; the reply the expansion brought is not.
    expect(await finalContent(h, i.token)).toBe(PRIVATE_NOTICE);
    await h.discord.waitFor(() =>
      (h.webhook(i.token)?.followups ?? []).some((f) => String(f.content).includes('0.5 turns')),
    );
    const followup = String(h.webhook(i.token)?.followups.at(-1)?.content);
    expect(followup).toContain(`/${G.mods}/${fix}>`);
    expect(JSON.stringify(h.webhook(i.token)?.edits)).not.toContain('0.5');
    const prompt = promptOf(h);
    expect(prompt).toContain('<conversation n=\\"1\\"');
    expect(prompt).toMatch(/reply-to=\\"1\\">set the tension to 0.5 turns/);
    // Every message the model saw is recorded, so forgetting any of them drops the answer.
    expect((await h.db.store.answers.get(i.id))?.sourceIds).toEqual(expect.arrayContaining([question, fix]));
  });

  it('a member who cannot read the hidden channel gets the question alone, in public', async () => {
    const h = await startHarness();
    const { question, fix } = await seedConversation(h);
    h.ollama.chatScript = () => ({ chunks: ['The messages you can see do not say [1].'] });
    const i = ask('why does the 3d printer jam on thick cardstock?');
    await h.interact(i);
    const content = await finalContent(h, i.token);
    expect(content).not.toBe(PRIVATE_NOTICE);
    expect(content).toContain(`/${G.general}/${question}>`);
    expect(promptOf(h)).not.toContain('0.5 turns');
    expect((await h.db.store.answers.get(i.id))?.sourceIds).not.toContain(fix);
  });
});

describe('"Ask about this message" on a message without text in `content`', () => {
  it('a poll is asked about by its question and answers, as the index holds it', async () => {
    const h = await startHarness();
    await seedGuilds(h, [
      { channelId: G.general, content: 'We release on Friday after the review.', minutes: 1 },
    ]);
    h.ollama.chatScript = () => ({ chunks: ['The release is on Friday [1].'] });
    const i = messageCommand({
      id: id(5),
      channelId: G.general,
      authorId: G.member,
      content: '',
      timestamp: new Date().toISOString(),
      fields: {
        poll: {
          question: { text: 'Release on Friday?' },
          answers: [{ poll_media: { text: 'Yes' } }, { poll_media: { text: 'No' } }],
        },
      },
    });
    expect(await json(await h.interact(i))).toEqual({ type: 5, data: { flags: 64 } });
    await finalContent(h, i.token);
    const user = h.ollama.chatRequests().at(-1)?.messages.at(-1)?.content ?? '';
    expect(user).toMatch(
      /^<target>\n<message [^>]*>\[poll: Release on Friday\? — Yes; No\]<\/message>\n<\/target>/,
    );
  });

  it('a system notice gets a sentence at once, and nothing is queued', async () => {
    const h = await startHarness();
    await seedGuilds(h, []);
    const i = messageCommand({
      id: id(6),
      channelId: G.general,
      authorId: G.member,
      content: '',
      timestamp: new Date().toISOString(),
      fields: { type: 7 },
    });
    const res = await json(await h.interact(i));
    expect(res).toMatchObject({
      type: 4,
      data: { content: askText.format('en-US', 'nothingToAskAbout'), flags: 64 },
    });
    expect(h.ollama.chatRequests()).toHaveLength(0);
  });
});
