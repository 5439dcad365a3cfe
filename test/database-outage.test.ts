import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { QUEUE_DOWN } from '../src/interactions/dispatch';
import { freshDatabase } from './databases';
import { ask, command, finalContent, G, seedGuilds, startHarness } from './harness';
import { runEntry } from './process';
import { startTcpProxy } from './standins/tcp-proxy';
import { tempDir } from './tmp';

const withPostgres = inject('postgresUrl') !== '';

describe.skipIf(!withPostgres)('PostgreSQL that goes away and comes back', () => {
  it('/health says so within 2 s, questions get a clear sentence, and all recovers when it is back', async () => {
    const database = await freshDatabase('postgres');
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const real = new URL(database.url);
    const proxy = await startTcpProxy(real.hostname, Number(real.port || 5432));
    onTestFinished(() => proxy.close());
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const h = await startHarness({ DATABASE_URL: viaProxy.toString(), CHROMA_URL: inject('chromaUrl') });
    await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
    ]);
    expect((await h.app.request('/health')).status).toBe(200);

    await proxy.cut();
    const started = Date.now();
    const down = await h.app.request('/health');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { checks: { database: string } }).checks.database).toMatch(
      /unreachable|timeout/,
    );
    // The acknowledgement cannot record the question: it says so at once, instead of deferring into silence.
    const refused = (await (await h.interact(ask('where is the deploy script?'))).json()) as {
      type: number;
      data: { content: string; flags: number };
    };
    expect(refused).toMatchObject({ type: 4, data: { content: QUEUE_DOWN, flags: 64 } });

    await proxy.restore();
    let healthy = 0;
    for (let i = 0; i < 40 && healthy !== 200; i++) {
      healthy = (await h.app.request('/health')).status;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(healthy).toBe(200);
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const q = ask('where is the deploy script?');
    expect(((await (await h.interact(q)).json()) as { type: number }).type).toBe(5);
    expect(await finalContent(h, q.token)).toContain('tools/deploy.sh');
    const status = command('status');
    await h.interact(status);
    expect(await finalContent(h, status.token, 3000)).toMatch(/Database: ok/);
  });

  it('npm start with an unreachable PostgreSQL stops with one line naming DATABASE_URL, without the password', async () => {
    const run = runEntry(
      'src/main.ts',
      [],
      {
        DISCORD_PUBLIC_KEY: 'a'.repeat(64),
        DISCORD_APPLICATION_ID: '123456789012345678',
        DATABASE_URL: 'postgres://bot:hunter2@127.0.0.1:9/bot',
        CHROMA_URL: 'http://127.0.0.1:9',
      },
      tempDir(),
    );
    const { code } = await run.exit;
    expect(code).not.toBe(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^start failed: .*unreachable.*127\.0\.0\.1:9\/bot.*DATABASE_URL/);
    expect(run.stderr() + run.stdout()).not.toContain('hunter2');
  });
});
