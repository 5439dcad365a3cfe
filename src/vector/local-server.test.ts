import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alive } from '../../test/process';
import { tempDir } from '../../test/tmp';
import { findRunningLocalChroma, heartbeat, startLocalChroma } from './local-server';

const waitUntil = async (f: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!f() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return f();
};

describe('the local Chroma server', () => {
  it('starts, is found by another process on the same folder, and stops', async () => {
    const dir = tempDir();
    const chroma = await startLocalChroma(dir);
    expect(await heartbeat(chroma.url)).toBe(true);
    expect((await findRunningLocalChroma(dir))?.url).toBe(chroma.url);
    await chroma.stop();
    expect(await heartbeat(chroma.url)).toBe(false);
    expect(await findRunningLocalChroma(dir)).toBeUndefined();
  });

  it('does not outlive a parent that was killed with SIGKILL', async () => {
    const dir = tempDir();
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
    const module = pathToFileURL(path.join(import.meta.dirname, 'local-server.ts')).href;
    const script = `const { startLocalChroma } = await import(${JSON.stringify(module)});
      await startLocalChroma(${JSON.stringify(dir)}); console.log('ready'); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      parent.stdout?.on('data', (b: Buffer) => b.toString().includes('ready') && resolve()),
    );
    const { pid } = JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8')) as { pid: number };
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !alive(pid), 5000)).toBe(true);
  });
});
