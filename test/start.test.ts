import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/vector/local-server';
import { alive, ROOT, runEntry } from './process';
import { createSigner } from './sign';
import { snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { startOllamaStandIn } from './standins/ollama';
import { tempDir } from './tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('npm start (src/main.ts as a process)', () => {
  it('stops at once with one line naming a missing DISCORD_PUBLIC_KEY', async () => {
    const run = runEntry('src/main.ts', [], { DISCORD_APPLICATION_ID: '123456789012345678' }, tempDir());
    const { code } = await run.exit;
    expect(code).not.toBe(0);
    expect(run.stderr().trim().split('\n')).toEqual([
      'Setting DISCORD_PUBLIC_KEY is required by npm start but is not set: copy the Public Key from the Discord Developer Portal (your application → General Information).',
    ]);
  });

  it('stops with one line naming PORT when the port is taken, and leaves no Chroma behind', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '0.0.0.0', () => resolve((taken.address() as { port: number }).port)),
    );
    cleanups.push(() => new Promise<void>((r) => taken.close(() => r())));
    const dataDir = tempDir();
    const run = runEntry(
      'src/main.ts',
      [],
      {
        PORT: String(port),
        DISCORD_PUBLIC_KEY: 'a'.repeat(64),
        DISCORD_APPLICATION_ID: '123456789012345678',
        OLLAMA_HOST: 'http://127.0.0.1:9',
        DATA_DIR: dataDir,
      },
      dataDir,
    );
    const { code } = await run.exit;
    expect(code).not.toBe(0);
    expect(run.stderr().trim().split('\n')).toEqual([
      `start failed: Error: PORT ${port} is already in use by another program; set PORT to a free port.`,
    ]);
    expect(existsSync(path.join(dataDir, 'chroma', 'server.json'))).toBe(false);
  }, 60_000);

  it('without CHROMA_URL and without the local Chroma server installed, stops with one line naming CHROMA_URL', async () => {
    const dataDir = tempDir();
    const run = runEntry(
      'src/main.ts',
      [],
      {
        PORT: String(await freePort()),
        DISCORD_PUBLIC_KEY: 'a'.repeat(64),
        DISCORD_APPLICATION_ID: '123456789012345678',
        OLLAMA_HOST: 'http://127.0.0.1:9',
        DATA_DIR: dataDir,
      },
      dataDir,
      ['--import', path.join(ROOT, 'test', 'without-chroma-bindings.mjs')],
    );
    const { code } = await run.exit;
    expect(code).not.toBe(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^CHROMA_URL is not set and this install has no local Chroma server \(chromadb-js-bindings-.+ is not installed/,
    );
    expect(existsSync(path.join(dataDir, 'chroma', 'server.json'))).toBe(false);
  }, 60_000);

  it('starts a local Chroma, serves signed interactions and /health, and stops everything on SIGTERM', async () => {
    const discord = await startDiscordStandIn();
    const ollama = await startOllamaStandIn();
    cleanups.push(
      () => discord.close(),
      () => ollama.close(),
    );
    const signer = createSigner();
    const dataDir = tempDir();
    const port = await freePort();
    const run = runEntry(
      'src/main.ts',
      [],
      {
        PORT: String(port),
        DISCORD_PUBLIC_KEY: signer.publicKeyHex,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        OLLAMA_HOST: ollama.url,
        DATA_DIR: dataDir,
      },
      dataDir,
    );
    cleanups.push(() => {
      run.child.kill('SIGKILL');
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 45_000;
    let health: Response | undefined;
    while (Date.now() < deadline) {
      health = await fetch(`${base}/health`).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(health?.status, run.stderr()).toBe(200);
    expect(await health?.json()).toMatchObject({
      status: 'ok',
      checks: { database: 'ok', chroma: 'ok', ollama: 'ok' },
    });
    expect(existsSync(path.join(dataDir, 'bot.sqlite'))).toBe(true);
    const server = JSON.parse(readFileSync(path.join(dataDir, 'chroma', 'server.json'), 'utf8')) as {
      pid: number;
    };
    expect(alive(server.pid)).toBe(true);

    const body = JSON.stringify({
      type: 1,
      id: '1',
      application_id: discord.applicationId,
      token: 't',
      version: 1,
    });
    const pong = await fetch(`${base}/interactions`, { method: 'POST', body, headers: signer.sign(body) });
    expect(await pong.json()).toEqual({ type: 1 });
    const forged = await fetch(`${base}/interactions`, {
      method: 'POST',
      body,
      headers: createSigner().sign(body),
    });
    expect(forged.status).toBe(401);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/askbot_interactions_total\{type="ping",outcome="pong"\} 1/);

    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    expect(code).toBe(0);
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'chroma', 'server.json'))).toBe(false);
  }, 60_000);

  it('runs the indexer on INDEX_CRON inside npm start and exposes what it stored', async () => {
    const discord = await startDiscordStandIn();
    const ollama = await startOllamaStandIn();
    cleanups.push(
      () => discord.close(),
      () => ollama.close(),
    );
    const guild = '880000000000000001';
    discord.addGuild({
      id: guild,
      ownerId: '880000000000000009',
      roles: [{ id: guild, permissions: String((1n << 10n) | (1n << 16n)) }],
    });
    discord.addChannel({ id: '881000000000000001', guildId: guild, type: 0, name: 'general' });
    for (let i = 0; i < 30; i++) {
      discord.addMessage('881000000000000001', {
        id: snowflakeFromMs(Date.UTC(2026, 0, 1) + i * 60_000),
        authorId: '882000000000000001',
        content: `message ${i}`,
      });
    }
    const signer = createSigner();
    const dataDir = tempDir();
    const port = await freePort();
    const run = runEntry(
      'src/main.ts',
      [],
      {
        PORT: String(port),
        DISCORD_PUBLIC_KEY: signer.publicKeyHex,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_BOT_TOKEN: discord.botToken,
        DISCORD_API_URL: discord.apiUrl,
        OLLAMA_HOST: ollama.url,
        DATA_DIR: dataDir,
        INDEX_GUILD_IDS: guild,
        INDEX_CRON: '*/1 * * * * *',
        LOG_LEVEL: 'info',
      },
      dataDir,
    );
    cleanups.push(() => {
      run.child.kill('SIGKILL');
    });
    // Generous: a cold start (Chroma starting, migrations) on a loaded 2-core CI machine is slow.
    const deadline = Date.now() + 45_000;
    let stored = '';
    while (Date.now() < deadline) {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      stored = /askbot_messages_stored (\d+)/.exec(text)?.[1] ?? '';
      if (stored === '30' && /askbot_index_runs_total\{status="ok"\} [1-9]/.test(text)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(stored, run.stdout() + run.stderr()).toBe('30');
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  }, 60_000);
});
