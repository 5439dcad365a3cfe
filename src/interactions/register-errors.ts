import { DiscordAPIError, HTTPError, type REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';

/** Bot permissions the invite asks for: View Channels (1 << 10) and Read Message History (1 << 16). */
export const INVITE_PERMISSIONS = String((1n << 10n) | (1n << 16n));

/**
 * The invite link with the scopes the bot needs (`bot` to read channels, `applications.commands`
 * for its commands) and the permissions the indexer reads with.
 * @see https://discord.com/developers/docs/topics/oauth2#bot-authorization-flow
 */
export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot+applications.commands&permissions=${INVITE_PERMISSIONS}`;
}

interface RegisterContext {
  rest: REST;
  applicationId: string;
  guildId: string | undefined;
  apiUrl: string;
}

/** The application the bot token belongs to, or undefined when Discord does not say. */
async function tokenApplication(rest: REST): Promise<string | undefined> {
  try {
    const app = (await rest.get(Routes.currentApplication())) as { id?: unknown };
    return typeof app.id === 'string' ? app.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns a failure of the bulk overwrite into the one line an admin acts on: which setting to
 * check, or which invite to use. 401 is the token; 403 Missing Access (50001) is either an
 * application id that is not the token's application (asked of Discord with Get Current
 * Application) or, for guild commands, a bot invited without the `applications.commands` scope.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 * @see https://discord.com/developers/docs/resources/application#get-current-application
 */
export async function explainRegisterError(err: unknown, ctx: RegisterContext): Promise<string> {
  const { applicationId, guildId } = ctx;
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    const code = err instanceof DiscordAPIError ? err.code : undefined;
    const text = err.message
      .replace(/^\d{3}:\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const said = `${err.status}${text ? ` ${text}` : ''}${code !== undefined && code !== 0 ? `, code ${code}` : ''}`;
    if (err.status === 401)
      return `Discord refused the bot token (${said}): DISCORD_BOT_TOKEN is wrong or was reset; copy it again from the Developer Portal (your application → Bot → Reset Token), the token alone without "Bot " in front.`;
    if (err.status === 403 || code === 50001) {
      const owner = await tokenApplication(ctx.rest);
      if (owner !== undefined && owner !== applicationId)
        return `Discord refused (${said}): DISCORD_APPLICATION_ID is ${applicationId}, but the bot token belongs to application ${owner}; set DISCORD_APPLICATION_ID=${owner} (Developer Portal → General Information → Application ID).`;
      if (guildId !== undefined)
        return `Discord refused (${said}) in server ${guildId}: the bot is not in that server with the applications.commands scope, or DISCORD_GUILD_ID is not that server's id; invite it with the scopes "bot applications.commands": ${inviteUrl(applicationId)} , then run npm run register again.`;
      return `Discord refused (${said}): check that DISCORD_APPLICATION_ID (${applicationId}) is the Application ID of the application whose bot token is DISCORD_BOT_TOKEN (Developer Portal → General Information).`;
    }
    if (code === 10004 || (err.status === 404 && guildId !== undefined && code !== 10002))
      return `Discord does not know server ${guildId} (${said}): DISCORD_GUILD_ID must be the id of a server the bot is in (Developer Mode on, then right-click the server → Copy Server ID).`;
    if (code === 10002 || err.status === 404)
      return `Discord does not know application ${applicationId} (${said}): copy DISCORD_APPLICATION_ID again from the Developer Portal (General Information → Application ID).`;
    return `Discord answered ${said}; the commands were not registered.`;
  }
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const reason =
    typeof cause?.code === 'string' ? cause.code : err instanceof Error ? err.message : String(err);
  return `could not reach Discord at ${ctx.apiUrl} (${reason}): check this machine's network${ctx.apiUrl === 'https://discord.com/api' ? '' : ' and DISCORD_API_URL'}.`;
}
