/**
 * The first answer to `/settings` and to its instructions modal: the member's Manage Server
 * permission is checked on every use (Discord's `default_member_permissions` only hides the
 * command, and server admins can change that), the input is validated, and the change is queued
 * for a worker. Nothing slow happens here.
 */
import {
  type APIChatInputApplicationCommandInteraction,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmitInteraction,
  ComponentType,
  InteractionResponseType,
  TextInputStyle,
} from 'discord-api-types/v10';
import { settingsText } from '../i18n/messages/settings';
import { encodeCustomId } from '../interactions/custom-ids';
import {
  deferQuick,
  ephemeral,
  type GuildInteraction,
  type QueueJob,
  type Reply,
} from '../interactions/responses';
import { truncate } from '../text/cut';
import { canManageServer, parseInstructions, parseSettingsCommand } from './parse';
import { INSTRUCTIONS_MAX, type SettingsPayload } from './types';

/** The instructions modal's one text input. */
export const INSTRUCTIONS_INPUT = 'instructions';
/** Discord's limit on a modal's title and an input's label. */
const MODAL_TEXT_MAX = 45;

const refused = (locale: string | undefined): Reply => ({
  response: ephemeral(settingsText.format(locale, 'refused')),
  outcome: 'forbidden',
});

/**
 * `/settings …`: refused for members without Manage Server; otherwise shown or changed by a
 * worker (deferred, ephemeral), or, for `instructions`, a modal. In the member's language.
 */
export async function settingsCommand(
  queue: QueueJob,
  i: GuildInteraction & APIChatInputApplicationCommandInteraction,
): Promise<Reply> {
  if (!canManageServer(i.member.permissions)) return refused(i.locale);
  const parsed = parseSettingsCommand(i.data, i.guild_id);
  switch (parsed.kind) {
    case 'invalid':
      return { response: ephemeral(settingsText.format(i.locale, parsed.message)), outcome: 'bad_input' };
    case 'modal':
      return {
        response: {
          type: InteractionResponseType.Modal,
          data: instructionsModal(i.member.user.id, i.locale),
        },
        outcome: 'modal',
      };
    case 'show':
      return deferQuick(queue, 'settings', { action: 'show' } satisfies SettingsPayload, i.locale);
    case 'update': {
      const payload: SettingsPayload = { action: 'update', update: parsed.update };
      return deferQuick(queue, 'settings', payload, i.locale);
    }
  }
}

/** The submitted instructions modal: the permission is checked again, then the text is saved by a worker. */
export async function settingsModalSubmit(
  queue: QueueJob,
  i: GuildInteraction & APIModalSubmitInteraction,
  value: (inputId: string) => string | undefined,
): Promise<Reply> {
  if (!canManageServer(i.member.permissions)) return refused(i.locale);
  const parsed = parseInstructions(value(INSTRUCTIONS_INPUT));
  if (!parsed.ok) {
    const message = settingsText.format(i.locale, 'instructionsTooLong', {
      length: parsed.length,
      max: INSTRUCTIONS_MAX,
    });
    return { response: ephemeral(message), outcome: 'bad_input' };
  }
  const payload: SettingsPayload = { action: 'update', update: { kind: 'instructions', text: parsed.text } };
  return deferQuick(queue, 'settings', payload, i.locale);
}

/**
 * The modal `/settings instructions` opens, in the moderator's language: one paragraph of at most
 * INSTRUCTIONS_MAX characters; an empty submission clears the instructions.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export function instructionsModal(
  userId: string,
  locale: string | undefined,
): APIModalInteractionResponseCallbackData {
  const t = settingsText.for(locale);
  return {
    custom_id: encodeCustomId({ kind: 'settings-instructions', userId }),
    title: truncate(t('modalTitle'), MODAL_TEXT_MAX),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: INSTRUCTIONS_INPUT,
            style: TextInputStyle.Paragraph,
            label: truncate(t('modalLabel'), MODAL_TEXT_MAX),
            placeholder: truncate(t('modalPlaceholder'), 100),
            max_length: INSTRUCTIONS_MAX,
            required: false,
          },
        ],
      },
    ],
  };
}
