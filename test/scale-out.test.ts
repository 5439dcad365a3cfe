import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/vector/local-server';
import { freshDatabase } from './databases';
import { G } from './harness';
import { guildCommand, type NpmRun, runNpm, until } from './process';
import { createSigner } from './sign';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';

// Past one machine: three `npm start` processes (ROLE all, endpoint, worker) on one PostgreSQL
// database, one shared Chroma server and two Ollama hosts, started at the same moment.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ask = (question: string, userId: string, name = 'ask') =>
  guildCommand({
    guildId: G.guild,
    channelId: G.general,
    userId,
    ...(name === 'ask' ? { question } : {}),
    name,
  });
const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const T0 = Date.UTC(2026, 9, 1, 12);
const withPostgres = inject('postgresUrl') !== '';

describe.skipIf(!withPostgres)('scale-out on PostgreSQL', () => {
  it('three processes share one bot: every question answered across a SIGKILL and a lost Ollama host', async () => {
    const discord: DiscordStandIn = await startDiscordStandIn();
    const hosts: OllamaStandIn[] = [await startOllamaStandIn(), await startOllamaStandIn()];
    cleanups.push(() => discord.close(), ...hosts.map((o) => () => o.close()));
    discord.addGuild({
      id: G.guild,
      ownerId: G.owner,
      roles: [{ id: G.guild, permissions: String(VIEW | HISTORY) }],
    });
    discord.addChannel({ id: G.general, guildId: G.guild, type: 0, name: 'general' });
    for (let i = 0; i < 20; i++) {
      discord.addMessage(G.general, {
        id: snowflakeFromMs(T0 + i * 60_000, i),
        authorId: G.owner,
        content: `Deploy note ${i}: the deploy script is tools/deploy.sh and it needs Node 20.`,
      });
    }
    // The first 8 answers (ASK_CONCURRENCY 2 per host: 4 slots in each answering process) are held
    // for 4 s, so that when 8 are in flight each process holds 4 of them, whatever their speed.
    let chats = 0;
    for (const h of hosts)
      h.chatScript = () => {
        chats += 1;
        return {
          chunks: ['The script is tools/deploy.sh [1].'],
          chunkDelayMs: 100,
          ...(chats <= 8 ? { firstTokenDelayMs: 4_000 } : {}),
        };
      };
    const database = await freshDatabase('postgres');
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const signer = createSigner();
    const home = mkdtempSync(path.join(tmpdir(), 'askbot-home-'));
    const env = {
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_API_URL: discord.apiUrl,
      OLLAMA_HOST: hosts.map((h) => h.url).join(','),
      DATABASE_URL: database.url,
      CHROMA_URL: inject('chromaUrl'),
      CHROMA_COLLECTION: `s${process.pid}_${Date.now().toString(36)}`,
      INDEX_GUILD_IDS: G.guild,
      LOG_LEVEL: 'info',
      ASK_MAX_PER_MEMBER: '50',
    };
    const indexRun = runNpm(['run', 'index'], { ...env, DATA_DIR: path.join(home, 'index') }, home);
    cleanups.push(() => indexRun.signalGroup('SIGKILL'));
    expect((await indexRun.exit).code, indexRun.stderr()).toBe(0);

    // Three processes at the same moment (their migrations must not race), each its own DATA_DIR.
    const roles = ['all', 'endpoint', 'worker'] as const;
    const procs: { role: string; run: NpmRun; base: string }[] = [];
    for (const role of roles) {
      const port = String(await freePort());
      const run = runNpm(
        ['start'],
        { ...env, ROLE: role, PORT: port, DATA_DIR: path.join(home, role) },
        home,
      );
      cleanups.push(() => run.signalGroup('SIGKILL'));
      procs.push({ role, run, base: `http://127.0.0.1:${port}` });
    }
    for (const p of procs) {
      await until(
        () =>
          fetch(`${p.base}/health`).then(
            (r) => r.status === 200,
            () => false,
          ),
        60_000,
        () => `${p.role} not healthy:\n${p.run.stdout().slice(-2000)}\n${p.run.stderr()}`,
      );
    }
    const acknowledging = procs.filter((p) => p.role !== 'worker');
    const post = async (base: string, body: unknown) => {
      const raw = JSON.stringify(body);
      const res = await fetch(`${base}/interactions`, {
        method: 'POST',
        body: raw,
        headers: signer.sign(raw),
      });
      return (await res.json()) as { type: number };
    };
    const lastEdit = (token: string) =>
      String(discord.webhookMessages.get(token)?.edits.at(-1)?.content ?? '');

    const questions = Array.from({ length: 90 }, (_, i) =>
      ask(`where is the deploy script? ${i}`, String(930000000000000200n + BigInt(i % 30))),
    );
    for (const [i, q] of questions.entries()) {
      // Round-robin over the processes that acknowledge.
      const target = acknowledging[i % acknowledging.length];
      expect((await post(target?.base ?? '', q)).type).toBe(5);
    }
    // The worker process dies mid-burst while it holds answers in flight: 8 held answers mean each
    // of the two answering processes holds its 4.
    const workerProc = procs.find((p) => p.role === 'worker');
    await until(
      () => chats >= 8,
      30_000,
      () => `${chats} answers started\n${workerProc?.run.stdout() ?? ''}`,
    );
    workerProc?.run.signalGroup('SIGKILL');
    // And one of the two GPU boxes goes away.
    for (const h of hosts.slice(1)) h.mode = 'refuse';
    await until(
      () => questions.every((q) => lastEdit(q.token).includes('tools/deploy.sh')),
      120_000,
      () =>
        `${questions.filter((q) => !lastEdit(q.token).includes('tools/deploy.sh')).length} of 90 unanswered`,
    );
    // The killed worker's answers in flight were taken up again by the others (their second attempt);
    // the survivors write their log lines within a quarter second (LOG_FLUSH_MS).
    await until(
      () => /"attempt":2/.test(procs.map((p) => p.run.stdout()).join('\n')),
      5_000,
      () => 'no "taking up a job again" line with "attempt":2',
    );
    // Both Ollama hosts answered questions.
    for (const h of hosts) expect(h.chatRequests().length).toBeGreaterThan(0);

    // /status gives the same figures through either acknowledging process.
    const reports: string[] = [];
    for (const p of acknowledging) {
      const s = ask('', String(930000000000000999n), 'status');
      expect((await post(p.base, s)).type).toBe(5);
      await until(
        () => lastEdit(s.token) !== '',
        10_000,
        () => 'no status',
      );
      reports.push(lastEdit(s.token));
    }
    const indexed = (r: string) => /Messages indexed for this server: ([\d,]+)/.exec(r)?.[1];
    const served = (r: string) => /Answers served \(last 24 h\): ([\d,]+)/.exec(r)?.[1];
    expect(indexed(reports[0] ?? '')).toBe('20');
    expect(reports.map(indexed)).toEqual([indexed(reports[0] ?? ''), indexed(reports[0] ?? '')]);
    expect(reports.map(served)).toEqual(['90', '90']);
    for (const p of procs) p.run.signalGroup('SIGTERM');
  }, 300_000);
});
