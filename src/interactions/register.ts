import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type { RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import { commands } from './definitions';
import { localizeCommands } from './localize';

/**
 * Bulk-overwrites the application's commands, localized for every catalogue locale: in one guild
 * (instant) when `guildId` is given, globally otherwise. https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId?: string,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: localizeCommands(commands) })) as RESTPutAPIApplicationCommandsResult;
}
