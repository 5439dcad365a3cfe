/**
 * What a 404 on an interaction's webhook routes means depends on when it comes.
 *
 * - Right after the deferral Discord may not know the token yet: 404 Unknown Webhook (10015) or
 *   Unknown Message (10008) for a moment (a known race). Until one request of a token succeeded, a
 *   404 is retried for a few seconds before the token is given up.
 * - Once a request of the token succeeded, 404 Unknown Message (10008) on `@original` means the
 *   member deleted the reply, and Unknown Webhook (10015) that the token is dead: the answer ends
 *   quietly, and nothing more is sent with that token. 10008 on a follow-up means that message alone
 *   is gone (an ephemeral one dismissed, or deleted).
 *
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
 */
import { DiscordAPIError } from '@discordjs/rest';
import { sleep } from '../async';
import type { InteractionReplier } from './replies';

export const UNKNOWN_MESSAGE = 10008;
export const UNKNOWN_WEBHOOK = 10015;

/** Why an interaction's reply can no longer be written to. */
export type GoneReason =
  /** The member deleted the bot's reply (or the follow-up being written to). */
  | 'reply_deleted'
  /** Discord no longer (or never) knew the token: Unknown Webhook after it worked, or 404s past the race. */
  | 'token_dead';

/** The reply is gone: the answer ends without another word; the job's outcome is `reason`. */
export class ReplyGone extends Error {
  override name = 'ReplyGone';
  constructor(
    readonly reason: GoneReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The `ReplyGone` in `err` (itself or a cause), if any. */
export function replyGoneOf(err: unknown): ReplyGone | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof ReplyGone) return e;
  }
  return undefined;
}

/** Discord's JSON code of a 404 Unknown Message or Unknown Webhook, else undefined. */
export function unknownTargetCode(err: unknown): number | undefined {
  if (!(err instanceof DiscordAPIError) || err.status !== 404) return undefined;
  return err.code === UNKNOWN_MESSAGE || err.code === UNKNOWN_WEBHOOK ? err.code : undefined;
}

export interface TokenGuardOptions {
  /** How long 404s of a token that never worked are retried after the first (ms; default 5000). */
  raceWindowMs?: number;
  /** First wait between those retries (ms; doubles; default 250). */
  firstRetryMs?: number;
  now?: () => number;
}

interface TokenState {
  /** A request of this token succeeded. */
  confirmed: boolean;
  /** Set once the token is given up: every later call throws it without a request. */
  gone: ReplyGone | undefined;
  seenAt: number;
}

/** Discord's interaction tokens live 15 minutes; a token's state is kept a little longer. */
const KEEP_MS = 16 * 60_000;

/**
 * `replier` with the 404 rules above, per token: retries a fresh token's 404s for `raceWindowMs`,
 * turns a 404 after the token worked (or past the race) into {@link ReplyGone}, and after a
 * `ReplyGone` for the token (not for one follow-up) sends nothing more with it.
 */
export function guardTokens(replier: InteractionReplier, opts: TokenGuardOptions = {}): InteractionReplier {
  const { raceWindowMs = 5_000, firstRetryMs = 250, now = Date.now } = opts;
  const tokens = new Map<string, TokenState>();
  let prunedAt = now();
  const stateOf = (token: string): TokenState => {
    const t = now();
    if (t - prunedAt > 60_000) {
      prunedAt = t;
      for (const [k, s] of tokens) if (t - s.seenAt > KEEP_MS) tokens.delete(k);
    }
    let s = tokens.get(token);
    if (s === undefined) {
      s = { confirmed: false, gone: undefined, seenAt: t };
      tokens.set(token, s);
    }
    return s;
  };

  async function guarded<T>(token: string, target: string, call: () => Promise<T>): Promise<T> {
    const s = stateOf(token);
    if (s.gone) throw s.gone;
    let raceUntil: number | undefined;
    for (let wait = firstRetryMs; ; wait *= 2) {
      try {
        const value = await call();
        s.confirmed = true;
        return value;
      } catch (err) {
        const code = unknownTargetCode(err);
        if (code === undefined) throw err;
        if (s.gone) throw s.gone;
        if (!s.confirmed) {
          // The deferral may not have reached Discord's webhook routes yet: ask again shortly.
          raceUntil ??= now() + raceWindowMs;
          const left = raceUntil - now();
          if (left > 0) {
            await sleep(Math.min(wait, left));
            continue;
          }
        }
        const gone =
          code === UNKNOWN_WEBHOOK
            ? new ReplyGone(
                'token_dead',
                `Discord does not know this interaction's webhook (404 Unknown Webhook on ${target})`,
                { cause: err },
              )
            : new ReplyGone(
                'reply_deleted',
                `the reply was deleted (404 Unknown Message on ${target}${s.confirmed ? '' : `, still after ${raceWindowMs} ms`})`,
                { cause: err },
              );
        // A follow-up that is gone says nothing about the token: other follow-ups still work.
        if (target === '@original' || code === UNKNOWN_WEBHOOK || !s.confirmed) s.gone = gone;
        throw gone;
      }
    }
  }

  return {
    editOriginal: (token, body) => guarded(token, '@original', () => replier.editOriginal(token, body)),
    editFollowUp: (token, id, body) =>
      guarded(token, `follow-up ${id}`, () => replier.editFollowUp(token, id, body)),
    followUp: (token, body) => guarded(token, 'a new follow-up', () => replier.followUp(token, body)),
    deleteFollowUp: (token, id) => guarded(token, `follow-up ${id}`, () => replier.deleteFollowUp(token, id)),
  };
}
