/**
 * The pieces every first answer to an interaction is made of, shared by the dispatcher and the
 * parts that route through it (`/settings`, the help-channel buttons). Nothing here is slow.
 */
import {
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  InteractionResponseType,
  type InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import { commonText } from '../i18n/messages/common';
import type { EnqueueResult, JobKind } from '../queue/types';

/** A first answer, and its outcome for the interactions metric. */
export interface Reply {
  response: APIInteractionResponse;
  outcome: string;
}

/** A message only the member sees (type 4, flags 64), pinging no one. */
export const ephemeral = (content: string, extra: Record<string, unknown> = {}): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] }, ...extra },
});

/** "Thinking…" (type 5), ephemeral or not: the worker edits the reply later. */
export const deferred = (isEphemeral: boolean): APIInteractionResponse => ({
  type: InteractionResponseType.DeferredChannelMessageWithSource,
  ...(isEphemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
});

/** An interaction in a guild: with a guild id and the member who sent it. */
export type GuildInteraction = Exclude<APIInteraction, { type: InteractionType.Ping }> & {
  guild_id: string;
  member: NonNullable<APIChatInputApplicationCommandInteraction['member']>;
};

/**
 * Records a job for the interaction being answered (its id, token and member); undefined when the
 * queue could not be written (the caller says so in one sentence).
 */
export type QueueJob = (kind: JobKind, payload: object) => Promise<EnqueueResult | undefined>;

/** In English; members read it in their own language (the common catalogue). */
export const QUEUE_DOWN = commonText.source.queueDown;

/**
 * The deferred ephemeral reply of a quick job, or one sentence (in `locale`) when it could not be
 * queued.
 */
export async function deferQuick(
  queue: QueueJob,
  kind: JobKind,
  payload: object,
  locale: string | undefined,
): Promise<Reply> {
  const result = await queue(kind, payload);
  if (result === undefined)
    return { response: ephemeral(commonText.format(locale, 'queueDown')), outcome: 'queue_down' };
  return { response: deferred(true), outcome: result.status === 'duplicate' ? 'duplicate' : 'deferred' };
}
