import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type { Settings } from '../config';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { connectChroma, type LocalChroma } from '../vector/local-server';
import { openVectorIndex, type VectorIndex } from '../vector/store';
import type { IndexerSettings } from './indexer';

/** The indexer's part of the settings, shared by `npm run index` and the schedule in `npm start`. */
export function indexerSettings(settings: Settings): IndexerSettings {
  return {
    guildIds: settings.index.guildIds,
    channelIds: settings.index.channelIds,
    rescanHours: settings.index.rescanHours,
    retentionDays: settings.index.retentionDays,
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

/**
 * The bot's user id, asking Discord only when the settings do not tell.
 * @see https://discord.com/developers/docs/resources/user#get-current-user
 */
export async function resolveBotUserId(settings: Settings, rest: REST): Promise<string> {
  const offline = offlineBotUserId(settings);
  if (offline !== undefined) return offline;
  const me = (await rest.get(Routes.user('@me'))) as { id: string };
  return me.id;
}

/**
 * A vector index that is down: every call rejects with CHROMA_UNREACHABLE and `reason`. Used when
 * the local Chroma server cannot be started, so that a run still stores messages (a later run
 * embeds them) instead of failing before it reads anything.
 */
export function unavailableVectors(url: string, reason: string): VectorIndex {
  const down = async (): Promise<never> => {
    throw new AppError('CHROMA_UNREACHABLE', reason, errorText.sentence('chromaUnreachable'));
  };
  return {
    url,
    collectionName: (guildId) => `unavailable.${guildId}`,
    upsert: down,
    delete: down,
    query: down,
    nearest: down,
    count: down,
    existing: down,
    dropGuild: down,
    heartbeat: down,
  };
}

/**
 * The vector index a command-line tool uses: through CHROMA_URL, or the local Chroma of a running
 * `npm start` on the same DATA_DIR, or one started for the tool (stopped by `chroma.stop()`). When
 * none can be reached, an index whose every call fails with that reason, so that the tool still
 * does its store-side work and says what is pending.
 */
export async function connectToolVectors(
  settings: Settings,
): Promise<{ vectors: VectorIndex; chroma: LocalChroma | undefined }> {
  let chroma: LocalChroma | undefined;
  try {
    chroma = await connectChroma(settings.chroma.url, settings.dataDir);
    const vectors = await openVectorIndex({
      url: chroma.url,
      collectionPrefix: settings.chroma.collection,
      model: settings.ollama.embedModel,
      timeoutMs: settings.chroma.timeoutMs,
    });
    return { vectors, chroma };
  } catch (err) {
    return {
      chroma,
      vectors: unavailableVectors(
        settings.chroma.url ?? 'the local Chroma server',
        `Chroma cannot be reached: ${err instanceof Error ? err.message : String(err)}`,
      ),
    };
  }
}
