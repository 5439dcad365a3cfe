import {
  type APIApplicationCommandInteractionDataBooleanOption,
  type APIApplicationCommandInteractionDataStringOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { Clock } from '../async';
import type { InteractionReplier } from '../discord/replies';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { type AskJobDeps, runAskJob } from './ask-job';
import { QUESTION_MAX_LENGTH } from './definitions';
import type { JobTracker } from './jobs';
import { type StatusDeps, statusReport } from './status';

export interface DispatchDeps {
  jobs: JobTracker;
  ask: AskJobDeps;
  status: StatusDeps;
  replier: InteractionReplier;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** False while shutting down: new work is refused with a clear message. */
  accepting: () => boolean;
}

export const SERVERS_ONLY =
  '`/ask` works in servers only: run it in a channel of the server whose history you want to search.';

const ephemeral = (content: string): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
});

const deferred = (isEphemeral: boolean): APIInteractionResponse => ({
  type: InteractionResponseType.DeferredChannelMessageWithSource,
  ...(isEphemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
});

/**
 * The first answer to every interaction, returned synchronously (no I/O before it), so Discord's
 * 3-second limit is met whatever state the dependencies are in. Slow work is started as a tracked
 * job after the acknowledgement and always ends in a final edit.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export function dispatchInteraction(deps: DispatchDeps, interaction: APIInteraction): APIInteractionResponse {
  const typeLabel = interactionLabel(interaction);
  const { response, outcome } = respond(deps, interaction);
  deps.metrics.interactions.inc({ type: typeLabel, outcome });
  return response;
}

function interactionLabel(i: APIInteraction): string {
  if (i.type === InteractionType.ApplicationCommand) return `command:${commandLabel(i.data.name)}`;
  return (
    ({ 1: 'ping', 3: 'component', 4: 'autocomplete', 5: 'modal' } as Record<number, string | undefined>)[
      i.type
    ] ?? 'unknown'
  );
}

function commandLabel(name: string): string {
  return name === 'ask' || name === 'status' ? name : 'unknown';
}

function respond(
  deps: DispatchDeps,
  i: APIInteraction,
): { response: APIInteractionResponse; outcome: string } {
  switch (i.type) {
    case InteractionType.Ping:
      return { response: { type: InteractionResponseType.Pong }, outcome: 'pong' };
    case InteractionType.ApplicationCommandAutocomplete:
      return {
        response: {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [] },
        },
        outcome: 'autocomplete',
      };
    case InteractionType.ApplicationCommand:
      if (i.data.type !== ApplicationCommandType.ChatInput) {
        return {
          response: ephemeral(`I don't know the command \`${i.data.name}\`.`),
          outcome: 'unknown_command',
        };
      }
      return command(deps, i as APIChatInputApplicationCommandInteraction);
    default:
      return {
        response: ephemeral("I don't handle this kind of interaction. Use `/ask` or `/status`."),
        outcome: 'unsupported',
      };
  }
}

function option<T extends { name: string }>(
  i: APIChatInputApplicationCommandInteraction,
  name: string,
): T | undefined {
  return i.data.options?.find((o) => o.name === name) as T | undefined;
}

function command(
  deps: DispatchDeps,
  i: APIChatInputApplicationCommandInteraction,
): { response: APIInteractionResponse; outcome: string } {
  const name = i.data.name;
  if (name !== 'ask' && name !== 'status') {
    return {
      response: ephemeral(`I don't know the command \`/${name.slice(0, 32)}\`. Try \`/ask\` or \`/status\`.`),
      outcome: 'unknown_command',
    };
  }
  if (i.guild_id === undefined || i.member === undefined) {
    return {
      response: ephemeral(name === 'ask' ? SERVERS_ONLY : '`/status` works in servers only.'),
      outcome: 'dm',
    };
  }
  if (!deps.accepting()) {
    return {
      response: ephemeral('The bot is restarting; please try again in a minute.'),
      outcome: 'shutting_down',
    };
  }
  const guildId = i.guild_id;
  const member = i.member;
  const log = deps.log.child({ interaction: i.id, guild: guildId, command: name });

  if (name === 'status') {
    deps.jobs.start(async () => {
      try {
        const content = await statusReport(deps.status, guildId, deps.clock.now());
        await deps.replier.editOriginal(i.token, { content });
      } catch (err) {
        log.error({ err: describeError(err) }, 'status failed');
        await deps.replier.editOriginal(i.token, { content: 'I could not gather the status right now.' });
      }
    });
    return { response: deferred(true), outcome: 'deferred' };
  }

  const question = option<APIApplicationCommandInteractionDataStringOption>(i, 'question');
  const priv = option<APIApplicationCommandInteractionDataBooleanOption>(i, 'private');
  const text = question?.type === ApplicationCommandOptionType.String ? question.value.trim() : '';
  if (text === '') {
    return {
      response: ephemeral('Please give a question, e.g. `/ask question: how do I deploy?`'),
      outcome: 'bad_input',
    };
  }
  if (text.length > QUESTION_MAX_LENGTH) {
    return {
      response: ephemeral(`Please keep the question under ${QUESTION_MAX_LENGTH} characters.`),
      outcome: 'bad_input',
    };
  }
  const isPrivate = priv?.type === ApplicationCommandOptionType.Boolean && priv.value;
  const receivedAt = deps.clock.now();
  deps.jobs.start((signal) =>
    runAskJob(
      deps.ask,
      {
        interactionId: i.id,
        token: i.token,
        guildId,
        channelId: i.channel?.id ?? i.channel_id ?? '',
        userId: member.user.id,
        roleIds: member.roles,
        permissionsHere: member.permissions,
        question: text,
        ephemeral: isPrivate,
        receivedAt,
      },
      signal,
    ),
  );
  log.info({ private: isPrivate }, 'ask deferred');
  return { response: deferred(isPrivate), outcome: 'deferred' };
}
