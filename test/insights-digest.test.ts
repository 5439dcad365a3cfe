/**
 * Issue 21 on PostgreSQL with real `npm start` processes: two workers whose digest schedules tick
 * together every two seconds post each guild's weekly digest exactly once, with its chart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { isoWeek } from '../src/insights/digest';
import { openStore } from '../src/store/open';
import { freePort } from '../src/vector/local-server';
import { freshDatabase } from './databases';
import { G } from './harness';
import { type NpmRun, runNpm, until } from './process';
import { createSigner } from './sign';
import { startDiscordStandIn } from './standins/discord';
import { startOllamaStandIn } from './standins/ollama';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const SEND = 1n << 11n;
const withPostgres = inject('postgresUrl') !== '';

describe.skipIf(!withPostgres)('the weekly digest on PostgreSQL, two processes', () => {
  it('is posted once per guild and week whichever process ticks first, with its chart', async () => {
    const discord = await startDiscordStandIn();
    const ollama = await startOllamaStandIn();
    cleanups.push(
      () => discord.close(),
      () => ollama.close(),
    );
    const OTHER_GUILD = '900000000000000007';
    const OTHER_CHANNEL = '930000000000000077';
    for (const [guild, channel] of [
      [G.guild, G.general],
      [OTHER_GUILD, OTHER_CHANNEL],
    ] as const) {
      discord.addGuild({
        id: guild,
        ownerId: G.owner,
        roles: [{ id: guild, permissions: String(VIEW | HISTORY | SEND) }],
      });
      discord.addChannel({ id: channel, guildId: guild, type: 0, name: 'digest' });
    }
    const database = await freshDatabase('postgres');
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    // The settings and a week of questions, as earlier processes recorded them.
    const store = await openStore(database);
    cleanups.push(() => store.close());
    const now = Date.now();
    for (const [guild, channel] of [
      [G.guild, G.general],
      [OTHER_GUILD, OTHER_CHANNEL],
    ] as const) {
      await store.settings.update(
        guild,
        { kind: 'digest', channelId: channel },
        { userId: G.moderator, at: now },
      );
      for (let i = 0; i < 5; i++) {
        await store.insights.record({
          id: `9${guild.slice(-3)}0000000000000${i}`,
          guildId: guild,
          channelId: channel,
          userId: G.member,
          kind: 'ask',
          private: i === 0,
          text: i === 0 ? 'a private question nobody may read' : `where is the deploy script ${i}`,
          outcome: i === 4 ? 'nothing_found' : 'answered',
          detail: '',
          askedAt: now - i * 86_400_000,
          sources: [],
        });
      }
    }
    // A guild without a digest channel gets none.
    await store.insights.record({
      id: '9555000000000000001',
      guildId: '900000000000000055',
      channelId: '930000000000000055',
      userId: G.member,
      kind: 'ask',
      private: false,
      text: 'no digest here',
      outcome: 'answered',
      detail: '',
      askedAt: now,
      sources: [],
    });

    const signer = createSigner();
    const home = mkdtempSync(path.join(tmpdir(), 'askbot-digest-'));
    const env = {
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_API_URL: discord.apiUrl,
      OLLAMA_HOST: ollama.url,
      DATABASE_URL: database.url,
      CHROMA_URL: inject('chromaUrl'),
      CHROMA_COLLECTION: `d${process.pid}_${Date.now().toString(36)}`,
      // Every two seconds, so both processes tick together many times in one week.
      INSIGHTS_DIGEST_CRON: '*/2 * * * * *',
      LOG_LEVEL: 'info',
    };
    const start = async (name: string, role: string) => {
      const port = String(await freePort());
      const run: NpmRun = runNpm(
        ['start'],
        { ...env, ROLE: role, PORT: port, DATA_DIR: path.join(home, name) },
        home,
      );
      cleanups.push(() => run.signalGroup('SIGKILL'));
      await until(
        () =>
          fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.status === 200,
            () => false,
          ),
        60_000,
        () => `${name} not healthy:\n${run.stdout().slice(-2000)}\n${run.stderr()}`,
      );
      return run;
    };
    const [a, b] = await Promise.all([start('a', 'worker'), start('b', 'all')]);
    const posted = (channel: string) => discord.help.botMessages(channel);
    await until(
      () => posted(G.general).length > 0 && posted(OTHER_CHANNEL).length > 0,
      30_000,
      () => `no digest:\n${a.stdout().slice(-3000)}\n${b.stdout().slice(-3000)}`,
    );
    // Each process's rounds (one a tick): both tick, again and again, and find the digests sent.
    const rounds = (run: NpmRun) =>
      run
        .stdout()
        .split('\n')
        .filter((l) => l.includes('"weekly insights digest round"'))
        .map((l) => JSON.parse(l) as { sent: string[]; skipped: string[] });
    await until(
      () => rounds(a).length >= 3 && rounds(b).length >= 3,
      20_000,
      () => `rounds: ${rounds(a).length} and ${rounds(b).length}`,
    );
    const sent = [...rounds(a), ...rounds(b)].flatMap((r) => r.sent);
    expect(sent.sort()).toEqual([G.guild, OTHER_GUILD].sort());
    expect(rounds(a).at(-1)?.skipped.sort()).toEqual([G.guild, OTHER_GUILD].sort());
    expect(rounds(b).at(-1)?.skipped.sort()).toEqual([G.guild, OTHER_GUILD].sort());
    for (const channel of [G.general, OTHER_CHANNEL]) {
      const messages = posted(channel);
      expect(messages, channel).toHaveLength(1);
      expect(messages[0]?.allowedMentions).toEqual({ parse: [] });
      expect(messages[0]?.content).toContain('Weekly insights');
      expect(messages[0]?.content).not.toContain('nobody may read');
    }
    expect(discord.help.botMessages('930000000000000055')).toEqual([]);
    // One chart per digest; both processes took part in the race (both are alive and scheduled).
    expect(discord.uploads).toHaveLength(2);
    for (const u of discord.uploads) expect(u.data.subarray(1, 4).toString('latin1')).toBe('PNG');
    const rows = await Promise.all(
      [G.guild, OTHER_GUILD].map((g) => store.insights.digest(g, isoWeek(Date.now()))),
    );
    expect(rows.map((r) => r?.status)).toEqual(['sent', 'sent']);
    const requests = discord.requests.filter(
      (r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path),
    );
    console.info(`digest posts: ${requests.length} POSTs for 2 guilds across 2 processes`);
    expect(requests).toHaveLength(2);
  });
});
