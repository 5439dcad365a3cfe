import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { peerAddress } from '../net/url-credentials';
import { runtimeFile } from '../paths';
import { isPidAlive } from '../process';
import { cutFromEnd } from '../text/cut';

/** A Chroma server started from the `chromadb` package's own CLI, with its data under one folder. */
export interface LocalChroma {
  url: string;
  /** True when this process started it (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
/** Copied as it is into dist/ by the build. */
const WATCHDOG = runtimeFile({ compiled: 'parent-watchdog.mjs', source: 'parent-watchdog.mjs' }, 'vector');

/** Path of the `chroma` CLI that ships in the chromadb package (avoids npx and its wrapper processes). */
export function chromaCliPath(): string {
  // The package's `exports` hide package.json, so walk up from its entry to the package root.
  let dir = path.dirname(require.resolve('chromadb'));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'cli.mjs');
}

/**
 * The npm package that holds the bundled Chroma server's native code on this machine, named as
 * chromadb's CLI requires it (an optional dependency of chromadb: only this platform's is installed).
 */
export function chromaBindingsPackage(): string {
  const { platform, arch } = process;
  if (platform === 'linux') return `chromadb-js-bindings-linux-${arch}-gnu`;
  if (platform === 'darwin') return `chromadb-js-bindings-darwin-${arch}`;
  return `chromadb-js-bindings-${platform}-${arch}-msvc`;
}

/**
 * Thrown when there is no local Chroma server to start: its native part is not installed (the
 * Docker image built with LOCAL_CHROMA=false, an `npm install --omit=optional`, an unsupported
 * platform). Its message is the one line an operator needs.
 */
export class LocalChromaUnavailable extends Error {
  override name = 'LocalChromaUnavailable';
}

/** Throws {@link LocalChromaUnavailable} when this install cannot start a local Chroma server. */
export function checkBindings(bindings: string = chromaBindingsPackage()): void {
  try {
    require.resolve(bindings);
  } catch {
    throw new LocalChromaUnavailable(
      `CHROMA_URL is not set and this install has no local Chroma server (${bindings} is not installed: an image built with LOCAL_CHROMA=false, or an install without optional dependencies); set CHROMA_URL to your Chroma server, e.g. CHROMA_URL=http://chroma:8000.`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True when the Chroma server at `url` answers its heartbeat within `timeoutMs` (ms); never throws. */
export async function heartbeat(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const peer = peerAddress(url);
    const res = await fetch(`${peer.url}/api/v2/heartbeat`, {
      headers: peer.headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok;
  } catch {
    return false;
  }
}

interface ServerFile {
  url: string;
  pid: number;
}

function serverFilePath(dir: string): string {
  return path.join(dir, 'server.json');
}

/**
 * The local Chroma that another process (a running `npm start`) started on the same data folder,
 * if it is still answering.
 */
export async function findRunningLocalChroma(dir: string): Promise<LocalChroma | undefined> {
  let info: ServerFile;
  try {
    info = JSON.parse(readFileSync(serverFilePath(dir), 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
  if (!isPidAlive(info.pid) || !(await heartbeat(info.url))) return undefined;
  return { url: info.url, owned: false, stop: async () => {} };
}

/**
 * Starts `chroma run` on a free loopback port with data in `dir`, waits for its heartbeat, and
 * records it in `dir/server.json` so that `npm run index` can share it. Throws with the server's
 * own output when it does not come up, and {@link LocalChromaUnavailable} at once when its native
 * part is not installed.
 */
export async function startLocalChroma(
  dir: string,
  opts: {
    port?: number;
    readyTimeoutMs?: number;
    /** The native package to look for (default {@link chromaBindingsPackage}); tests name a missing one. */
    bindings?: string;
  } = {},
): Promise<LocalChroma> {
  checkBindings(opts.bindings ?? chromaBindingsPackage());
  mkdirSync(dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(WATCHDOG).href,
      chromaCliPath(),
      'run',
      '--path',
      dir,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHROMA_TELEMETRY: 'false' } },
  );
  let output = '';
  // Decoded as streams, so a character split across two chunks is not turned into U+FFFD; cut on a
  // grapheme boundary from the end, so the excerpt never starts inside a character.
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  const keep = (text: string) => {
    output = cutFromEnd(output + text, 4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  while (!(await heartbeat(url, 500))) {
    // The CLI exits with code 0 when the port is taken, so an early exit is the failure signal.
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The local Chroma server did not start on ${url} (data in ${dir}). Its output: ${cutFromEnd(output.trim(), 800) || '(none)'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.stdout?.resume();
  child.stderr?.resume();
  const file = serverFilePath(dir);
  writeFileSync(file, JSON.stringify({ url, pid: child.pid ?? 0 } satisfies ServerFile));

  let stopping: Promise<void> | undefined;
  return {
    url,
    owned: true,
    stop() {
      stopping ??= (async () => {
        try {
          const recorded = JSON.parse(readFileSync(file, 'utf8')) as ServerFile;
          if (recorded.pid === child.pid) rmSync(file, { force: true });
        } catch {
          // already gone
        }
        if (exited) return;
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exitedPromise;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/**
 * The Chroma a command-line tool should use: CHROMA_URL when set; else the local server of a
 * running `npm start` on the same data folder; else one started for this process (stopped by
 * `stop()`).
 */
export async function connectChroma(chromaUrl: string | undefined, dataDir: string): Promise<LocalChroma> {
  if (chromaUrl !== undefined) return { url: chromaUrl, owned: false, stop: async () => {} };
  const dir = path.join(dataDir, 'chroma');
  return (await findRunningLocalChroma(dir)) ?? (await startLocalChroma(dir));
}
