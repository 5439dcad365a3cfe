import { afterEach, describe, expect, inject, it } from 'vitest';
import { G, type Harness, seedGuilds, startHarness } from './harness';
import { runEntry } from './process';
import { type DiscordStandIn, startDiscordStandIn } from './standins/discord';
import { tempDir } from './tmp';

let h: Harness | undefined;
let discord: DiscordStandIn | undefined;
afterEach(async () => {
  await h?.close();
  await discord?.close();
  h = undefined;
  discord = undefined;
});

describe('npm run register', () => {
  it.each([
    ['globally', {}, (d: DiscordStandIn) => d.commands.global],
    [
      'in one guild',
      { DISCORD_GUILD_ID: G.guild },
      (d: DiscordStandIn) => d.commands.guild.get(G.guild) ?? [],
    ],
  ])('bulk-overwrites /ask and /status %s', async (_, extra, registered) => {
    discord = await startDiscordStandIn();
    const run = runEntry(
      'scripts/register.ts',
      [],
      {
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_BOT_TOKEN: discord.botToken,
        DISCORD_API_URL: discord.apiUrl,
        ...extra,
      },
      tempDir(),
    );
    expect((await run.exit).code, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/Registered \/ask, \/status/);
    const commands = registered(discord) as {
      name: string;
      options?: { name: string; max_length?: number; required?: boolean }[];
    }[];
    expect(commands.map((c) => c.name)).toEqual(['ask', 'status']);
    const question = commands[0]?.options?.find((o) => o.name === 'question');
    expect(question).toMatchObject({ required: true, max_length: 500 });
    expect(commands[0]?.options?.map((o) => o.name)).toEqual(['question', 'private']);
    expect(discord.requests.every((r) => r.method === 'PUT')).toBe(true);
  });

  it('fails with one line when the bot token is missing, and never prints a token', async () => {
    const run = runEntry(
      'scripts/register.ts',
      [],
      { DISCORD_APPLICATION_ID: '123456789012345678' },
      tempDir(),
    );
    expect((await run.exit).code).not.toBe(0);
    expect(run.stderr().trim()).toBe('Setting DISCORD_BOT_TOKEN is required (register) but is not set.');
  });

  it('says why Discord refused, in one line', async () => {
    discord = await startDiscordStandIn();
    const run = runEntry(
      'scripts/register.ts',
      [],
      {
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_BOT_TOKEN: 'wrong-token',
        DISCORD_API_URL: discord.apiUrl,
      },
      tempDir(),
    );
    expect((await run.exit).code).not.toBe(0);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/register failed: .*401/);
    expect(run.stderr()).not.toContain('wrong-token');
  });
});

describe('npm run ask', () => {
  it("prints the streamed answer and its sources as jump links, with one member's permissions applied", async () => {
    h = await startHarness();
    const ids = await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
      { channelId: G.mods, content: 'The deploy script for mods is secret-deploy.sh', minutes: 2 },
    ]);
    h.ollama.chatScript = () => ({ chunks: ['It is ', 'tools/deploy.sh [1]'] });
    const env = {
      DISCORD_API_URL: h.discord.apiUrl,
      DISCORD_BOT_TOKEN: h.discord.botToken,
      OLLAMA_HOST: h.ollama.url,
      CHROMA_URL: inject('chromaUrl'),
      CHROMA_COLLECTION: h.settings.chroma.collection,
      DATABASE_URL: h.settings.databasePath,
    };
    const run = runEntry(
      'scripts/ask.ts',
      ['--guild', G.guild, '--user', G.member, 'where is the deploy script?'],
      env,
      tempDir(),
    );
    expect((await run.exit).code, run.stderr()).toBe(0);
    expect(run.stdout()).toContain('It is tools/deploy.sh [1]');
    expect(run.stdout()).toContain(
      `https://discord.com/channels/${G.guild}/${G.general}/${ids.get('The deploy script is tools/deploy.sh')}`,
    );
    const prompt = JSON.stringify(h.ollama.chatRequests()[0]?.messages);
    expect(prompt).not.toContain('secret-deploy');
  });

  it('explains its usage when the guild is missing', async () => {
    const run = runEntry('scripts/ask.ts', ['a question'], {}, tempDir());
    expect((await run.exit).code).not.toBe(0);
    expect(run.stderr()).toMatch(/usage: npm run ask -- --guild/);
  });
});
