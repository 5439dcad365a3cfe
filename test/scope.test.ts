import { afterEach, describe, expect, it } from 'vitest';
import { NOTHING_FOUND } from '../src/answering/compose';
import { ask, finalContent, G, type Harness, seedGuilds, startHarness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const promptOf = (x: Harness) => JSON.stringify(x.ollama.chatRequests().at(-1)?.messages ?? []);

describe('/ask only ever sees what the asker may read', () => {
  const messages = [
    {
      channelId: G.generalThread,
      content: 'Release planning: the v2 launch is on the 14th of March.',
      minutes: 1,
    },
    {
      channelId: G.modsThread,
      content: 'Raid response: the v2 launch raid plan is to lock channels.',
      minutes: 2,
    },
    {
      channelId: G.privateThread,
      content: 'Surprise party for the v2 launch is in the back room.',
      minutes: 3,
    },
  ];

  it('a thread follows its parent channel, and a private thread needs membership', async () => {
    h = await startHarness();
    await seedGuilds(h, messages);
    const interaction = ask('when is the v2 launch?');
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    const prompt = promptOf(h);
    expect(prompt).toContain('14th of March');
    expect(prompt).not.toContain('lock channels');
    expect(prompt).not.toContain('back room');
  });

  it('a member of the private thread with the moderator role sees all three', async () => {
    h = await startHarness();
    await seedGuilds(h, messages);
    const interaction = ask('when is the v2 launch?', {
      userId: G.moderator,
      roles: [G.modRole],
      private: true,
    });
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    const prompt = promptOf(h);
    expect(prompt).toContain('14th of March');
    expect(prompt).toContain('lock channels');
    expect(prompt).toContain('back room');
  });

  it('the guild owner reads everything', async () => {
    h = await startHarness();
    await seedGuilds(h, messages);
    const interaction = ask('when is the v2 launch?', { userId: G.owner, private: true });
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    expect(promptOf(h)).toContain('lock channels');
  });

  it('a large forbidden channel cannot crowd out the one allowed answer (the filter is inside the query)', async () => {
    h = await startHarness();
    const noise = Array.from({ length: 300 }, (_, i) => ({
      channelId: G.mods,
      content: `Where is the deploy script? Moderators discuss the deploy script number ${i}.`,
      minutes: 10 + i,
    }));
    await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/ship.sh', minutes: 1 },
      ...noise,
    ]);
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    const prompt = promptOf(h);
    expect(prompt).toContain('tools/ship.sh');
    expect(prompt).not.toContain('Moderators discuss');
  });

  it('finds an exact error code through keyword search even when it is one token among many', async () => {
    h = await startHarness();
    const filler = Array.from({ length: 40 }, (_, i) => ({
      channelId: G.general,
      content: `The build failed again today with a strange error in the build step number ${i}.`,
      minutes: i,
    }));
    await seedGuilds(h, [
      ...filler,
      {
        channelId: G.general,
        content: 'Fixed: ERR_OSSL_EVP_UNSUPPORTED goes away with NODE_OPTIONS=--openssl-legacy-provider',
        minutes: 100,
      },
    ]);
    const interaction = ask('how do I fix the build error ERR_OSSL_EVP_UNSUPPORTED?');
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    expect(promptOf(h)).toContain('openssl-legacy-provider');
  });

  it('a member who can read no indexed channel gets "nothing found" and the model is never called', async () => {
    h = await startHarness();
    await seedGuilds(h, [{ channelId: G.mods, content: 'Only moderators know where the deploy script is.' }]);
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    expect(await finalContent(h, interaction.token)).toBe(NOTHING_FOUND);
    expect(h.ollama.chatRequests()).toHaveLength(0);
  });
});

describe('/ask with Chroma down', () => {
  it('answers from the keyword search alone and says so in one line', async () => {
    h = await startHarness({}, { chromaUrl: 'http://127.0.0.1:9' });
    h.discord.addGuild({
      id: G.guild,
      ownerId: G.owner,
      roles: [{ id: G.guild, permissions: String((1n << 10n) | (1n << 16n)) }],
    });
    h.discord.addChannel({ id: G.general, guildId: G.guild, type: 0, name: 'general' });
    await h.db.store.channels.upsert([
      { id: G.general, guildId: G.guild, parentId: null, type: 0, name: 'general', nsfw: false },
    ]);
    await h.db.store.messages.storePage({
      rows: [
        {
          id: '1300000000000000001',
          guildId: G.guild,
          channelId: G.general,
          authorId: G.member,
          authorName: 'm',
          content: 'The deploy script is tools/deploy.sh',
          createdAt: 1,
        },
      ],
      source: 'crawl',
    });
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    const content = await finalContent(h, interaction.token);
    expect(content.split('\n')[0]).toMatch(/search index \(Chroma\) is unavailable.*keywords only/);
    expect(content).toContain('It is tools/deploy.sh [1].');
    expect(content).toContain('https://discord.com/channels/');
    expect(promptOf(h)).toContain('tools/deploy.sh');
  });
});

describe('/ask without guild permission data', () => {
  it('with no bot token, searches only the asked channel (Discord vouches for that one)', async () => {
    h = await startHarness({ DISCORD_BOT_TOKEN: '' });
    await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
      { channelId: G.mods, content: 'The deploy script for mods is secret-deploy.sh', minutes: 2 },
      { channelId: G.generalThread, content: 'Thread: the deploy script moved to tools/ship.sh', minutes: 3 },
    ]);
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    const prompt = promptOf(h);
    expect(prompt).toContain('tools/deploy.sh');
    expect(prompt).toContain('tools/ship.sh');
    expect(prompt).not.toContain('secret-deploy');
  });
});

describe('one failing look-up never fails the whole answer', () => {
  it('a private thread whose membership check gets 403 is left out; the rest of the scope is searched', async () => {
    h = await startHarness();
    await seedGuilds(h, [
      { channelId: G.general, content: 'The v3 launch is on the 2nd of May.', minutes: 1 },
      {
        channelId: G.privateThread,
        content: 'Surprise party for the v3 launch is in the back room.',
        minutes: 2,
      },
    ]);
    h.discord.failNext({
      pathIncludes: `/channels/${G.privateThread}/thread-members`,
      count: 10,
      status: 403,
    });
    h.ollama.chatScript = () => ({ chunks: ['On the 2nd of May [1].'] });
    const interaction = ask('when is the v3 launch?', { userId: G.moderator, roles: [G.modRole] });
    await h.interact(interaction);
    expect(await finalContent(h, interaction.token)).toContain('On the 2nd of May [1].');
    const prompt = promptOf(h);
    expect(prompt).toContain('2nd of May');
    expect(prompt).not.toContain('back room');
    // The look-up was made (and answered 403, by failNext).
    expect(
      h.discord.requests.some((r) => r.path.includes(`/channels/${G.privateThread}/thread-members`)),
    ).toBe(true);
  });
});
