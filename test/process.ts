import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/**
 * The compiled file that `npm start` or `npm run NAME` runs for a TypeScript entry point
 * (`src/main.ts` → `dist/main.js`, `scripts/index.ts` → `dist/index.js`; build.mjs), built by
 * test/global-setup.ts before the tests run.
 */
export function compiledEntry(entry: string): string {
  return path.join(ROOT, 'dist', `${path.basename(entry, '.ts')}.js`);
}

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs one of the project's entry points as `npm` does: its compiled output ({@link compiledEntry})
 * with plain node (a test or bench helper: from source through tsx), in `cwd`, with exactly `env` (plus PATH), so no developer `.env` or shell
 * variable leaks in. `nodeArgs` go before the file (e.g. `--import` of test/loaded-modules.mjs).
 */
export function runEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  nodeArgs: string[] = [],
  /** A command that execs node, e.g. `['taskset', '-c', '0']` (the pid stays node's). */
  prefix: string[] = [],
): Run {
  // The product's entry points run compiled, as users run them; a helper of the tests or benches
  // (bench/store-writer.ts) is not part of the build and runs from source through tsx.
  const product = entry === 'src/main.ts' || entry.startsWith('scripts/');
  const run = product
    ? ['--enable-source-maps', ...nodeArgs, compiledEntry(entry)]
    : ['--import', TSX, ...nodeArgs, path.join(ROOT, entry)];
  const [cmd = process.execPath, ...command] = [...prefix, process.execPath, ...run, ...args];
  const child = spawn(cmd, command, {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child);
}

/** Collects a child's output and exit, for the process tests. */
function watch(child: ChildProcess): Run {
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

export { isPidAlive as alive } from '../src/process';

/** A process group started by `npm` (detached: its own group, signalled as a whole like systemd does). */
export interface NpmRun extends Run {
  /** The group id (npm's pid). */
  pgid: number;
  /** Signals every process of the group (npm, node, the local Chroma and its watchdog). */
  signalGroup(signal: NodeJS.Signals): void;
  /** True while any process of the group is alive. */
  groupAlive(): boolean;
}

/**
 * Runs `npm <args>` in the project root as a process group of its own, with exactly `env` (plus
 * PATH and a throwaway HOME), the way an operator's process manager would.
 */
export function runNpm(args: string[], env: Record<string, string>, home: string): NpmRun {
  const child = spawn('npm', args, {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NODE_ENV: 'production',
      npm_config_update_notifier: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid ?? 0;
  return {
    ...watch(child),
    pgid,
    signalGroup(signal) {
      try {
        process.kill(-pgid, signal);
      } catch {
        // The group is gone already.
      }
    },
    groupAlive() {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Waits until `predicate` holds, polling; fails with `what()` (e.g. the process's log) after `ms`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  ms: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let askSeq = 0;
/**
 * A `/ask` (or another chat command, without options) as Discord sends it to a real process, from
 * member `userId` in `channelId` of `guildId`, with read permissions there.
 */
export function guildCommand(opts: {
  guildId: string;
  channelId: string;
  userId: string;
  question?: string;
  name?: string;
}) {
  askSeq++;
  const name = opts.name ?? 'ask';
  const read = String((1n << 10n) | (1n << 16n));
  return {
    type: 2,
    id: `98${String(process.pid % 1000).padStart(3, '0')}${String(askSeq).padStart(13, '0')}`,
    application_id: '100000000000000001',
    token: `ptoken-${process.pid}-${askSeq}-${Math.random().toString(36).slice(2)}`,
    version: 1,
    guild_id: opts.guildId,
    channel_id: opts.channelId,
    channel: { id: opts.channelId, type: 0 },
    member: {
      user: { id: opts.userId, username: 'u', global_name: 'U', avatar: null, discriminator: '0' },
      roles: [],
      permissions: read,
      joined_at: '2025-01-01T00:00:00Z',
    },
    data: {
      id: '960000000000000001',
      name,
      type: 1,
      ...(opts.question === undefined
        ? {}
        : { options: [{ name: 'question', type: 3, value: opts.question }] }),
    },
  };
}
