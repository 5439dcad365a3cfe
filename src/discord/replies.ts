import type { REST } from '@discordjs/rest';
import { type APIEmbed, type APIMessage, MessageFlags, Routes } from 'discord-api-types/v10';
import { NO_MENTIONS } from './mentions';

export interface ReplyBody {
  content?: string;
  embeds?: APIEmbed[];
}

/**
 * Sends and edits the messages of one interaction through its token.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
 */
export interface InteractionReplier {
  editOriginal(token: string, body: ReplyBody): Promise<void>;
  /** Edits a follow-up message by id. */
  editFollowUp(token: string, messageId: string, body: ReplyBody): Promise<void>;
  /** Returns the follow-up's message id. */
  followUp(token: string, body: ReplyBody & { ephemeral?: boolean }): Promise<string>;
}

export function createReplier(rest: REST, applicationId: string): InteractionReplier {
  return {
    editOriginal: (token, body) => editInteractionMessage(rest, applicationId, token, '@original', body),
    editFollowUp: (token, id, body) => editInteractionMessage(rest, applicationId, token, id, body),
    async followUp(token, { ephemeral, ...body }) {
      const msg = (await rest.post(Routes.webhook(applicationId, token), {
        body: {
          ...body,
          allowed_mentions: NO_MENTIONS,
          ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
        },
        auth: false,
      })) as APIMessage;
      return msg.id;
    },
  };
}

/** Edits a message of an interaction: `@original` or a follow-up's id. */
export async function editInteractionMessage(
  rest: REST,
  applicationId: string,
  token: string,
  messageId: string,
  body: ReplyBody,
): Promise<void> {
  await rest.patch(Routes.webhookMessage(applicationId, token, messageId), {
    body: { ...body, allowed_mentions: NO_MENTIONS },
    auth: false,
  });
}
