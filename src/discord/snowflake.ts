/**
 * Snowflake ids: bits 63–22 are milliseconds since the Discord epoch.
 * @see https://discord.com/developers/docs/reference#snowflakes
 */

export const DISCORD_EPOCH_MS = 1420070400000;

const EPOCH = BigInt(DISCORD_EPOCH_MS);
const SNOWFLAKE_PATTERN = /^\d{1,20}$/;

// BigInt('') and BigInt(' 1 ') both succeed, so ids are checked before conversion.
function toBigInt(id: string): bigint {
  if (!SNOWFLAKE_PATTERN.test(id)) throw new RangeError(`not a snowflake: ${JSON.stringify(id)}`);
  return BigInt(id);
}

/** Creation time of an id, in ms since the Unix epoch. */
export function snowflakeToMs(id: string): number {
  return Number((toBigInt(id) >> 22n) + EPOCH);
}

/** The smallest id at `ms`, usable as an `after`/`before` cursor; times before the Discord epoch give "0". */
export function msToSnowflake(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${ms}`);
  const offset = BigInt(Math.floor(ms)) - EPOCH;
  return offset <= 0n ? '0' : (offset << 22n).toString();
}

/** Orders ids numerically (-1, 0 or 1); strings of different lengths must never be compared as text. */
export function compareSnowflakes(a: string, b: string): number {
  const x = toBigInt(a);
  const y = toBigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The numerically largest id, or undefined when there are none. */
export function maxSnowflake(ids: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestValue = -1n;
  for (const id of ids) {
    const value = toBigInt(id);
    if (value > bestValue) {
      best = id;
      bestValue = value;
    }
  }
  return best;
}

/** A message's jump link; for a message in a thread pass the thread id as `channelId`. */
export function jumpLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}
