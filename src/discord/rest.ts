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
