import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';
import { truncate } from '../text/cut';
import { encodeCustomId } from './custom-ids';
import { QUESTION_MAX_LENGTH } from './definitions';

/** The input of the follow-up modal. */
export const FOLLOW_UP_INPUT = 'question';

/**
 * The row under a final answer: "Follow up", 👍 and 👎.
 * https://discord.com/developers/docs/interactions/message-components#buttons
 */
export function answerButtons(answerId: string): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: 'Follow up',
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
 * The follow-up modal: one paragraph input for the next question.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export function followUpModal(answerId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeCustomId({ kind: 'follow-up-modal', answerId }),
    title: 'Follow up',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: FOLLOW_UP_INPUT,
            style: TextInputStyle.Paragraph,
            label: 'Your next question',
            placeholder: truncate('Ask about the answer above, e.g. "and what about the other one?"', 100),
            min_length: 3,
            max_length: QUESTION_MAX_LENGTH,
            required: true,
          },
        ],
      },
    ],
  };
}

/** /forget-me's confirm and cancel buttons, which only `userId` may press. */
export function forgetButtons(userId: string): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Forget my messages',
          custom_id: encodeCustomId({ kind: 'forget-confirm', userId }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Cancel',
          custom_id: encodeCustomId({ kind: 'forget-cancel', userId }),
        },
      ],
    },
  ];
}
