import { REST } from '@discordjs/rest';

/**
 * The one REST client of a process. Webhook (interaction token) routes are sent with `auth: false`,
 * so a process without a bot token can still answer, and a 401 there never clears the bot token.
 */
export function createRest(opts: {
  apiUrl: string;
  botToken?: string | undefined;
  timeoutMs?: number;
}): REST {
  const rest = new REST({ version: '10', api: opts.apiUrl, timeout: opts.timeoutMs ?? 15_000, retries: 3 });
  if (opts.botToken) rest.setToken(opts.botToken);
  return rest;
}

/**
 * The REST client for interaction replies (token webhook routes). Discord exempts these routes
 * from the 50 requests/s global limit, which @discordjs/rest would otherwise apply to them too, so
 * a burst of answers would queue behind it; per-route buckets and 429s are still honoured.
 * https://discord.com/developers/docs/topics/rate-limits#global-rate-limit
 */
export function createInteractionRest(opts: { apiUrl: string; timeoutMs?: number }): REST {
  return new REST({
    version: '10',
    api: opts.apiUrl,
    timeout: opts.timeoutMs ?? 15_000,
    retries: 3,
    globalRequestsPerSecond: Number.MAX_SAFE_INTEGER,
  });
}
