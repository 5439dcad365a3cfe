import { DefaultRestOptions, REST, type RESTOptions } from '@discordjs/rest';
import { sleep } from '../async';

type MakeRequest = RESTOptions['makeRequest'];

/**
 * A POST that went out but whose outcome Discord never confirmed (a timeout, a reset connection,
 * a 5xx): the message may or may not exist now, so it is not sent again. Carries no token.
 */
export class UnconfirmedPostError extends Error {
  override name = 'UnconfirmedPostError';
  constructor(
    /** The route with any webhook or interaction token replaced by `:token`. */
    readonly route: string,
    /** What happened instead of a confirmation, e.g. "HTTP 500" or "no answer in time". */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `POST ${route}: ${reason}; it may or may not have been processed, so it was not sent again`,
      options,
    );
  }
}

/** Errors raised before a byte of the request left this machine: sending again cannot duplicate it. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** `/webhooks/{app}/{token}…` and `/interactions/{id}/{token}/…` without their token. */
function redactedRoute(url: string): string {
  const path = new URL(url).pathname;
  return path.replace(/\/(webhooks|interactions)\/(\d+)\/[^/]+/, '/$1/$2/:token');
}

/**
 * Wraps @discordjs/rest's `makeRequest` so that POSTs (not idempotent: a follow-up sent twice is
 * posted twice) leave the library's blind retries: a timeout, a reset connection or a 5xx after
 * sending becomes an {@link UnconfirmedPostError}, which the library does not retry. Only a POST
 * that provably never reached Discord (connection refused, DNS failure, connect timeout) is sent
 * again, up to `retries` times with doubling waits from `backoffMs`. Responses with 429 pass
 * through: the library waits for the rate limit, and Discord did not process the request.
 * Other methods are left to the library's retries (GET, PUT, PATCH and DELETE are idempotent).
 * https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit
 */
export function postSafeMakeRequest(
  base: MakeRequest = DefaultRestOptions.makeRequest,
  { retries = 3, backoffMs = 250 }: { retries?: number; backoffMs?: number } = {},
): MakeRequest {
  return async (url, init) => {
    if ((init.method ?? 'GET').toUpperCase() !== 'POST') return base(url, init);
    for (let attempt = 0; ; attempt++) {
      let res: Awaited<ReturnType<MakeRequest>>;
      try {
        res = await base(url, init);
      } catch (err) {
        const code = errorCode(err);
        if (code !== undefined && NEVER_SENT.has(code)) {
          if (attempt >= retries || init.signal?.aborted) throw err;
          await sleep(backoffMs * 2 ** attempt, init.signal ?? undefined);
          if (init.signal?.aborted) throw err;
          continue;
        }
        // The name and message avoid "AbortError" and "ECONNRESET", which the library retries.
        const reason =
          err instanceof Error && err.name === 'AbortError'
            ? 'no answer in time'
            : code === 'ECONNRESET'
              ? 'connection reset'
              : 'connection lost';
        throw new UnconfirmedPostError(redactedRoute(url), reason, { cause: err });
      }
      if (res.status >= 500) {
        await res.arrayBuffer().catch(() => undefined); // free the connection
        throw new UnconfirmedPostError(redactedRoute(url), `HTTP ${res.status}`);
      }
      return res;
    }
  };
}

/**
 * The one REST client of a process. Webhook (interaction token) routes are sent with `auth: false`,
 * so a process without a bot token can still answer, and a 401 there never clears the bot token.
 * POSTs are never retried blindly (see {@link postSafeMakeRequest}); `timeoutMs` is per attempt.
 */
export function createRest(opts: {
  apiUrl: string;
  botToken?: string | undefined;
  timeoutMs?: number;
}): REST {
  const rest = new REST({
    version: '10',
    api: opts.apiUrl,
    timeout: opts.timeoutMs ?? 15_000,
    retries: 3,
    makeRequest: postSafeMakeRequest(),
  });
  if (opts.botToken) rest.setToken(opts.botToken);
  return rest;
}

/**
 * The REST client for interaction replies (token webhook routes). Discord exempts these routes
 * from the 50 requests/s global limit, which @discordjs/rest would otherwise apply to them too, so
 * a burst of answers would queue behind it; per-route buckets and 429s are still honoured.
 * Edits (PATCH) are retried on timeouts and 5xx; follow-ups (POST) are not (see
 * {@link postSafeMakeRequest}). `timeoutMs` is per attempt.
 * https://discord.com/developers/docs/topics/rate-limits#global-rate-limit
 */
export function createInteractionRest(opts: { apiUrl: string; timeoutMs?: number }): REST {
  return new REST({
    version: '10',
    api: opts.apiUrl,
    timeout: opts.timeoutMs ?? 15_000,
    retries: 3,
    globalRequestsPerSecond: Number.MAX_SAFE_INTEGER,
    makeRequest: postSafeMakeRequest(),
  });
}
