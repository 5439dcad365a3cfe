import { inject } from 'vitest';
import { freePort } from '../src/vector/local-server';
import { type Run, runEntry, until } from './process';
import { createSigner } from './sign';
import { startOllamaStandIn } from './standins/ollama';

/**
 * `npm start`'s process (dist/main.js) as `role`, on a free port, verifying with a signer of its
 * own, an Ollama stand-in and the suite's Chroma, data in `dataDir`; `env` on top, node's
 * `nodeArgs`, and `prefix` before node (e.g. taskset, which execs it: the pid stays node's).
 * Resolves once /health answers; `stop` kills it and closes the stand-in.
 */
export async function startService(o: {
  role: 'all' | 'endpoint' | 'worker';
  dataDir: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  prefix?: string[];
}): Promise<{ run: Run; base: string; signer: ReturnType<typeof createSigner>; stop(): Promise<void> }> {
  const ollama = await startOllamaStandIn();
  const port = await freePort();
  const signer = createSigner();
  const env = {
    ROLE: o.role,
    PORT: String(port),
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_APPLICATION_ID: '100000000000000001',
    OLLAMA_HOST: ollama.url,
    CHROMA_URL: inject('chromaUrl'),
    DATA_DIR: o.dataDir,
    ...o.env,
  };
  const run = runEntry('src/main.ts', [], env, o.dataDir, o.nodeArgs, o.prefix);
  const stop = async () => {
    run.child.kill('SIGKILL');
    await ollama.close();
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(
      () =>
        fetch(`${base}/health`).then(
          () => true,
          () => false,
        ),
      30_000,
      () => run.stdout() + run.stderr(),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { run, base, signer, stop };
}
