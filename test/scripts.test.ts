import { afterEach, describe, expect, inject, it } from 'vitest';
import { type CommandPayload, commandRuleBreaches } from './command-rules';
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
  ])(
    'bulk-overwrites /ask, /status, /forget-me, /settings, /insights and the message commands %s',
    async (_, extra, registered) => {
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
      expect(run.stdout()).toMatch(/Registered \/ask, \/status, \/forget-me, "Ask about this message"/);
      const commands = registered(discord) as {
        name: string;
        type?: number;
        options?: {
          name: string;
          type: number;
          max_length?: number;
          required?: boolean;
          min_value?: number;
          max_value?: number;
        }[];
      }[];
      expect(commands.map((c) => c.name)).toEqual([
        'ask',
        'status',
        'forget-me',
        'Ask about this message',
        'settings',
        'Mark as solution',
        'insights',
      ]);
      // /insights (issue 21): for Manage Server only, one optional period of 1 to 365 days.
      const insights = commands[6] as (typeof commands)[number] & { default_member_permissions?: string };
      expect(insights.default_member_permissions).toBe('32');
      expect(insights.options).toEqual([
        expect.objectContaining({ name: 'days', type: 4, required: false, min_value: 1, max_value: 365 }),
      ]);
      expect(insights).toMatchObject({ name_localizations: { de: 'einblicke', ja: 'インサイト' } });
      // /settings: for Manage Server (bit 5) only, with the subcommands of the contract.
      const settings = commands[4] as (typeof commands)[number] & { default_member_permissions?: string };
      expect(settings.default_member_permissions).toBe('32');
      expect(settings.options?.map((o) => [o.name, o.type])).toEqual([
        ['show', 1],
        ['help-channel', 1],
        ['helper-role', 1],
        ['exclude-channel', 1],
        ['instructions', 1],
        ['when-unsure', 1],
        ['digest', 1],
      ]);
      expect(commands[5]?.type).toBe(3);
      const question = commands[0]?.options?.find((o) => o.name === 'question');
      expect(question).toMatchObject({ required: true, max_length: 500 });
      expect(commands[0]?.options?.map((o) => [o.name, o.type])).toEqual([
        ['question', 3],
        ['private', 5],
        ['channel', 7],
        ['author', 6],
        ['days', 4],
      ]);
      expect(commands[0]?.options?.find((o) => o.name === 'days')).toMatchObject({
        min_value: 1,
        max_value: 3650,
      });
      expect(commands[3]?.type).toBe(3);
      // Localized for every catalogue locale, within Discord's rules.
      expect(commandRuleBreaches(commands as CommandPayload[])).toEqual([]);
      expect(commands[0]).toMatchObject({
        name_localizations: { de: 'fragen', 'pt-BR': 'perguntar', ko: '질문하기' },
      });
      expect(discord.requests.every((r) => r.method === 'PUT')).toBe(true);
    },
  );

  it('fails with one line when the bot token is missing, and never prints a token', async () => {
    const run = runEntry(
      'scripts/register.ts',
      [],
      { DISCORD_APPLICATION_ID: '123456789012345678' },
      tempDir(),
    );
    expect((await run.exit).code).not.toBe(0);
    expect(run.stderr().trim()).toBe(
      "Setting DISCORD_BOT_TOKEN is required by npm run register but is not set: copy the bot's token from the Discord Developer Portal (your application → Bot → Reset Token).",
    );
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

describe('npm run feedback', () => {
  it('prints the rated answers of a guild, newest first, only 👎 with --down, with sources as jump links', async () => {
    h = await startHarness();
    const ids = await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
    ]);
    const source = ids.get('The deploy script is tools/deploy.sh') ?? '';
    const answer = (id: string, question: string) => ({
      id,
      guildId: G.guild,
      channelId: G.general,
      userId: G.member,
      question,
      answer: `Answer to ${question} [1]`,
      sourceIds: [source],
      parentId: null,
      createdAt: Date.now(),
    });
    await h.db.store.answers.save(answer('950000000000000101', 'where is the deploy script?'));
    await h.db.store.answers.save(answer('950000000000000102', 'what is for lunch?'));
    await h.db.store.answers.rate('950000000000000101', G.member, 1, Date.now() - 1000);
    await h.db.store.answers.rate('950000000000000102', G.moderator, -1, Date.now());
    // A help post handed to a human, listed beside the 👎 (issue 19).
    const post = '950000000000000201';
    await h.db.store.help.addPosts([
      {
        postId: post,
        guildId: G.guild,
        channelId: post,
        parentId: G.general,
        kind: 'forum',
        authorId: G.member,
        title: 'The deploy fails with EACCES',
        createdAt: Date.now(),
        foundAt: Date.now(),
      },
    ]);
    await h.db.store.help.finish(post, { status: 'left', outcome: 'nothing_found', at: Date.now() });
    await h.db.store.help.handOff(post, { by: G.member, at: Date.now(), jobId: 'j' });
    const env = { DATABASE_URL: h.settings.databasePath };
    const all = runEntry('scripts/feedback.ts', ['--guild', G.guild], env, tempDir());
    expect((await all.exit).code, all.stderr()).toBe(0);
    const out = all.stdout();
    expect(out).toContain('👍 1 · 👎 1 in all');
    expect(out.indexOf('what is for lunch?')).toBeLessThan(out.indexOf('where is the deploy script?'));
    expect(out).toContain(`https://discord.com/channels/${G.guild}/${G.general}/${source}`);
    const down = runEntry('scripts/feedback.ts', ['--guild', G.guild, '--down'], env, tempDir());
    expect((await down.exit).code).toBe(0);
    expect(down.stdout()).toContain('what is for lunch?');
    for (const o of [out, down.stdout()]) {
      expect(o).toContain('🙋 1 hand-off to a human');
      expect(o).toContain(`https://discord.com/channels/${G.guild}/${post}/${post}`);
      expect(o).toContain('Post: The deploy fails with EACCES');
      expect(o).toContain('did not answer (nothing_found)');
    }
    expect(down.stdout()).not.toContain('where is the deploy script?');
    const usage = runEntry('scripts/feedback.ts', [], env, tempDir());
    expect((await usage.exit).code).not.toBe(0);
    expect(usage.stderr()).toMatch(/usage: npm run feedback -- --guild/);
  });
});
