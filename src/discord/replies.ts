import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessage,
  MessageFlags,
} from 'discord-api-types/v10';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { NO_MENTIONS } from './mentions';
import { UnconfirmedPostError } from './rest';
import { guardTokens, type TokenGuardOptions } from './token-guard';

export interface ReplyBody {
  content?: string;
  embeds?: APIEmbed[];
  /** Action rows of buttons; `[]` removes the buttons a message had. */
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * Sends and edits the messages of one interaction through its token.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
 */
export interface InteractionReplier {
  editOriginal(token: string, body: ReplyBody): Promise<void>;
  /** Edits a follow-up message by id. */
  editFollowUp(token: string, messageId: string, body: ReplyBody): Promise<void>;
  /**
   * Posts a follow-up message and returns its id. Never sent twice: when Discord does not confirm
   * it (timeout, 5xx), rejects with DISCORD_FAILED saying it may or may not have been posted.
   */
  followUp(token: string, body: ReplyBody & { ephemeral?: boolean }): Promise<string>;
  /** Deletes a follow-up message (one an earlier attempt posted); a message already gone is fine. */
  deleteFollowUp(token: string, messageId: string): Promise<void>;
}

/**
 * A follow-up that Discord may or may not have posted. Sending it again could show that part of
 * the answer twice, so it is not: the operator reads why, the user one plain sentence.
 */
function unconfirmedFollowUp(err: UnconfirmedPostError): AppError {
  return new AppError(
    'DISCORD_FAILED',
    `Follow-up message ${err.route}: ${err.reason}. It may or may not have been posted; it was not sent again, to avoid a duplicate.`,
    errorText.sentence('discordUnconfirmed'),
    { cause: err },
  );
}

/**
 * Sends and edits an interaction's messages with `allowed_mentions: {parse: []}`. Edits (PATCH)
 * are retried by the REST client; a follow-up (POST) is sent at most once unless it provably never
 * reached Discord, and otherwise fails with a DISCORD_FAILED AppError saying it may or may not exist.
 * 404s follow token-guard.ts: retried for a few seconds while a token is fresh, a `ReplyGone` once
 * the reply was deleted or the token is dead (and nothing more is sent with that token).
 */
export function createReplier(
  rest: REST,
  applicationId: string,
  guard: TokenGuardOptions = {},
): InteractionReplier {
  return guardTokens(restReplier(rest, applicationId), guard);
}

/** The replier's REST calls, without the 404 rules. */
function restReplier(rest: REST, applicationId: string): InteractionReplier {
  return {
    editOriginal: (token, body) => editInteractionMessage(rest, applicationId, token, '@original', body),
    editFollowUp: (token, id, body) => editInteractionMessage(rest, applicationId, token, id, body),
    async followUp(token, { ephemeral, ...body }) {
      try {
        const msg = (await rest.post(Routes.webhook(applicationId, token), {
          body: {
            ...body,
            allowed_mentions: NO_MENTIONS,
            ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
          },
          auth: false,
        })) as APIMessage;
        return msg.id;
      } catch (err) {
        if (err instanceof UnconfirmedPostError) throw unconfirmedFollowUp(err);
        throw err;
      }
    },
    async deleteFollowUp(token, messageId) {
      try {
        await rest.delete(Routes.webhookMessage(applicationId, token, messageId), { auth: false });
      } catch (err) {
        // Unknown Message (10008): already deleted, which is what was wanted.
        if (typeof err === 'object' && err !== null && 'status' in err && err.status === 404) return;
        throw err;
      }
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
