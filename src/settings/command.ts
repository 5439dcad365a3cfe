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
import { encodeCustomId } from '../interactions/custom-ids';
import {
  deferQuick,
  ephemeral,
  type GuildInteraction,
  type QueueJob,
  type Reply,
} from '../interactions/responses';
import { SETTINGS_MESSAGES as M } from './messages';
import { canManageServer, parseInstructions, parseSettingsCommand } from './parse';
import { INSTRUCTIONS_MAX, type SettingsPayload } from './types';

/** The instructions modal's one text input. */
export const INSTRUCTIONS_INPUT = 'instructions';

const refused = (): Reply => ({ response: ephemeral(M.refused), outcome: 'forbidden' });

/**
 * `/settings …`: refused for members without Manage Server; otherwise shown or changed by a
 * worker (deferred, ephemeral), or, for `instructions`, a modal.
 */
export async function settingsCommand(
  queue: QueueJob,
  i: GuildInteraction & APIChatInputApplicationCommandInteraction,
): Promise<Reply> {
  if (!canManageServer(i.member.permissions)) return refused();
  const parsed = parseSettingsCommand(i.data, i.guild_id);
  switch (parsed.kind) {
    case 'invalid':
      return { response: ephemeral(parsed.message), outcome: 'bad_input' };
    case 'modal':
      return {
        response: { type: InteractionResponseType.Modal, data: instructionsModal(i.member.user.id) },
        outcome: 'modal',
      };
    case 'show':
      return deferQuick(queue, 'settings', { action: 'show' } satisfies SettingsPayload);
    case 'update':
      return deferQuick(queue, 'settings', {
        action: 'update',
        update: parsed.update,
      } satisfies SettingsPayload);
  }
}

/** The submitted instructions modal: the permission is checked again, then the text is saved by a worker. */
export async function settingsModalSubmit(
  queue: QueueJob,
  i: GuildInteraction & APIModalSubmitInteraction,
  value: (inputId: string) => string | undefined,
): Promise<Reply> {
  if (!canManageServer(i.member.permissions)) return refused();
  const parsed = parseInstructions(value(INSTRUCTIONS_INPUT));
  if (!parsed.ok) return { response: ephemeral(parsed.message), outcome: 'bad_input' };
  return deferQuick(queue, 'settings', {
    action: 'update',
    update: { kind: 'instructions', text: parsed.text },
  } satisfies SettingsPayload);
}

/**
 * The modal `/settings instructions` opens: one paragraph of at most INSTRUCTIONS_MAX characters;
 * an empty submission clears the instructions.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export function instructionsModal(userId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeCustomId({ kind: 'settings-instructions', userId }),
    title: M.modalTitle,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: INSTRUCTIONS_INPUT,
            style: TextInputStyle.Paragraph,
            label: M.modalLabel,
            placeholder: M.modalPlaceholder,
            max_length: INSTRUCTIONS_MAX,
            required: false,
          },
        ],
      },
    ],
  };
}
