import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { encodeCustomId } from '../interactions/custom-ids';
import { HELP_MESSAGES as M } from './messages';

const askHumanButton = (postId: string, authorId: string): APIButtonComponent => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  label: M.askHuman,
  emoji: { name: '🙋' },
  custom_id: encodeCustomId({ kind: 'help-handoff', postId, authorId }),
});

/**
 * The row under an answer in a post: 👍 and 👎 (the ratings every answer has; the answer's id is
 * the post's), "Ask a human" and "Solved". The post and its author ride in the ids, so a press is
 * checked without a look-up and works on any process after a restart.
 * https://discord.com/developers/docs/interactions/message-components#buttons
 */
export function helpAnswerButtons(
  postId: string,
  authorId: string,
): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          emoji: { name: '👍' },
          custom_id: encodeCustomId({ kind: 'feedback', answerId: postId, rating: 1 }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          emoji: { name: '👎' },
          custom_id: encodeCustomId({ kind: 'feedback', answerId: postId, rating: -1 }),
        },
        askHumanButton(postId, authorId),
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: M.solved,
          emoji: { name: '✅' },
          custom_id: encodeCustomId({ kind: 'help-solved', postId, authorId }),
        },
      ],
    },
  ];
}

/** Under "nothing found" (`when-unsure: say`): only "Ask a human". */
export function unsureButtons(postId: string, authorId: string): APIActionRowComponent<APIButtonComponent>[] {
  return [{ type: ComponentType.ActionRow, components: [askHumanButton(postId, authorId)] }];
}
