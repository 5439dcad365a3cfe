import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { helpText } from '../i18n/messages/help';
import { encodeCustomId } from '../interactions/custom-ids';

const askHumanButton = (
  postId: string,
  authorId: string,
  locale: string | undefined,
): APIButtonComponent => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  label: helpText.format(locale, 'askHuman'),
  emoji: { name: '🙋' },
  custom_id: encodeCustomId({ kind: 'help-handoff', postId, authorId }),
});

/**
 * The row under an answer in a post: 👍 and 👎 (the ratings every answer has; the answer's id is
 * the post's), "Ask a human" and "Solved". The post and its author ride in the ids, so a press is
 * checked without a look-up and works on any process after a restart. Labels in `locale` (the
 * post's language).
 * https://discord.com/developers/docs/interactions/message-components#buttons
 */
export function helpAnswerButtons(
  postId: string,
  authorId: string,
  locale: string | undefined,
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
        askHumanButton(postId, authorId, locale),
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: helpText.format(locale, 'solved'),
          emoji: { name: '✅' },
          custom_id: encodeCustomId({ kind: 'help-solved', postId, authorId }),
        },
      ],
    },
  ];
}

/** Under "nothing found" (`when-unsure: say`): only "Ask a human". */
export function unsureButtons(
  postId: string,
  authorId: string,
  locale: string | undefined,
): APIActionRowComponent<APIButtonComponent>[] {
  return [{ type: ComponentType.ActionRow, components: [askHumanButton(postId, authorId, locale)] }];
}
