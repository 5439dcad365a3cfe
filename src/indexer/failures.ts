import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { untilAborted } from '../async';
import { AppError, describeError } from '../errors';
import { isTransient as isTransientOllama } from '../llm/errors';

/**
 * What a failed Discord call means for the crawl of one channel.
 * - `gone`: the channel no longer exists (404, code 10003): flag it and its messages deleted.
 * - `no-access`: the bot cannot read it (403, codes 50001/50013): report it and go on.
 * - `transient`: 5xx, timeouts, dropped connections: worth another try.
 * - `fatal`: the bot token was rejected (401): no other call can work either.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export type DiscordFailure = 'gone' | 'no-access' | 'transient' | 'fatal' | 'other';

/** What a failed Discord call means (see {@link DiscordFailure}). */
export function classifyDiscordError(err: unknown): DiscordFailure {
  if (err instanceof DiscordAPIError) {
    if (err.status === 401) return 'fatal';
    if (err.status === 404 && (err.code === 10003 || err.code === 10004)) return 'gone';
    if (err.status === 403) return 'no-access';
    if (err.status >= 500 || err.status === 408) return 'transient';
    return 'other';
  }
  if (err instanceof HTTPError) return err.status >= 500 || err.status === 408 ? 'transient' : 'other';
  if (err instanceof Error) {
    // @discordjs/rest raises the fetch's own errors after its retries: timeouts and dropped sockets.
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return 'transient';
    if (
      /fetch failed|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|other side closed/i.test(
        err.message,
      )
    ) {
      return 'transient';
    }
    const cause = (err as { cause?: unknown }).cause;
    if (
      cause instanceof Error &&
      /ECONN|ETIMEDOUT|EAI_AGAIN|socket/i.test(
        `${cause.message} ${String((cause as { code?: unknown }).code)}`,
      )
    ) {
      return 'transient';
    }
  }
  return 'other';
}

/** One line for the summary and `channels.last_error`: status, Discord code and message. */
export function describeDiscordError(err: unknown): string {
  if (err instanceof DiscordAPIError) {
    const hint =
      err.status === 403
        ? ': the bot lacks View Channel or Read Message History here'
        : err.status === 404
          ? ': not found'
          : '';
    return `${err.status} ${err.message} (code ${err.code})${hint}`;
  }
  if (err instanceof HTTPError) return `${err.status} ${err.message}`;
  return describeError(err);
}

/** Thrown when the run was asked to stop; the run ends 'failed' with error 'stopped'. */
export class StoppedError extends Error {
  override name = 'StoppedError';
  constructor(reason = 'stopped') {
    super(reason);
  }
}

/** A failure that ends the whole run, not just one channel. */
export class FatalRunError extends Error {
  override name = 'FatalRunError';
}

/** The Discord token itself was refused: stop the whole run with a line that says what to fix. */
export function fatalDiscordError(err: unknown): FatalRunError {
  return new FatalRunError(
    `Discord rejected DISCORD_BOT_TOKEN (${describeDiscordError(err)}); check the token.`,
    {
      cause: err,
    },
  );
}

/** Stops and fatal errors pass through per-channel error handling untouched. */
export function endsRun(err: unknown): boolean {
  return err instanceof StoppedError || err instanceof FatalRunError;
}

/**
 * Whether a failed call on a guild's own routes means the bot is no longer in that guild (or the
 * guild is gone): 403 Missing Access (code 50001) or 404 Unknown Guild (code 10004).
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export function isGuildUnreachable(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.status === 403 || err.status === 404);
}

/**
 * Ollama or Chroma cannot embed right now (down, timing out, model missing, failing): the run
 * still stores what it reads and leaves the embedding to a later run.
 */
export function isEmbedUnavailable(err: unknown): boolean {
  return (
    err instanceof AppError &&
    (err.code.startsWith('OLLAMA_') ||
      err.code.startsWith('CHROMA_') ||
      err.code === 'VECTOR_DIMENSION_MISMATCH')
  );
}

/** Ollama or Chroma failures that may pass: the server restarting, a full queue, a timeout. */
export function isTransientDependency(err: unknown): boolean {
  if (!(err instanceof AppError)) return false;
  return (
    isTransientOllama(err) ||
    err.code === 'OLLAMA_TIMEOUT' ||
    err.code === 'CHROMA_UNREACHABLE' ||
    err.code === 'CHROMA_TIMEOUT'
  );
}

/** The operator's line for a run that failed. */
export function runErrorMessage(err: unknown): string {
  if (err instanceof StoppedError) return err.message;
  if (err instanceof AppError) return err.message;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/**
 * Calls `f` until it succeeds, retrying `isRetryable` failures up to `retries` times with doubling
 * waits from `baseMs`. The wait ends early (and the last error is thrown) when `signal` aborts.
 */
export async function withRetry<T>(
  f: () => Promise<T>,
  opts: {
    retries: number;
    baseMs: number;
    isRetryable: (err: unknown) => boolean;
    signal?: AbortSignal | undefined;
  },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await f();
    } catch (err) {
      if (attempt >= opts.retries || !opts.isRetryable(err) || opts.signal?.aborted) throw err;
      await pause(opts.baseMs * 2 ** attempt, opts.signal);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts; leaves no listener behind on the long-lived signal. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `f` with a signal of its own that follows `signal`. @discordjs/rest never removes the abort
 * listener it adds to a request's signal, so handing it the run's signal would pile up one
 * listener per page for the whole run.
 */
export async function withLinkedSignal<T>(
  signal: AbortSignal,
  f: (s: AbortSignal) => Promise<T>,
): Promise<T> {
  const own = new AbortController();
  const forward = () => own.abort(signal.reason);
  if (signal.aborted) own.abort(signal.reason);
  else signal.addEventListener('abort', forward, { once: true });
  try {
    // @discordjs/rest waits out a 429's retry-after without looking at the signal: stop waiting here.
    return await untilStopped(f(own.signal), signal);
  } finally {
    signal.removeEventListener('abort', forward);
  }
}

/**
 * `work`, or a StoppedError as soon as `signal` aborts, for calls that do not stop themselves (a
 * rate-limit wait inside @discordjs/rest, an embedding request without a signal). What was left
 * running ends on its own; its result is ignored.
 */
export function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return untilAborted(work, signal, () => new StoppedError());
}
