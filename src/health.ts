import { withTimeout } from './async';
import { AppError, describeError } from './errors';
import type { HostHealth, ModelState, OllamaPool } from './llm/hosts';
import { storeError } from './store/errors';
import { truncate } from './text/cut';
import type { VectorIndex } from './vector/store';

export type { HostHealth, ModelState } from './llm/hosts';

export interface HealthDeps {
  /** Resolves when the database (the store, and the queue where it is a file of its own) answers. */
  pingDatabase(): Promise<void>;
  vectors: Pick<VectorIndex, 'heartbeat'>;
  /** The Ollama hosts (only their probes are used here). */
  ollama: Pick<OllamaPool, 'checkHosts'>;
}

export type CheckResult = 'ok' | string;

export interface OllamaState {
  /** "ok" when every host is reachable, otherwise the first failing host's state. */
  reachable: CheckResult;
  version?: string;
  /**
   * Chat model, then embedding model: pulled on every reachable host, loaded on any (until the
   * latest expiry), and whether the chat model reasons (`/api/show` capabilities).
   */
  models: ModelState[];
  /** Each host's own state, in configured order (for /status). */
  hosts: HostHealth[];
}

const timeoutError = (what: string, ms: number) => () => new Error(`${what} did not answer within ${ms} ms`);

/** A trivial query on the database within `ms`: "ok", "timeout", "unreachable" or a short error. */
export async function checkDatabase(ping: () => Promise<void>, ms: number): Promise<CheckResult> {
  try {
    await withTimeout(ping(), ms, timeoutError('The database', ms));
    return 'ok';
  } catch (err) {
    if (err instanceof Error && /did not answer/.test(err.message)) return 'timeout';
    const e = storeError(err, 'health check');
    return e.code === 'DATABASE_UNAVAILABLE' ? 'unreachable' : `error: ${truncate(describeError(err), 120)}`;
  }
}

export async function checkChroma(vectors: Pick<VectorIndex, 'heartbeat'>, ms: number): Promise<CheckResult> {
  try {
    await withTimeout(vectors.heartbeat(), ms, timeoutError('Chroma', ms));
    return 'ok';
  } catch (err) {
    if (err instanceof AppError && err.code === 'CHROMA_UNAUTHORIZED') return 'refused credentials';
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
    models: names.map((name, i) => {
      const states = up.flatMap((h) => (h.models[i] === undefined ? [] : [h.models[i]]));
      const until = states.flatMap((m) => (m.loadedUntil === undefined ? [] : [m.loadedUntil]));
      const thinks = states.find((m) => m.thinks !== undefined)?.thinks;
      const dimension = states.find((m) => m.dimension !== undefined)?.dimension;
      return {
        name,
        present: up.length > 0 && up.every((h) => h.models[i]?.present === true),
        loaded: states.some((m) => m.loaded),
        ...(until.length > 0 ? { loadedUntil: Math.max(...until) } : {}),
        ...(thinks === undefined ? {} : { thinks }),
        ...(dimension === undefined ? {} : { dimension }),
      };
    }),
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
    checkDatabase(deps.pingDatabase, ms),
    checkChroma(deps.vectors, ms),
    checkOllama(deps, ms),
  ]);
  const problems = ollama.hosts.map(hostProblem).filter((p) => p !== 'ok');
  const ollamaCheck: CheckResult = problems.length === 0 ? 'ok' : problems.join('; ');
  return { database, chroma, ollama: ollamaCheck, ollamaState: ollama };
}
