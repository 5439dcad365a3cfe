import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Settings } from '../config';
import type { IndexerDeps } from './indexer';

/** The indexer's part of the settings, shared by `npm run index` and the schedule in `npm start`. */
export function indexerSettings(settings: Settings): IndexerDeps['settings'] {
  return {
    guildIds: settings.index.guildIds,
    channelIds: settings.index.channelIds,
    rescanHours: settings.index.rescanHours,
    embedBatchSize: settings.index.embedBatchSize,
    embedModel: settings.ollama.embedModel,
  };
}

/** The bot's user id without a request: a bot's application id is its user id, and so is the token's first part (base64). */
export function offlineBotUserId(settings: Settings): string | undefined {
  if (settings.discord.applicationId !== undefined) return settings.discord.applicationId;
  const first = settings.discord.botToken?.split('.')[0];
  if (first === undefined) return undefined;
  const decoded = Buffer.from(first, 'base64').toString('utf8');
  return /^\d{17,20}$/.test(decoded) ? decoded : undefined;
}

/** The bot's user id, asking Discord (`GET /users/@me`) only when the settings do not tell. */
export async function resolveBotUserId(settings: Settings, rest: REST): Promise<string> {
  const offline = offlineBotUserId(settings);
  if (offline !== undefined) return offline;
  const me = (await rest.get(Routes.user('@me'))) as { id: string };
  return me.id;
}
