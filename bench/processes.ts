import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/vector/local-server';
import { sleep } from './stats';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.dirname(BENCH_DIR);
/**
 * The environment `npm start` adds (package.json): glibc's malloc keeps at most two arenas, so
 * memory freed by Node's helper threads (V8's background compiles and collections, libuv's pool)
 * is used again instead of held in an arena per thread. Given to every subject, the peer too.
 */
export const PRODUCT_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** A child's environment: PATH and HOME of this process, production, {@link PRODUCT_ENV}, then `extra`. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    ...PRODUCT_ENV,
    ...extra,
  };
}

/** `command` as run on the CPUs `cpus` (taskset), or as it is when `cpus` is undefined. */
function onCpus(cpus: string | undefined, command: [string, ...string[]]): [string, ...string[]] {
  return cpus === undefined ? command : ['taskset', '-c', cpus, ...command];
}

/**
 * The node arguments that start the product, as `npm start` runs it (package.json): the build's
 * dist/main.js (`npm run bench` builds it first) with source maps, by absolute path so that a child
 * started in a scratch folder finds it.
 */
export function productArgs(): string[] {
  return ['--enable-source-maps', path.join(REPO_DIR, 'dist', 'main.js')];
}

/**
 * Everything the run started, undone in reverse order even when a benchmark throws; child
 * processes are also killed synchronously if the bench process exits some other way.
 */
export class Cleanup {
  private readonly steps: { name: string; f: () => Promise<void> | void }[] = [];
  private readonly pids = new Set<number>();
  private readonly dirs = new Set<string>();

  constructor() {
    process.once('exit', () => this.killNow());
  }

  add(name: string, f: () => Promise<void> | void): void {
    this.steps.push({ name, f });
  }

  /** A process (or, negative, a process group) to SIGKILL if the bench dies before its own stop step ran. */
  trackPid(pid: number): void {
    this.pids.add(pid);
  }

  untrackPid(pid: number): void {
    this.pids.delete(pid);
  }

  trackDir(dir: string): void {
    this.dirs.add(dir);
  }

  async run(): Promise<void> {
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      try {
        await step.f();
      } catch (err) {
        process.stderr.write(`cleanup "${step.name}" failed: ${String(err)}\n`);
      }
    }
    this.killNow();
  }

  private killNow(): void {
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.pids.clear();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
    this.dirs.clear();
  }
}

export function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The CPU list a process (all its threads) may run on, e.g. "0,1" or "0-3". */
export function getAffinity(pid: number): string | undefined {
  const r = spawnSync('taskset', ['-cp', String(pid)], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(':').pop()?.trim() : undefined;
}

/** Pins every thread of a running process to `cpus`; false when taskset refused. */
export function setAffinity(pid: number, cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
}

/** The pid that a local Chroma server recorded in its data folder (see src/vector/local-server.ts). */
export function chromaPid(dir: string): number | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8')) as { pid?: number };
    return typeof info.pid === 'number' && info.pid > 0 ? info.pid : undefined;
  } catch {
    return undefined;
  }
}

/** The peer servers of bench/peer.mjs. */
export type PeerMode = 'hello' | 'verify-node' | 'verify-key';

export interface ServerChild {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `bench/peer.mjs MODE` with plain node in its own process (optionally pinned to `cpus` by taskset),
 * so that its memory and CPU are the server's alone. Resolves once it listens on loopback.
 */
export async function startServerChild(
  mode: PeerMode,
  opts: {
    env: Record<string, string>;
    cpus: string | undefined;
    logFile: string;
    cleanup: Cleanup;
  },
): Promise<ServerChild> {
  const [cmd, ...args] = onCpus(opts.cpus, [process.execPath, path.join(BENCH_DIR, 'peer.mjs'), mode]);
  const log = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, {
    cwd: REPO_DIR,
    env: childEnv(opts.env),
    stdio: ['ignore', 'pipe', log],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the ${mode} server`);
  opts.cleanup.trackPid(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail = () => {
    try {
      return readFileSync(opts.logFile, 'utf8').slice(-1500);
    } catch {
      return '';
    }
  };
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${mode} server did not start in 60 s: ${tail()}`)),
      60_000,
    );
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch {
          reject(new Error(`${mode} server said: ${line}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited (code ${code}) before listening: ${tail()}`));
    });
  });
  child.stdout?.resume();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      opts.cleanup.untrackPid(pid);
    })();
    return stopping;
  };
  opts.cleanup.add(`${mode} server`, stop);
  return { pid, url: `http://127.0.0.1:${port}`, stop };
}

export type Role = 'all' | 'endpoint' | 'worker';

/** A running `npm start` of the bench: one role, its own process group. */
export interface BotProcess {
  role: Role;
  pid: number;
  url: string;
  /** SIGTERM to the group, as a process manager stops it; SIGKILL if it is not gone in 30 s. */
  stop(): Promise<void>;
  /** SIGKILL to the whole group, as a crash or the OOM killer would; resolves once it is gone. */
  kill(): Promise<void>;
  /** The end of a measurement: kill(), or stop() under BENCH_CPU_PROF (profiles are written at a graceful exit). */
  done(): Promise<void>;
}

/** A product process just spawned: not yet answering. */
export interface SpawnedBot extends BotProcess {
  /** performance.now() just before the spawn. */
  spawnedAt: number;
  /** True once the process has exited. */
  exited(): boolean;
  /** The end of its log file (for error messages). */
  tail(): string;
}

/**
 * Spawns the product as `npm start` runs it ({@link productArgs}, ROLE from `role`) in a process
 * group of its own, optionally pinned to `cpus` by taskset, with exactly `env` (plus PATH and HOME)
 * and a scratch working folder (no developer `.env`); returns at once.
 */
export async function spawnBot(opts: {
  role: Role;
  env: Record<string, string>;
  cpus?: string | undefined;
  cwd: string;
  logFile: string;
  cleanup: Cleanup;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=DIR'] to see where the time goes. */
  nodeArgs?: string[];
  /** The node arguments of the product (default {@link productArgs}). */
  args?: string[];
}): Promise<SpawnedBot> {
  const port = await freePort();
  // BENCH_CPU_PROF=DIR: every process started here writes a CPU profile per thread into DIR at exit.
  const dir = process.env.BENCH_CPU_PROF;
  const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  const [cmd, ...args] = onCpus(opts.cpus, [
    process.execPath,
    ...profile,
    ...(opts.nodeArgs ?? []),
    ...(opts.args ?? productArgs()),
  ]);
  const log = openSync(opts.logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    detached: true,
    env: childEnv({ ...opts.env, ROLE: opts.role, PORT: String(port) }),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ROLE=${opts.role}`);
  opts.cleanup.trackPid(-pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  const untilGone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (groupAlive() && Date.now() < deadline) await sleep(20);
    return !groupAlive();
  };
  const tail = () => {
    try {
      return readFileSync(opts.logFile, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  };
  let stopping: Promise<void> | undefined;
  const end = (first: NodeJS.Signals) => {
    stopping ??= (async () => {
      signal(first);
      if (!(await untilGone(first === 'SIGKILL' ? 10_000 : 30_000))) {
        signal('SIGKILL');
        await untilGone(10_000);
      }
      await exited;
      opts.cleanup.untrackPid(-pid);
    })();
    return stopping;
  };
  opts.cleanup.add(`ROLE=${opts.role} (${pid})`, () => end('SIGKILL'));
  return {
    role: opts.role,
    pid,
    url: `http://127.0.0.1:${port}`,
    spawnedAt,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    tail,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    done: () => end(dir ? 'SIGTERM' : 'SIGKILL'),
  };
}

/**
 * Starts the product ({@link spawnBot}) and resolves once GET /health answers: by then the role
 * has started (worker thread, migrations, queue) and listens.
 */
export async function startBot(opts: Parameters<typeof spawnBot>[0]): Promise<BotProcess> {
  const bot = await spawnBot(opts);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (bot.exited()) throw new Error(`ROLE=${opts.role} exited at start: ${bot.tail()}`);
    if (Date.now() > deadline) {
      await bot.kill();
      throw new Error(`ROLE=${opts.role} did not answer /health in 90 s: ${bot.tail()}`);
    }
    const up = await fetch(`${bot.url}/health`, { signal: AbortSignal.timeout(3000) }).then(
      () => true,
      () => false,
    );
    if (up) return bot;
    await sleep(100);
  }
}
