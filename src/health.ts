import type { Ollama } from 'ollama';
import { withTimeout } from './async';
import { describeError } from './errors';
import { ollamaError } from './llm/errors';
import type { Db } from './store/db';
import { normaliseModelName, type VectorStore } from './vector/store';

export interface HealthDeps {
  db: Db;
  vectors: VectorStore;
  ollama: Ollama;
  ollamaHost: string;
  chatModel: string;
  embedModel: string;
}

export type CheckResult = 'ok' | string;

export interface ModelState {
  name: string;
  present: boolean;
  loaded: boolean;
}

export interface OllamaState {
  reachable: CheckResult;
  version?: string;
  models: ModelState[];
}

const timeoutError = (what: string, ms: number) => () => new Error(`${what} did not answer within ${ms} ms`);

/** `SELECT 1` on the message store. */
export async function checkDatabase(db: Db): Promise<CheckResult> {
  try {
    db.$client.prepare('SELECT 1').get();
    return 'ok';
  } catch (err) {
    return `database error: ${describeError(err)}`;
  }
}

export async function checkChroma(vectors: VectorStore, ms: number): Promise<CheckResult> {
  try {
    await withTimeout(vectors.heartbeat(), ms, timeoutError('Chroma', ms));
    return 'ok';
  } catch (err) {
    return err instanceof Error && /did not answer/.test(err.message) ? 'timeout' : 'unreachable';
  }
}

/** Reachability, version, and which of the configured models are pulled and loaded. */
export async function checkOllama(deps: HealthDeps, ms: number): Promise<OllamaState> {
  const wanted = [deps.chatModel, deps.embedModel];
  const absent = wanted.map((name) => ({ name, present: false, loaded: false }));
  try {
    // Only the model list decides; the version and loaded models are extras some servers lack.
    const [version, tags, ps] = await withTimeout(
      Promise.all([
        deps.ollama.version().catch(() => ({ version: undefined })),
        deps.ollama.list(),
        deps.ollama.ps().catch(() => ({ models: [] })),
      ]),
      ms,
      timeoutError('Ollama', ms),
    );
    const pulled = new Set(tags.models.map((m) => normaliseModelName(m.name)));
    const loaded = new Set(ps.models.map((m) => normaliseModelName(m.name)));
    return {
      reachable: 'ok',
      ...(version.version ? { version: version.version } : {}),
      models: wanted.map((name) => ({
        name,
        present: pulled.has(normaliseModelName(name)),
        loaded: loaded.has(normaliseModelName(name)),
      })),
    };
  } catch (err) {
    if (err instanceof Error && /did not answer/.test(err.message))
      return { reachable: 'timeout', models: absent };
    const e = ollamaError(err, { host: deps.ollamaHost, model: deps.chatModel });
    return {
      reachable: e.code === 'OLLAMA_UNREACHABLE' ? 'unreachable' : `error (${e.code})`,
      models: absent,
    };
  }
}

/** The three checks of GET /health: each "ok" or a short reason, all within `ms`. */
export async function checkAll(deps: HealthDeps, ms: number) {
  const [database, chroma, ollama] = await Promise.all([
    checkDatabase(deps.db),
    checkChroma(deps.vectors, ms),
    checkOllama(deps, ms),
  ]);
  let ollamaCheck: CheckResult = ollama.reachable;
  const missing = ollama.models.filter((m) => !m.present).map((m) => m.name);
  if (ollamaCheck === 'ok' && missing.length > 0) ollamaCheck = `model missing: ${missing.join(', ')}`;
  return { database, chroma, ollama: ollamaCheck, ollamaState: ollama };
}
