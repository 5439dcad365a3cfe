import { withTimeout } from './async';
import { describeError } from './errors';
import type { HostHealth, ModelState, OllamaPool } from './llm/hosts';
import type { Db } from './store/db';
import type { VectorStore } from './vector/store';

export type { HostHealth, ModelState } from './llm/hosts';

export interface HealthDeps {
  db: Db;
  vectors: VectorStore;
  /** The Ollama hosts (only their probes are used here). */
  ollama: Pick<OllamaPool, 'checkHosts'>;
}

export type CheckResult = 'ok' | string;

export interface OllamaState {
  /** "ok" when every host is reachable, otherwise the first failing host's state. */
  reachable: CheckResult;
  version?: string;
  /** Chat model, then embedding model: pulled on every reachable host, loaded on any. */
  models: ModelState[];
  /** Each host's own state, in configured order (for /status). */
  hosts: HostHealth[];
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

/**
 * Every Ollama host probed at once (reachable, version, models pulled and loaded, breaker state),
 * each within `ms`. `reachable` is "ok" when every host is; `models` says which models are pulled on
 * every reachable host and loaded on any of them, for one-line summaries.
 */
export async function checkOllama(deps: HealthDeps, ms: number): Promise<OllamaState> {
  const hosts = await deps.ollama.checkHosts(ms);
  const up = hosts.filter((h) => h.reachable === 'ok');
  const names = hosts[0]?.models.map((m) => m.name) ?? [];
  const failing = hosts.find((h) => h.reachable !== 'ok');
  const version = up.find((h) => h.version !== undefined)?.version;
  return {
    reachable: failing?.reachable ?? 'ok',
    ...(version !== undefined ? { version } : {}),
    models: names.map((name, i) => ({
      name,
      present: up.length > 0 && up.every((h) => h.models[i]?.present === true),
      loaded: up.some((h) => h.models[i]?.loaded === true),
    })),
    hosts,
  };
}

/** One host's /health reason: "ok", or e.g. "http://gpu2:11434 unreachable". */
export function hostProblem(h: HostHealth): CheckResult {
  if (h.reachable !== 'ok') return `${h.url} ${h.reachable}`;
  const missing = h.models.filter((m) => !m.present).map((m) => m.name);
  return missing.length > 0 ? `${h.url} model missing: ${missing.join(', ')}` : 'ok';
}

/** The three checks of GET /health: each "ok" or a short reason, all within `ms`. */
export async function checkAll(deps: HealthDeps, ms: number) {
  const [database, chroma, ollama] = await Promise.all([
    checkDatabase(deps.db),
    checkChroma(deps.vectors, ms),
    checkOllama(deps, ms),
  ]);
  const problems = ollama.hosts.map(hostProblem).filter((p) => p !== 'ok');
  const ollamaCheck: CheckResult = problems.length === 0 ? 'ok' : problems.join('; ');
  return { database, chroma, ollama: ollamaCheck, ollamaState: ollama };
}
