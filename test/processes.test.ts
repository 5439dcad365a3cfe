import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/vector/local-server';
import { G } from './harness';
import { alive, guildCommand, type NpmRun, runNpm, until } from './process';
import { createSigner } from './sign';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';
import { tempDir } from './tmp';

// Real processes, started as an operator starts them (`npm start` as a process group), signalled
// and killed as a process manager or a crash would.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ask = (question: string, userId: string) =>
  guildCommand({ guildId: G.guild, channelId: G.general, userId, question });
const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const T0 = Date.UTC(2026, 9, 1, 12);

interface World {
  discord: DiscordStandIn;
  ollama: OllamaStandIn;
  signer: ReturnType<typeof createSigner>;
  env: Record<string, string>;
  home: string;
}

/** Stand-ins with one guild whose #general holds a few messages, and the settings of `npm start`. */
async function world(extra: Record<string, string> = {}): Promise<World> {
  const discord = await startDiscordStandIn();
  const ollama = await startOllamaStandIn();
  cleanups.push(
    () => discord.close(),
    () => ollama.close(),
  );
  discord.addGuild({
    id: G.guild,
    ownerId: G.owner,
    roles: [{ id: G.guild, permissions: String(VIEW | HISTORY) }],
  });
  discord.addChannel({ id: G.general, guildId: G.guild, type: 0, name: 'general' });
  for (let i = 0; i < 5; i++) {
    discord.addMessage(G.general, {
      id: snowflakeFromMs(T0 + i * 60_000, i),
      authorId: G.owner,
      content: `The deploy script note number ${i}: tools/deploy.sh needs Node 20.`,
    });
  }
  const signer = createSigner();
  const env = {
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    OLLAMA_HOST: ollama.url,
    DATA_DIR: tempDir(),
    INDEX_GUILD_IDS: G.guild,
    LOG_LEVEL: 'info',
    ...extra,
  };
  return { discord, ollama, signer, env, home: mkdtempSync(path.join(tmpdir(), 'askbot-home-')) };
}

/** `npm start` (or a role of it) on a free port, once /health answers. */
async function start(w: World, extra: Record<string, string> = {}): Promise<{ run: NpmRun; base: string }> {
  const port = extra.PORT ?? String(await freePort());
  const run = runNpm(['start'], { ...w.env, PORT: port, ...extra }, w.home);
  cleanups.push(() => run.signalGroup('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.status > 0,
      () => false,
    );
    if (ok) return { run, base };
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`npm start did not come up:\n${run.stdout()}\n${run.stderr()}`);
}

/** Indexes the world's guild with `npm run index` on the same data folder. */
async function index(w: World): Promise<void> {
  const run = runNpm(['run', 'index'], w.env, w.home);
  cleanups.push(() => run.signalGroup('SIGKILL'));
  const { code } = await run.exit;
  expect(code, run.stderr()).toBe(0);
}

async function post(w: World, base: string, body: unknown): Promise<{ type: number }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${base}/interactions`, { method: 'POST', body: raw, headers: w.signer.sign(raw) });
  return (await res.json()) as { type: number };
}

const lastEdit = (w: World, token: string) =>
  String(w.discord.webhookMessages.get(token)?.edits.at(-1)?.content ?? '');
const user = (i: number) => String(930000000000000100n + BigInt(i));

describe('npm start under a process manager', () => {
  it('signals to the whole group, several times over, lead to one graceful stop: the streaming answer ends, Chroma stops', async () => {
    const w = await world();
    await index(w);
    w.ollama.chatScript = () => ({
      chunks: Array.from({ length: 16 }, (_, i) => `step${i} `),
      chunkDelayMs: 200,
    });
    const { run, base } = await start(w);
    const q = ask('where is the deploy script?', user(1));
    expect((await post(w, base, q)).type).toBe(5);
    await until(
      () => lastEdit(w, q.token).includes('step'),
      20_000,
      () => run.stdout(),
    );
    const chroma = JSON.parse(
      readFileSync(path.join(w.env.DATA_DIR ?? '', 'chroma', 'server.json'), 'utf8'),
    ) as {
      pid: number;
    };
    const signalled = Date.now();
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'] as const) {
      run.signalGroup(signal);
      await new Promise((r) => setTimeout(r, 40));
    }
    await until(
      () => !run.groupAlive(),
      30_000,
      () => run.stdout(),
    );
    expect(Date.now() - signalled).toBeLessThan(30_000);
    // The answer that was streaming got its final edit: the whole answer, not the preview.
    expect(lastEdit(w, q.token)).toContain('step15');
    expect(lastEdit(w, q.token).endsWith('…')).toBe(false);
    expect(run.stdout()).toMatch(/"msg":"stopped"/);
    expect(run.stdout()).not.toMatch(/shutdown took too long/);
    expect(alive(chroma.pid)).toBe(false);
  }, 120_000);

  it('after SIGKILL of the whole group with two dozen questions in flight, a restart answers every one', async () => {
    const w = await world({ ASK_CONCURRENCY: '2' });
    await index(w);
    w.ollama.chatScript = () => ({
      chunks: Array.from({ length: 20 }, (_, i) => `slow${i} `),
      chunkDelayMs: 250,
    });
    const first = await start(w);
    const questions = Array.from({ length: 24 }, (_, i) =>
      ask(`where is the deploy script? (${i})`, user(i)),
    );
    for (const q of questions) expect((await post(w, first.base, q)).type).toBe(5);
    // Two answers are streaming when the machine dies.
    await until(
      () => questions.filter((q) => lastEdit(w, q.token).includes('slow')).length >= 2,
      30_000,
      () => first.run.stdout(),
    );
    first.run.signalGroup('SIGKILL');
    await until(
      () => !first.run.groupAlive(),
      10_000,
      () => 'group still alive',
    );
    const streamedBefore = questions.filter((q) => lastEdit(w, q.token).includes('slow')).map((q) => q.token);
    expect(streamedBefore.length).toBeGreaterThanOrEqual(2);

    w.ollama.chatScript = () => ({ chunks: ['Answered after the restart: tools/deploy.sh [1].'] });
    const second = await start(w);
    await until(
      () => questions.every((q) => lastEdit(w, q.token).includes('Answered after the restart')),
      90_000,
      () =>
        `${questions.filter((q) => !lastEdit(w, q.token).includes('Answered after the restart')).length} unanswered\n${second.run.stdout().slice(-3000)}`,
    );
    // No answer was given twice: each token has exactly one answer text at the end, and no stray follow-ups.
    for (const q of questions) expect(w.discord.webhookMessages.get(q.token)?.followups ?? []).toEqual([]);
    second.run.signalGroup('SIGTERM');
    await until(
      () => !second.run.groupAlive(),
      30_000,
      () => second.run.stdout(),
    );
  }, 240_000);
});

describe('ROLE=endpoint and ROLE=worker as separate processes', () => {
  it('the endpoint acknowledges and queues; the worker answers and serves only /health and /metrics', async () => {
    const w = await world({
      CHROMA_URL: inject('chromaUrl'),
      CHROMA_COLLECTION: `p${process.pid}_${Date.now().toString(36)}`,
    });
    await index(w);
    w.ollama.chatScript = () => ({ chunks: ['From the worker process [1].'] });
    const endpoint = await start(w, { ROLE: 'endpoint' });
    const q = ask('where is the deploy script?', user(1));
    expect((await post(w, endpoint.base, q)).type).toBe(5);
    await new Promise((r) => setTimeout(r, 500));
    expect(lastEdit(w, q.token)).toBe('');
    const worker = await start(w, { ROLE: 'worker' });
    await until(
      () => lastEdit(w, q.token).includes('From the worker process'),
      30_000,
      () => worker.run.stdout(),
    );
    expect((await fetch(`${worker.base}/interactions`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${worker.base}/health`)).status).toBe(200);
    // The job counts its outcome just after the final edit reaches Discord: read until it has.
    let metrics = '';
    await until(
      async () => {
        metrics = await (await fetch(`${worker.base}/metrics`)).text();
        return /askbot_answers_total\{outcome="answered"\} 1/.test(metrics);
      },
      10_000,
      () => metrics,
    );
    for (const p of [endpoint, worker]) p.run.signalGroup('SIGTERM');
    await until(
      () => !endpoint.run.groupAlive() && !worker.run.groupAlive(),
      30_000,
      () => 'still alive',
    );
  }, 120_000);
});
