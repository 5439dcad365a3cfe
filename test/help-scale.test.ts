/**
 * Issue 19 on PostgreSQL with real `npm start` processes: a forum turned on with a signed /settings,
 * a process SIGKILLed between its poll of the forum and the insert of the post's job, two other
 * processes (ROLE worker and all) taking over, and every post answered exactly once, with one
 * Discord request per poll across all of them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/vector/local-server';
import { freshDatabase } from './databases';
import { G } from './harness';
import { type NpmRun, runNpm, until } from './process';
import { createSigner } from './sign';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const SEND = 1n << 11n;
const FORUM = '930000000000000020';
const T0 = Date.UTC(2026, 9, 1, 12);
const withPostgres = inject('postgresUrl') !== '';
const POSTS = 8;

let seq = 0;
/** `/settings help-channel channel:FORUM enabled:True` from a moderator, as Discord sends it. */
function enableForum() {
  seq++;
  return {
    type: 2,
    id: `97${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(13, '0')}`,
    application_id: '100000000000000001',
    token: `stoken-${process.pid}-${seq}-${Math.random().toString(36).slice(2)}`,
    version: 1,
    guild_id: G.guild,
    channel_id: G.general,
    channel: { id: G.general, type: 0 },
    member: {
      user: { id: G.moderator, username: 'mod', global_name: 'Mod', avatar: null, discriminator: '0' },
      roles: [],
      permissions: String((1n << 5n) | VIEW | HISTORY),
      joined_at: '2025-01-01T00:00:00Z',
    },
    data: {
      id: '960000000000000003',
      name: 'settings',
      type: 1,
      options: [
        {
          name: 'help-channel',
          type: 1,
          options: [
            { name: 'channel', type: 7, value: FORUM },
            { name: 'enabled', type: 5, value: true },
          ],
        },
      ],
      resolved: { channels: { [FORUM]: { id: FORUM, type: 15, name: 'help', permissions: '0' } } },
    },
  };
}

describe.skipIf(!withPostgres)('help channels on PostgreSQL, several processes', () => {
  it('answers every post exactly once across a SIGKILL between poll and insert, with one request per poll', async () => {
    const discord: DiscordStandIn = await startDiscordStandIn();
    const ollama: OllamaStandIn = await startOllamaStandIn();
    cleanups.push(
      () => discord.close(),
      () => ollama.close(),
    );
    discord.addGuild({
      id: G.guild,
      ownerId: G.owner,
      roles: [{ id: G.guild, permissions: String(VIEW | HISTORY | SEND) }],
    });
    discord.addChannel({ id: G.general, guildId: G.guild, type: 0, name: 'general' });
    discord.addChannel({ id: FORUM, guildId: G.guild, type: 15, name: 'help-forum' });
    for (let i = 0; i < 10; i++) {
      discord.addMessage(G.general, {
        id: snowflakeFromMs(T0 + i * 60_000, i),
        authorId: G.owner,
        content: `Deploy note ${i}: the deploy script is tools/deploy.sh and it needs Node 20.`,
      });
    }
    ollama.chatScript = () => ({ chunks: ['The script is tools/deploy.sh [1].'], chunkDelayMs: 50 });
    const database = await freshDatabase('postgres');
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const db = new pg.Client({ connectionString: database.url });
    const signer = createSigner();
    const home = mkdtempSync(path.join(tmpdir(), 'askbot-help-'));
    const env = {
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_API_URL: discord.apiUrl,
      OLLAMA_HOST: ollama.url,
      DATABASE_URL: database.url,
      CHROMA_URL: inject('chromaUrl'),
      CHROMA_COLLECTION: `h${process.pid}_${Date.now().toString(36)}`,
      INDEX_GUILD_IDS: G.guild,
      WATCH_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'info',
    };
    const indexRun = runNpm(['run', 'index'], { ...env, DATA_DIR: path.join(home, 'index') }, home);
    cleanups.push(() => indexRun.signalGroup('SIGKILL'));
    expect((await indexRun.exit).code, indexRun.stderr()).toBe(0);
    await db.connect();
    cleanups.push(() => db.end());

    const start = async (name: string, role: string) => {
      const port = String(await freePort());
      const run: NpmRun = runNpm(
        ['start'],
        { ...env, ROLE: role, PORT: port, DATA_DIR: path.join(home, name) },
        home,
      );
      cleanups.push(() => run.signalGroup('SIGKILL'));
      const base = `http://127.0.0.1:${port}`;
      await until(
        () =>
          fetch(`${base}/health`).then(
            (r) => r.status === 200,
            () => false,
          ),
        60_000,
        () => `${name} not healthy:\n${run.stdout().slice(-2000)}\n${run.stderr()}`,
      );
      return { run, base };
    };
    const a = await start('a', 'all');
    const enable = enableForum();
    const raw = JSON.stringify(enable);
    const ack = await fetch(`${a.base}/interactions`, {
      method: 'POST',
      body: raw,
      headers: signer.sign(raw),
    });
    expect(await ack.json()).toEqual({ type: 5, data: { flags: 64 } });
    await until(
      () =>
        String(discord.webhookMessages.get(enable.token)?.edits.at(-1)?.content ?? '').includes(
          'Now watching',
        ),
      20_000,
      () => `settings not applied: ${a.run.stdout().slice(-2000)}`,
    );

    // The first post: the next read of the forums is answered 60 s late, and its process is killed
    // while it waits: after the poll, before the post's job is inserted.
    const threadReads = () =>
      discord.requests.filter((r) => r.path.endsWith(`/guilds/${G.guild}/threads/active`));
    const first = discord.help.createPost(FORUM, {
      authorId: G.member,
      title: 'Deploy script?',
      content: 'Where is the deploy script?',
    });
    discord.failAfterHandling({ pathIncludes: '/threads/active', count: 1, delayMs: 60_000 });
    const readsBefore = threadReads().length;
    await until(
      () => threadReads().length > readsBefore,
      20_000,
      () => 'the forum was not polled',
    );
    // The poll is out, leased to the process about to die; nothing of the post is recorded yet.
    const lease = await db.query<{ lease_owner: string | null }>(
      `SELECT lease_owner FROM watch_polls WHERE key = 'forums:${G.guild}'`,
    );
    expect(lease.rows[0]?.lease_owner).toMatch(/:/);
    a.run.signalGroup('SIGKILL');
    await until(
      () => !a.run.groupAlive(),
      10_000,
      () => 'process a did not die',
    );
    expect((await db.query('SELECT 1 FROM help_posts')).rowCount).toBe(0);
    expect((await db.query(`SELECT 1 FROM jobs WHERE kind = 'help'`)).rowCount).toBe(0);

    // Two other processes take over once the dead one's lease runs out.
    const b = await start('b', 'worker');
    const c = await start('c', 'all');
    const answered = (threadId: string) =>
      discord.help.botMessages(threadId).filter((m) => m.content.includes('tools/deploy.sh'));
    await until(
      () => answered(first).length > 0,
      60_000,
      () => `first post not answered:\n${b.run.stdout().slice(-3000)}\n${c.run.stdout().slice(-3000)}`,
    );

    // More posts, some at the same moment, while both processes poll.
    const posts = [first];
    for (let i = 0; i < POSTS; i++) {
      posts.push(
        discord.help.createPost(FORUM, {
          authorId: String(910000000000000100n + BigInt(i)),
          title: `Deploy question ${i}`,
          content: `How do I run the deploy script, take ${i}?`,
        }),
      );
      if (i % 3 === 2) await new Promise((r) => setTimeout(r, 700));
    }
    await until(
      () => posts.every((p) => answered(p).length > 0),
      90_000,
      () => `${posts.filter((p) => answered(p).length === 0).length} of ${posts.length} unanswered`,
    );
    // Steady state: count the forum reads of both processes over a few seconds.
    const t1 = Date.now();
    const r1 = threadReads().length;
    await new Promise((r) => setTimeout(r, 6_000));
    const reads = threadReads().length - r1;
    const seconds = (Date.now() - t1) / 1000;
    // One request per interval (1 s) for the guild's forums, whichever process makes it: two
    // processes polling on their own would make about twice as many.
    expect(reads).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(reads).toBeGreaterThan(0);
    for (const p of posts) expect(discord.help.botMessages(p), `post ${p}`).toHaveLength(1);
    const jobs = await db.query<{ outcome: string; n: string }>(
      `SELECT outcome, count(*) AS n FROM jobs WHERE kind = 'help' GROUP BY outcome`,
    );
    expect(jobs.rows).toEqual([{ outcome: 'answered', n: String(posts.length) }]);
    const rows = await db.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM help_posts GROUP BY status',
    );
    expect(rows.rows).toEqual([{ status: 'answered', n: String(posts.length) }]);
    process.stdout.write(
      `help-scale: ${posts.length}/${posts.length} posts answered exactly once across a SIGKILL between poll and insert; ` +
        `${reads} forum reads in ${seconds.toFixed(1)} s with two processes polling (interval 1 s)\n`,
    );
    for (const p of [b, c]) p.run.signalGroup('SIGTERM');
  }, 300_000);
});
