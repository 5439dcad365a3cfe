import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.dirname(BENCH_DIR);

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

  /** A process to SIGKILL if the bench dies before its own stop step ran. */
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

export interface ServerChild {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `bench/serve.ts MODE` in its own Node process (optionally pinned to `cpus` by taskset),
 * so that its memory and CPU are the server's alone. Resolves once it listens on loopback.
 */
export async function startServerChild(
  mode: 'askbot' | 'hello',
  opts: {
    env: Record<string, string>;
    cpus: string | undefined;
    logFile: string;
    cleanup: Cleanup;
  },
): Promise<ServerChild> {
  const node = [process.execPath, '--import', 'tsx', path.join(BENCH_DIR, 'serve.ts'), mode];
  const [cmd = process.execPath, ...args] =
    opts.cpus === undefined ? node : ['taskset', '-c', opts.cpus, ...node];
  const log = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, {
    cwd: REPO_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...opts.env },
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
