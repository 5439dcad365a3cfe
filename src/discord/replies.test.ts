import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordStandIn, startDiscordStandIn } from '../../test/standins/discord';
import { createReplier } from './replies';
import { createInteractionRest } from './rest';

let discord: DiscordStandIn | undefined;
afterEach(async () => {
  await discord?.close();
});

describe('interaction replies', () => {
  it('are not held to the 50 requests/s global limit, from which Discord exempts them', async () => {
    discord = await startDiscordStandIn();
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), discord.applicationId);
    const started = Date.now();
    // 200 interactions answering at once: with the global limit applied this takes 4 s or more.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => replier.editOriginal(`token-${i}`, { content: `answer ${i}` })),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(discord.webhookMessages.size).toBe(200);
  });

  it('always send allowed_mentions with nothing allowed, edits and follow-ups alike', async () => {
    discord = await startDiscordStandIn();
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), discord.applicationId);
    await replier.editOriginal('t', { content: 'hi @everyone <@123>' });
    const id = await replier.followUp('t', { content: 'more', ephemeral: true });
    await replier.editFollowUp('t', id, { content: 'edited' });
    const bodies = discord.requests.map((r) => r.body as { allowed_mentions?: unknown; flags?: number });
    expect(bodies).toHaveLength(3);
    for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [] });
    expect(bodies[1]?.flags).toBe(64);
    expect(discord.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});
