import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';
import { componentText } from '../i18n/messages/components';
import { forgetText } from '../i18n/messages/forget';
import { truncate } from '../text/cut';
import { encodeCustomId } from './custom-ids';
import { QUESTION_MAX_LENGTH } from './definitions';

/** The input of the follow-up modal. */
export const FOLLOW_UP_INPUT = 'question';

/**
 * The row under a final answer: "Follow up", 👍 and 👎, labelled in the asker's `locale`.
 * https://discord.com/developers/docs/interactions/message-components#buttons
 */
export function answerButtons(
  answerId: string,
  locale?: string | null,
): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: truncate(componentText.format(locale, 'followUp'), 80),
          custom_id: encodeCustomId({ kind: 'follow-up', answerId }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          emoji: { name: '👍' },
          custom_id: encodeCustomId({ kind: 'feedback', answerId, rating: 1 }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          emoji: { name: '👎' },
          custom_id: encodeCustomId({ kind: 'feedback', answerId, rating: -1 }),
        },
      ],
    },
  ];
}

/**
 * The follow-up modal: one paragraph input for the next question, in the presser's `locale`.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export function followUpModal(
  answerId: string,
  locale?: string | null,
): APIModalInteractionResponseCallbackData {
  const t = componentText.for(locale);
  return {
    custom_id: encodeCustomId({ kind: 'follow-up-modal', answerId }),
    title: truncate(t('modalTitle'), 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: FOLLOW_UP_INPUT,
            style: TextInputStyle.Paragraph,
            label: truncate(t('modalInput'), 45),
            placeholder: truncate(t('modalPlaceholder'), 100),
            min_length: 3,
            max_length: QUESTION_MAX_LENGTH,
            required: true,
          },
        ],
      },
    ],
  };
}

/** /forget-me's confirm and cancel buttons, which only `userId` may press, in their `locale`. */
export function forgetButtons(
  userId: string,
  locale?: string | null,
): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: truncate(forgetText.format(locale, 'confirm'), 80),
          custom_id: encodeCustomId({ kind: 'forget-confirm', userId }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: truncate(forgetText.format(locale, 'cancel'), 80),
          custom_id: encodeCustomId({ kind: 'forget-cancel', userId }),
        },
      ],
    },
  ];
}
