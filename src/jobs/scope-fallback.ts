import { describeError } from '../errors';
import type { Logger } from '../log';

/** @discordjs/rest's error for a bot route without a token. */
const NO_TOKEN = /Expected token to be set/i;

let saidNoToken = false;

/**
 * Logs why a question searched only the channel it was asked in. Without a bot token that is the
 * same every time, and the start-up warning already said what it costs: logged once per process.
 * Discord failing is news each time.
 */
export function logScopeFallback(log: Logger, err: unknown): void {
  if (NO_TOKEN.test(describeError(err))) {
    if (saidNoToken) return;
    saidNoToken = true;
    log.warn('DISCORD_BOT_TOKEN is not set: answers search only the channel they are asked in (said once)');
    return;
  }
  log.warn(
    { err: describeError(err) },
    'guild permissions unavailable (Discord failing?); searching the asked channel only',
  );
}
