/**
 * The first answer to the help-channel buttons ("Ask a human", "Solved") and to the message command
 * "Mark as solution": what can be checked from the interaction alone is checked here; the rest
 * (the helper role, the post's author for a message command) by the `help-action` job. Nothing slow
 * happens here.
 */
import {
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ADMINISTRATOR, MANAGE_MESSAGES } from '../discord/permissions';
import { helpText } from '../i18n/messages/help';
import type { CustomId } from '../interactions/custom-ids';
import {
  deferQuick,
  ephemeral,
  type GuildInteraction,
  type QueueJob,
  type Reply,
} from '../interactions/responses';
import type { HelpActionPayload, Presser } from './payloads';

/** The message command's name, as members see it in a message's Apps menu. */
export const MARK_AS_SOLUTION = 'Mark as solution';

/** "Mark as solution" as data (a message command: no description, no options). */
export const markAsSolutionDefinition = {
  name: MARK_AS_SOLUTION,
  type: ApplicationCommandType.Message,
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Whether `permissions` (decimal string) include any of `bits`, administrators always. */
export function hasAny(permissions: string | undefined, bits: bigint): boolean {
  if (permissions === undefined || !/^\d+$/.test(permissions)) return false;
  return (BigInt(permissions) & (bits | ADMINISTRATOR)) !== 0n;
}

const presserOf = (i: GuildInteraction): Presser => ({
  userId: i.member.user.id,
  roleIds: i.member.roles ?? [],
  permissions: i.member.permissions ?? '0',
});

const channelOf = (i: GuildInteraction): string => i.channel?.id ?? i.channel_id ?? '';

/** "Ask a human" (the post's author or Manage Messages) and "Solved" (checked by the job). */
export async function helpComponent(
  queue: QueueJob,
  i: GuildInteraction & APIMessageComponentInteraction,
  id: Extract<CustomId, { kind: 'help-handoff' | 'help-solved' }>,
): Promise<Reply> {
  const presser = presserOf(i);
  if (id.kind === 'help-handoff') {
    if (presser.userId !== id.authorId && !hasAny(presser.permissions, MANAGE_MESSAGES))
      return { response: ephemeral(helpText.format(i.locale, 'handOffRefused')), outcome: 'forbidden' };
    const payload: HelpActionPayload = {
      action: 'hand-off',
      postId: id.postId,
      channelId: channelOf(i),
      presser,
    };
    return deferQuick(queue, 'help-action', payload, i.locale);
  }
  const payload: HelpActionPayload = {
    action: 'solved',
    postId: id.postId,
    channelId: channelOf(i),
    messageId: i.message.id,
    presser,
  };
  return deferQuick(queue, 'help-action', payload, i.locale);
}

/** "Mark as solution" on a message: the job finds its post and checks who may accept it. */
export async function markAsSolution(
  queue: QueueJob,
  i: GuildInteraction & APIMessageApplicationCommandInteraction,
): Promise<Reply> {
  const target = i.data.resolved.messages[i.data.target_id];
  if (target === undefined)
    return { response: ephemeral(helpText.format(i.locale, 'markNotInPost')), outcome: 'bad_input' };
  const payload: HelpActionPayload = {
    action: 'mark',
    target: {
      id: target.id,
      channelId: target.channel_id,
      authorId: target.author.id,
      authorIsBot: target.author.bot === true,
      replyToId: target.message_reference?.message_id ?? null,
    },
    presser: presserOf(i),
  };
  return deferQuick(queue, 'help-action', payload, i.locale);
}
