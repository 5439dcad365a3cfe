import { ExponentialBackoff, handleType, retry } from 'cockatiel';
import { Ollama } from 'ollama';
import { withTimeout } from '../async';
import type { KeepAlive, ThinkSetting } from '../config';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { BrokenCircuitError, createProbedBreaker, type ProbedBreaker } from '../net/probed-breaker';
import { displayUrl, peerAddress } from '../net/url-credentials';
import { truncate } from '../text/cut';
import { type ChatModel, type ChatOptions, createOllamaChat } from './chat';
import { createOllamaEmbedder, type Embedder } from './embedder';
import { isInputRejected, ollamaError } from './errors';
import { normaliseModelName } from './model-names';
import { createOllamaClient, withJsonErrors } from './ollama';

/**
 * Several Ollama hosts behind one ChatModel and one Embedder. Each request goes to the healthy host
 * with the least work in flight; a failing host is taken out by its own circuit breaker and the
 * request moves on, also when it failed in the middle of a streamed answer (the answer starts over
 * there). Resilience comes from cockatiel 3 (retry with exponential backoff, and a
 * `ConsecutiveBreaker` per host): chosen over opossum (10 needs Node 22, and is one breaker per
 * function without retries) and over keeping our hand-written breaker; cockatiel 4 needs Node 22.
 * A host whose circuit is open is probed every second (`GET /api/version`), so that it is back in
 * service within about a second of answering again, instead of after a fixed open period.
 */

export interface ResilienceOptions {
  /** Rounds after the first when every host failed or was out; each round tries each usable host once. */
  retries: number;
  /** First wait between rounds (ms); grows exponentially with jitter up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Consecutive host failures that open a host's circuit. */
  breakerThreshold: number;
  /** How often a host whose circuit is open is probed (ms); each probe waits at most as long. */
  probeIntervalMs: number;
}

/** The `settings.ollama` part of config.ts fits as it is. */
export interface OllamaPoolOptions {
  /** Every host, e.g. `['http://gpu1:11434', 'http://gpu2:11434']`; at least one. */
  hosts: string[];
  chatModel: string;
  embedModel: string;
  numCtx: number;
  /** Limit of each non-streamed call other than embeddings, e.g. the health probes' clients (ms). */
  timeoutMs: number;
  /** Longest wait for a chat's first token, model loading included (ms). */
  firstTokenTimeoutMs: number;
  /** Limit of one embedding request (ms). */
  embedTimeoutMs: number;
  /** Longest silence in the middle of a streamed answer, reasoning included (ms; default 30 s). */
  stallTimeoutMs?: number;
  /** OLLAMA_THINK (default false). */
  think?: ThinkSetting;
  /** OLLAMA_KEEP_ALIVE for both models (default 30m). */
  keepAlive?: KeepAlive;
  resilience?: Partial<ResilienceOptions>;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One host as the pool sees it now. */
export interface HostSnapshot {
  /** The host URL, without credentials. */
  url: string;
  /** Chat and embedding requests of this process running on it now. */
  inFlight: number;
  /** `half-open`: its open period is over and the next request to it is the trial. */
  breaker: BreakerState;
  /** The last failure that counted against its breaker, in a few words ("unreachable", "busy (503)"). */
  lastError?: string;
  /** When that was (ms since the epoch). */
  lastErrorAt?: number;
}

export interface ModelState {
  name: string;
  present: boolean;
  /** Loaded in the host's memory now (`/api/ps`). */
  loaded: boolean;
  /** When Ollama unloads it (ms since the epoch), from `/api/ps` while loaded. */
  loadedUntil?: number;
  /** The model reasons before answering (`thinking` among `/api/show`'s capabilities); unknown when absent. */
  thinks?: boolean;
  /** An embedding model's vector size (`/api/show`'s `<arch>.embedding_length`); unknown when absent. */
  dimension?: number;
}

/** A host's live check: the snapshot plus what the host itself says. */
export interface HostHealth extends HostSnapshot {
  /** `ok`, `unreachable`, `timeout`, `refused credentials` (401/403 from a proxy) or `error (CODE)`. */
  reachable: string;
  version?: string;
  /** The chat model, then the embedding model. */
  models: ModelState[];
  /** Every model loaded on the host now (`/api/ps`), ours or not, with when it unloads (ms since the epoch). */
  loaded?: { name: string; until?: number }[];
}

export interface OllamaPool {
  /**
   * Streams one answer on the best host. A host that fails before or during the answer is left for
   * another (the answer starts over there: `onRestart`, then `onText` from the beginning); only
   * when no host can answer does it reject.
   */
  readonly chat: ChatModel;
  /** Embeds on the best host; a rejected input is not retried. */
  readonly embedder: Embedder;
  /** Every host's URL, in-flight count, breaker state and last error, in configured order. */
  hosts(): HostSnapshot[];
  /** Probes every host at once (version, pulled and loaded models); each answers within `ms`. */
  checkHosts(ms: number): Promise<HostHealth[]>;
  /** OLLAMA_THINK and OLLAMA_KEEP_ALIVE as the pool sends them, for /status. */
  readonly think: ThinkSetting;
  readonly keepAlive: KeepAlive;
}

const DEFAULTS: ResilienceOptions = {
  retries: 2,
  backoffMs: 300,
  maxBackoffMs: 5000,
  breakerThreshold: 5,
  probeIntervalMs: 1000,
};

interface Host {
  readonly url: string;
  readonly label: string;
  readonly chat: ChatModel;
  readonly embedder: Embedder;
  /** Opened by host failures; probed while open (see net/probed-breaker.ts). */
  readonly breaker: ProbedBreaker;
  inFlight: number;
  lastError: string | undefined;
  lastErrorAt: number | undefined;
}

/** One request's state across its attempts. */
interface Request {
  signal: AbortSignal | undefined;
  /** Text has reached the caller: another attempt restarts the answer. */
  streamed: boolean;
  /** Hosts that said they lack the model; not asked again for this request. */
  missingOn: Set<Host>;
}

/** A failure that counts against the host's breaker (thrown inside `breaker.execute`). */
class HostFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/** Every host failed or was out in one round: the retry policy waits and tries another round. */
class RoundFailed extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const HOST_FAILURES = new Set([
  'OLLAMA_UNREACHABLE',
  'OLLAMA_BUSY',
  'OLLAMA_FAILED',
  'OLLAMA_TIMEOUT',
  'OLLAMA_UNAUTHORIZED',
]);

function statusOf(err: AppError): number | undefined {
  const cause: unknown = err.cause;
  if (typeof cause === 'object' && cause !== null && 'status_code' in cause) {
    const n = Number(cause.status_code);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * What a failed attempt means. `host`: the host is at fault (down, 5xx, busy, no first token in
 * time), so it counts against its breaker and another host may serve the request. `missing`: this
 * host lacks the model; another may have it. `final`: the request itself is refused (an embedding
 * input longer than the context, OLLAMA_INPUT_REJECTED even when a build answers it with 500, or
 * any other 4xx) or the caller gave up: no host would do better, and no breaker is charged.
 * https://docs.ollama.com/api/errors (an error after the stream started keeps status 200)
 */
function verdict(err: unknown, req: Request): 'host' | 'missing' | 'final' {
  if (req.signal?.aborted || !(err instanceof AppError) || isInputRejected(err)) return 'final';
  if (err.code === 'OLLAMA_MODEL_MISSING') return 'missing';
  if (err.code === 'OLLAMA_UNAUTHORIZED') return 'host'; // this host's credentials; another may take it
  const status = statusOf(err);
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return 'final';
  }
  return HOST_FAILURES.has(err.code) ? 'host' : 'final';
}

/** A few words for /status; never the server's whole message, never a URL. */
function shortReason(err: AppError): string {
  const status = statusOf(err);
  switch (err.code) {
    case 'OLLAMA_UNREACHABLE':
      return 'unreachable';
    case 'OLLAMA_TIMEOUT':
      return 'timeout';
    case 'OLLAMA_BUSY':
      return `busy (${status ?? 503})`;
    case 'OLLAMA_UNAUTHORIZED':
      return `refused credentials (${status ?? 401})`;
    default: {
      const cause = err.cause instanceof Error ? err.cause.message : '';
      const detail = truncate(cause.replace(/https?:\/\/\S+/g, '…'), 80);
      return `error${status ? ` ${status}` : ''}${detail ? `: ${detail}` : ''}`;
    }
  }
}

/**
 * The one sentence for "every host is out": the hosts failed repeatedly and their circuits are open.
 * Code OLLAMA_UNREACHABLE, so callers treat it like any unreachable Ollama.
 */
export function ollamaCircuitOpen(hosts: string[], probeMs: number): AppError {
  const where = hosts.length === 1 ? `Ollama at ${hosts[0]}` : `Every Ollama host (${hosts.join(', ')})`;
  return new AppError(
    'OLLAMA_UNREACHABLE',
    `${where} failed repeatedly; calls are paused until it answers again, probed every ${probeMs} ms (circuit open).`,
    errorText.sentence('ollamaCircuitOpen'),
  );
}

/**
 * Failures a probe's answer rules out: the host was unreachable (it answers now) or refused the
 * credentials (it accepts them now). After any other failure Ollama itself answered badly (a 5xx, a
 * full queue, no first token in time), which only a real request can show to be over.
 */
const PROBE_CLOSES = new Set(['OLLAMA_UNREACHABLE', 'OLLAMA_UNAUTHORIZED']);

/**
 * A cheap sign of life: `GET /api/version` answered within `ms` with anything but a server error, a
 * refusal of the credentials or a rate limit. Never throws.
 */
export async function probeOllama(url: string, ms: number): Promise<boolean> {
  const peer = peerAddress(url);
  try {
    const res = await fetch(`${peer.url}/api/version`, {
      headers: peer.headers,
      signal: AbortSignal.timeout(ms),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status < 500 && ![401, 403, 429].includes(res.status);
  } catch {
    return false;
  }
}

/**
 * An embedding model's vector size from `/api/show`: `model_info["<arch>.embedding_length"]`
 * (typed a Map by the client, a plain object at run time); undefined when absent.
 */
function embeddingLength(shown: unknown): number | undefined {
  const info = (shown as { model_info?: unknown } | undefined)?.model_info;
  if (typeof info !== 'object' || info === null) return undefined;
  const record = info as Record<string, unknown>;
  const arch = record['general.architecture'];
  const n = Number(typeof arch === 'string' ? record[`${arch}.embedding_length`] : undefined);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Builds the pool: per host a chat model, an embedder and a breaker; no request is sent yet. */
export function createOllamaPool(opts: OllamaPoolOptions): OllamaPool {
  if (opts.hosts.length === 0) throw new Error('createOllamaPool needs at least one host');
  const r: ResilienceOptions = { ...DEFAULTS, ...opts.resilience };

  const think = opts.think ?? false;
  const keepAlive = opts.keepAlive ?? '30m';
  const hosts: Host[] = opts.hosts.map((url) => ({
    url,
    label: displayUrl(url),
    chat: createOllamaChat({
      host: url,
      model: opts.chatModel,
      numCtx: opts.numCtx,
      firstTokenTimeoutMs: opts.firstTokenTimeoutMs,
      ...(opts.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: opts.stallTimeoutMs }),
      think,
      keepAlive,
    }),
    embedder: createOllamaEmbedder(createOllamaClient(url, opts.embedTimeoutMs), {
      host: displayUrl(url),
      model: opts.embedModel,
      keepAlive,
    }),
    breaker: createProbedBreaker({
      threshold: r.breakerThreshold,
      probeIntervalMs: r.probeIntervalMs,
      probe: () => probeOllama(url, r.probeIntervalMs),
      counts: (err) => err instanceof HostFailure,
      // After errors of Ollama itself (a 5xx, busy, no first token) only a real request can tell.
      probeCloses: (err) => err instanceof HostFailure && PROBE_CLOSES.has(err.error.code),
    }),
    inFlight: 0,
    lastError: undefined,
    lastErrorAt: undefined,
  }));
  const labels = hosts.map((h) => h.label);

  const rounds = retry(handleType(RoundFailed), {
    maxAttempts: r.retries,
    backoff: new ExponentialBackoff({ initialDelay: r.backoffMs, maxDelay: r.maxBackoffMs }),
  });

  const availability = (h: Host) => h.breaker.availability();

  let nextIndex = 0;
  /** A host due for its trial first, else the least in flight, ties in turn. */
  const pick = (exclude: Set<Host>): Host | undefined => {
    const usable = hosts.filter((h) => !exclude.has(h) && availability(h) !== 'out');
    const trial = usable.find((h) => availability(h) === 'trial');
    if (trial) return trial;
    if (usable.length === 0) return undefined;
    const least = Math.min(...usable.map((h) => h.inFlight));
    for (let i = 0; i < hosts.length; i++) {
      const index = (nextIndex + i) % hosts.length;
      const h = hosts[index];
      if (h !== undefined && h.inFlight === least && usable.includes(h)) {
        nextIndex = (index + 1) % hosts.length;
        return h;
      }
    }
    return undefined;
  };

  type Outcome<T> =
    | { ok: true; value: T }
    | { ok: false; kind: 'host' | 'missing'; error: AppError }
    | { ok: false; kind: 'skip' };

  async function attempt<T>(h: Host, req: Request, call: (h: Host) => Promise<T>): Promise<Outcome<T>> {
    h.inFlight++;
    try {
      const value = await h.breaker.execute(async () => {
        try {
          return await call(h);
        } catch (err) {
          if (verdict(err, req) === 'host') throw new HostFailure(err as AppError);
          throw err;
        }
      });
      return { ok: true, value };
    } catch (err) {
      if (err instanceof HostFailure) {
        h.lastError = shortReason(err.error);
        h.lastErrorAt = Date.now();
        return { ok: false, kind: 'host', error: err.error };
      }
      if (err instanceof BrokenCircuitError) return { ok: false, kind: 'skip' };
      if (err instanceof AppError && verdict(err, req) === 'missing') {
        return { ok: false, kind: 'missing', error: err };
      }
      throw err;
    } finally {
      h.inFlight--;
    }
  }

  /**
   * One round: each usable host at most once, moving on at once after a host failure, also one in
   * the middle of a streamed answer (which then starts over on the next host).
   */
  async function round<T>(req: Request, call: (h: Host) => Promise<T>): Promise<T> {
    const tried = new Set<Host>(req.missingOn);
    let failure: AppError | undefined;
    let missing: AppError | undefined;
    for (let h = pick(tried); h !== undefined; h = pick(tried)) {
      tried.add(h);
      const outcome = await attempt(h, req, call);
      if (outcome.ok) return outcome.value;
      if (outcome.kind === 'skip') continue;
      if (outcome.kind === 'missing') {
        req.missingOn.add(h);
        missing = outcome.error;
        continue;
      }
      if (req.signal?.aborted) throw outcome.error;
      failure = outcome.error;
    }
    if (failure === undefined && missing !== undefined) throw missing;
    if (failure?.code === 'OLLAMA_TIMEOUT') throw failure; // the whole wait is spent already
    throw new RoundFailed(failure ?? ollamaCircuitOpen(labels, r.probeIntervalMs));
  }

  async function run<T>(req: Request, call: (h: Host) => Promise<T>): Promise<T> {
    try {
      return await rounds.execute(() => round(req, call), req.signal);
    } catch (err) {
      throw err instanceof RoundFailed ? err.error : err;
    }
  }

  const newRequest = (signal?: AbortSignal): Request => ({ signal, streamed: false, missingOn: new Set() });

  const chat: ChatModel = {
    model: opts.chatModel,
    ...(hosts[0]?.chat.thinks === undefined ? {} : { thinks: hosts[0].chat.thinks }),
    chat(messages, o: ChatOptions = {}) {
      const req = newRequest(o.signal);
      const { onText, onRestart } = o;
      // An attempt after one whose text was shown starts the answer over: the caller hears of it
      // with the new attempt's first text, so nothing changes on screen when no host can answer.
      let restart = false;
      const options: ChatOptions = onText
        ? {
            ...o,
            onText: (text) => {
              if (restart) {
                restart = false;
                onRestart?.();
              }
              req.streamed = true;
              onText(text);
            },
          }
        : o;
      return run(req, (h) => {
        if (req.streamed) {
          req.streamed = false;
          restart = true;
        }
        return h.chat.chat(messages, options);
      });
    },
  };

  const embedder: Embedder = {
    model: opts.embedModel,
    embed: (texts, kind) => run(newRequest(), (h) => h.embedder.embed(texts, kind)),
  };

  const snapshot = (h: Host): HostSnapshot => {
    const breaker: BreakerState = h.breaker.state();
    return {
      url: h.label,
      inFlight: h.inFlight,
      breaker,
      ...(h.lastError !== undefined ? { lastError: h.lastError } : {}),
      ...(h.lastErrorAt !== undefined ? { lastErrorAt: h.lastErrorAt } : {}),
    };
  };

  async function check(h: Host, ms: number): Promise<HostHealth> {
    const wanted = [opts.chatModel, opts.embedModel];
    const base = snapshot(h);
    // A client per probe whose requests are aborted at `ms`, so a hung host leaves no socket behind.
    const peer = peerAddress(h.url);
    const client = new Ollama({
      host: peer.url,
      headers: peer.headers,
      fetch: withJsonErrors((input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) })),
    });
    const timedOut = new Error('probe timeout');
    try {
      // Only the model list decides; the version, loaded models and capabilities are extras some
      // servers lack (and the chat model may not be pulled).
      const [version, tags, ps, shown, embedShown] = await withTimeout(
        Promise.all([
          client.version().catch(() => ({ version: undefined })),
          client.list(),
          client.ps().catch(() => ({ models: [] })),
          client.show({ model: opts.chatModel }).catch(() => undefined),
          client.show({ model: opts.embedModel }).catch(() => undefined),
        ]),
        ms,
        () => timedOut,
      );
      const pulled = new Set(tags.models.map((m) => normaliseModelName(m.name)));
      // `expires_at` is typed Date but arrives as an ISO string.
      const until = (v: unknown) => {
        const t = Date.parse(String(v ?? ''));
        return Number.isFinite(t) ? t : undefined;
      };
      const loaded = new Map(ps.models.map((m) => [normaliseModelName(m.name), until(m.expires_at)]));
      const capabilities = (shown as { capabilities?: unknown } | undefined)?.capabilities;
      const thinks = Array.isArray(capabilities) ? capabilities.includes('thinking') : undefined;
      const dimension = embeddingLength(embedShown);
      return {
        ...base,
        reachable: 'ok',
        ...(version.version ? { version: version.version } : {}),
        models: wanted.map((name, i) => {
          const key = normaliseModelName(name);
          const t = loaded.get(key);
          return {
            name,
            present: pulled.has(key),
            loaded: loaded.has(key),
            ...(t === undefined ? {} : { loadedUntil: t }),
            ...(i === 0 && thinks !== undefined ? { thinks } : {}),
            ...(i === 1 && dimension !== undefined ? { dimension } : {}),
          };
        }),
        loaded: ps.models.map((m) => {
          const t = until(m.expires_at);
          return { name: m.name, ...(t === undefined ? {} : { until: t }) };
        }),
      };
    } catch (err) {
      const absent = wanted.map((name) => ({ name, present: false, loaded: false }));
      const e = ollamaError(err, { host: h.label, model: opts.chatModel });
      const reachable =
        err === timedOut || e.code === 'OLLAMA_TIMEOUT'
          ? 'timeout'
          : e.code === 'OLLAMA_UNREACHABLE'
            ? 'unreachable'
            : e.code === 'OLLAMA_UNAUTHORIZED'
              ? 'refused credentials'
              : `error (${e.code})`;
      return { ...base, reachable, models: absent };
    }
  }

  return {
    chat,
    embedder,
    hosts: () => hosts.map(snapshot),
    checkHosts: (ms) => Promise.all(hosts.map((h) => check(h, ms))),
    think,
    keepAlive,
  };
}
