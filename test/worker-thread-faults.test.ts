import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { G } from './harness';
import { guildCommand, ROOT, until } from './process';
import { startService } from './service';
import { startDiscordStandIn } from './standins/discord';
import { tempDir } from './tmp';

// ROLE=all answers on a worker thread. A fault there must not leave a process that acknowledges
// and never answers: a stray rejection is logged (as the process's are), and a thread that ends
// is started again. The faults are injected by a preload (test/worker-thread-faults.mjs) into the
// real `npm start` process's worker thread; nothing in the product is replaced.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const FAULTS = path.join(ROOT, 'test', 'worker-thread-faults.mjs');
const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;

describe('ROLE=all when its worker thread fails', () => {
  it('logs a stray rejection, starts the thread again after it ends, and answers the next question', async () => {
    const discord = await startDiscordStandIn();
    cleanups.push(() => discord.close());
    discord.addGuild({
      id: G.guild,
      ownerId: G.owner,
      roles: [{ id: G.guild, permissions: String(VIEW | HISTORY) }],
    });
    discord.addChannel({ id: G.general, guildId: G.guild, type: 0, name: 'general' });
    const dataDir = tempDir();
    const go = path.join(dataDir, 'faults-go');
    const service = await startService({
      role: 'all',
      dataDir,
      env: {
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_BOT_TOKEN: discord.botToken,
        DISCORD_API_URL: discord.apiUrl,
        FAULTS_GO: go,
      },
      nodeArgs: ['--import', FAULTS],
    });
    cleanups.push(service.stop);
    const log = () => service.run.stdout() + service.run.stderr();
    await until(() => /"msg":"started"/.test(service.run.stdout()), 30_000, log);

    writeFileSync(go, '');
    await until(() => /"msg":"worker thread restarted"/.test(service.run.stdout()), 30_000, log);
    const lines = service.run
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; err?: string; thread?: string });
    const at = (msg: string) => lines.findIndex((l) => l.msg === msg);
    const rejection = lines[at('unhandled rejection')];
    expect(rejection?.thread).toBe('worker');
    expect(rejection?.err).toContain('a stray rejection (test)');
    // Logged, then the thread's end, then its restart.
    expect(at('unhandled rejection')).toBeLessThan(at('the worker thread ended unexpectedly'));
    expect(at('the worker thread ended unexpectedly')).toBeLessThan(at('worker thread restarted'));

    // The process kept acknowledging, and the new thread answers (here: the server is not indexed).
    const q = {
      ...guildCommand({ guildId: G.guild, channelId: G.general, userId: G.owner, question: 'anyone there?' }),
      application_id: discord.applicationId,
    };
    const raw = JSON.stringify(q);
    const res = await fetch(`${service.base}/interactions`, {
      method: 'POST',
      body: raw,
      headers: service.signer.sign(raw),
    });
    expect(((await res.json()) as { type: number }).type).toBe(5);
    const edited = () => String(discord.webhookMessages.get(q.token)?.edits.at(-1)?.content ?? '');
    await until(() => edited() !== '', 30_000, log);
    expect(edited()).toContain('not been indexed yet');
  }, 90_000);
});
