import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleType,
  retry,
} from 'cockatiel';
import { Ollama } from 'ollama';
import { withTimeout } from '../async';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { displayUrl, peerAddress } from '../net/url-credentials';
import { truncate } from '../text/cut';
import { normaliseModelName } from '../vector/store';
import { type ChatModel, type ChatOptions, createOllamaChat } from './chat';
import { createOllamaEmbedder, type Embedder } from './embedder';
import { isInputRejected, ollamaError } from './errors';
import { createOllamaClient, withJsonErrors } from './ollama';

/**
 * Several Ollama hosts behind one ChatModel and one Embedder. Each request goes to the healthy host
 * with the least work in flight; a failing host is taken out by its own circuit breaker and the
 * request moves on. Resilience comes from cockatiel 3 (retry with exponential backoff, and a
 * `ConsecutiveBreaker` per host): chosen over opossum (10 needs Node 22, and is one breaker per
 * function without retries) and over keeping our hand-written breaker; cockatiel 4 needs Node 22.
 */

export interface ResilienceOptions {
  /** Rounds after the first when every host failed or was out; each round tries each usable host once. */
  retries: number;
  /** First wait between rounds (ms); grows exponentially with jitter up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Consecutive host failures that open a host's circuit. */
  breakerThreshold: number;
  /** How long an open circuit keeps its host out before one trial request (ms). */
  breakerOpenMs: number;
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
  loaded: boolean;
}

/** A host's live check: the snapshot plus what the host itself says. */
export interface HostHealth extends HostSnapshot {
  /** `ok`, `unreachable`, `timeout`, `refused credentials` (401/403 from a proxy) or `error (CODE)`. */
  reachable: string;
  version?: string;
  /** The chat model, then the embedding model. */
  models: ModelState[];
}

export interface OllamaPool {
  /** Streams one answer on the best host; never retried once text reached `onText`. */
  readonly chat: ChatModel;
  /** Embeds on the best host; a rejected input is not retried. */
  readonly embedder: Embedder;
  /** Every host's URL, in-flight count, breaker state and last error, in configured order. */
  hosts(): HostSnapshot[];
  /** Probes every host at once (version, pulled and loaded models); each answers within `ms`. */
  checkHosts(ms: number): Promise<HostHealth[]>;
}

const DEFAULTS: ResilienceOptions = {
  retries: 2,
  backoffMs: 300,
  maxBackoffMs: 5000,
  breakerThreshold: 5,
  breakerOpenMs: 30_000,
};

interface Host {
  readonly url: string;
  readonly label: string;
  readonly chat: ChatModel;
  readonly embedder: Embedder;
  readonly breaker: CircuitBreakerPolicy;
  inFlight: number;
  openedAt: number;
  lastError: string | undefined;
  lastErrorAt: number | undefined;
}

/** One request's state across its attempts. */
interface Request {
  signal: AbortSignal | undefined;
  /** Text has reached the caller: a retry would restart the answer. */
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
export function ollamaCircuitOpen(hosts: string[], openMs: number): AppError {
  const where = hosts.length === 1 ? `Ollama at ${hosts[0]}` : `Every Ollama host (${hosts.join(', ')})`;
  return new AppError(
    'OLLAMA_UNREACHABLE',
    `${where} failed repeatedly; calls are paused for ${Math.round(openMs / 1000)} s (circuit open).`,
    errorText.sentence('ollamaCircuitOpen'),
  );
}

/** Builds the pool: per host a chat model, an embedder and a breaker; no request is sent yet. */
export function createOllamaPool(opts: OllamaPoolOptions): OllamaPool {
  if (opts.hosts.length === 0) throw new Error('createOllamaPool needs at least one host');
  const r: ResilienceOptions = { ...DEFAULTS, ...opts.resilience };

  const hosts: Host[] = opts.hosts.map((url) => {
    const breaker = circuitBreaker(handleType(HostFailure), {
      halfOpenAfter: r.breakerOpenMs,
      breaker: new ConsecutiveBreaker(r.breakerThreshold),
    });
    const host: Host = {
      url,
      label: displayUrl(url),
      chat: createOllamaChat({
        host: url,
        model: opts.chatModel,
        numCtx: opts.numCtx,
        firstTokenTimeoutMs: opts.firstTokenTimeoutMs,
      }),
      embedder: createOllamaEmbedder(createOllamaClient(url, opts.embedTimeoutMs), {
        host: displayUrl(url),
        model: opts.embedModel,
      }),
      breaker,
      inFlight: 0,
      openedAt: 0,
      lastError: undefined,
      lastErrorAt: undefined,
    };
    // cockatiel stamps its own open time with Date.now() as well; ours tells when a trial is due.
    breaker.onBreak(() => {
      host.openedAt = Date.now();
    });
    return host;
  });
  const labels = hosts.map((h) => h.label);

  const rounds = retry(handleType(RoundFailed), {
    maxAttempts: r.retries,
    backoff: new ExponentialBackoff({ initialDelay: r.backoffMs, maxDelay: r.maxBackoffMs }),
  });

  const availability = (h: Host, now: number): 'ok' | 'trial' | 'out' => {
    switch (h.breaker.state) {
      case CircuitState.Closed:
        return 'ok';
      case CircuitState.Open:
        return now - h.openedAt >= r.breakerOpenMs ? 'trial' : 'out';
      default:
        // Half-open: its one trial is running (cockatiel would queue us behind it). Isolated: held out.
        return 'out';
    }
  };

  let nextIndex = 0;
  /** A host due for its trial first, else the least in flight, ties in turn. */
  const pick = (exclude: Set<Host>): Host | undefined => {
    const now = Date.now();
    const usable = hosts.filter((h) => !exclude.has(h) && availability(h, now) !== 'out');
    const trial = usable.find((h) => availability(h, now) === 'trial');
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

  /** One round: each usable host at most once, moving on at once after a host failure. */
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
      // Once text reached the user, another attempt would restart the answer.
      if (req.streamed || req.signal?.aborted) throw outcome.error;
      failure = outcome.error;
    }
    if (failure === undefined && missing !== undefined) throw missing;
    if (failure?.code === 'OLLAMA_TIMEOUT') throw failure; // the whole wait is spent already
    throw new RoundFailed(failure ?? ollamaCircuitOpen(labels, r.breakerOpenMs));
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
    chat(messages, o: ChatOptions = {}) {
      const req = newRequest(o.signal);
      const onText = o.onText;
      const options: ChatOptions = onText
        ? {
            ...o,
            onText: (text) => {
              req.streamed = true;
              onText(text);
            },
          }
        : o;
      return run(req, (h) => h.chat.chat(messages, options));
    },
  };

  const embedder: Embedder = {
    model: opts.embedModel,
    embed: (texts, kind) => run(newRequest(), (h) => h.embedder.embed(texts, kind)),
  };

  const snapshot = (h: Host, now: number): HostSnapshot => {
    const a = availability(h, now);
    // cockatiel turns Open into HalfOpen only when a call arrives; an elapsed open period is half-open too.
    const breaker: BreakerState =
      a === 'ok'
        ? 'closed'
        : a === 'trial' || h.breaker.state === CircuitState.HalfOpen
          ? 'half-open'
          : 'open';
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
    const base = snapshot(h, Date.now());
    // A client per probe whose requests are aborted at `ms`, so a hung host leaves no socket behind.
    const peer = peerAddress(h.url);
    const client = new Ollama({
      host: peer.url,
      headers: peer.headers,
      fetch: withJsonErrors((input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) })),
    });
    const timedOut = new Error('probe timeout');
    try {
      // Only the model list decides; the version and loaded models are extras some servers lack.
      const [version, tags, ps] = await withTimeout(
        Promise.all([
          client.version().catch(() => ({ version: undefined })),
          client.list(),
          client.ps().catch(() => ({ models: [] })),
        ]),
        ms,
        () => timedOut,
      );
      const pulled = new Set(tags.models.map((m) => normaliseModelName(m.name)));
      const loaded = new Set(ps.models.map((m) => normaliseModelName(m.name)));
      return {
        ...base,
        reachable: 'ok',
        ...(version.version ? { version: version.version } : {}),
        models: wanted.map((name) => ({
          name,
          present: pulled.has(normaliseModelName(name)),
          loaded: loaded.has(normaliseModelName(name)),
        })),
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
    hosts: () => {
      const now = Date.now();
      return hosts.map((h) => snapshot(h, now));
    },
    checkHosts: (ms) => Promise.all(hosts.map((h) => check(h, ms))),
  };
}
