import {
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { Clock } from '../async';
import { canReadHistory } from '../discord/permissions';
import { snowflakeToMs } from '../discord/snowflake';
import { describeError } from '../errors';
import { helpComponent, MARK_AS_SOLUTION, markAsSolution } from '../help/interactions';
import { askText } from '../i18n/messages/ask';
import { commonText } from '../i18n/messages/common';
import { componentText } from '../i18n/messages/components';
import { forgetText } from '../i18n/messages/forget';
import { insightsCommand, insightsPage } from '../insights/command';
import type { AskPayload, FeedbackPayload, ForgetPayload, StatusPayload } from '../jobs/payloads';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { AdmissionPolicy, EnqueueResult, JobInput, JobKind, JobQueue } from '../queue/types';
import { settingsCommand, settingsModalSubmit } from '../settings/command';
import { truncate } from '../text/cut';
import { FOLLOW_UP_INPUT, followUpModal, forgetButtons } from './components';
import { decodeCustomId } from './custom-ids';
import { ASK_ABOUT_MESSAGE, DAYS_MAX, QUESTION_MAX_LENGTH } from './definitions';
import { targetText } from './message-target';
import { deferred, ephemeral, type GuildInteraction, type QueueJob, type Reply } from './responses';

export { QUEUE_DOWN } from './responses';

/** What the acknowledgement path needs: the queue and the rules it admits by, nothing slow. */
export interface AcknowledgeDeps {
  queue: JobQueue;
  policy: AdmissionPolicy;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Called after a job was recorded (wakes an in-process worker at once). */
  onQueued?(kind: JobKind): void;
}

/** In English; members read these in their own language (the ask and common catalogues). */
export const SERVERS_ONLY = askText.source.serversOnly;

/** The member's client language; PING has none. */
const localeOf = (i: APIInteraction): string | undefined => ('locale' in i ? i.locale : undefined);

/**
 * The first answer to every interaction. Deferred work is recorded durably in the queue before
 * the acknowledgement is returned; nothing else slow happens here (no Discord, Ollama or Chroma
 * call, no store query), so Discord's 3-second limit holds whatever state those are in.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export async function acknowledge(
  deps: AcknowledgeDeps,
  interaction: APIInteraction,
): Promise<APIInteractionResponse> {
  const { response, outcome } = await route(deps, interaction);
  deps.metrics.interactions.inc({ type: interactionLabel(interaction), outcome });
  return response;
}

function interactionLabel(i: APIInteraction): string {
  switch (i.type) {
    case InteractionType.Ping:
      return 'ping';
    case InteractionType.ApplicationCommand:
      if (i.data.name === ASK_ABOUT_MESSAGE) return 'command:ask-about-message';
      if (i.data.name === MARK_AS_SOLUTION) return 'command:mark-as-solution';
      return ['ask', 'status', 'forget-me', 'settings', 'insights'].includes(i.data.name)
        ? `command:${i.data.name}`
        : 'command:unknown';
    case InteractionType.MessageComponent:
      return `component:${decodeCustomId(i.data.custom_id)?.kind ?? 'unknown'}`;
    case InteractionType.ModalSubmit:
      return `modal:${decodeCustomId(i.data.custom_id)?.kind ?? 'unknown'}`;
    case InteractionType.ApplicationCommandAutocomplete:
      return 'autocomplete';
    default:
      return 'unknown';
  }
}

async function route(deps: AcknowledgeDeps, i: APIInteraction): Promise<Reply> {
  if (i.type === InteractionType.Ping)
    return { response: { type: InteractionResponseType.Pong }, outcome: 'pong' };
  if (i.type === InteractionType.ApplicationCommandAutocomplete) {
    return {
      response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } },
      outcome: 'autocomplete',
    };
  }
  if (i.guild_id === undefined || i.member === undefined) {
    const isAsk = i.type === InteractionType.ApplicationCommand && i.data.name === 'ask';
    const text = isAsk ? askText.format(i.locale, 'serversOnly') : commonText.format(i.locale, 'serversOnly');
    return { response: ephemeral(text), outcome: 'dm' };
  }
  switch (i.type) {
    case InteractionType.ApplicationCommand:
      if (i.data.type === ApplicationCommandType.ChatInput) {
        return chatCommand(deps, i as APIChatInputApplicationCommandInteraction);
      }
      if (i.data.type === ApplicationCommandType.Message && i.data.name === ASK_ABOUT_MESSAGE) {
        return askAboutMessage(deps, i as APIMessageApplicationCommandInteraction);
      }
      if (i.data.type === ApplicationCommandType.Message && i.data.name === MARK_AS_SOLUTION) {
        const g = i as GuildInteraction & APIMessageApplicationCommandInteraction;
        return markAsSolution(queueFor(deps, g), g);
      }
      return unknownCommand(i.data.name, i.locale);
    case InteractionType.MessageComponent:
      return component(deps, i);
    case InteractionType.ModalSubmit:
      return modalSubmit(deps, i);
    default:
      return {
        response: ephemeral(commonText.format(localeOf(i), 'unsupported')),
        outcome: 'unsupported',
      };
  }
}

const unknownCommand = (name: string, locale: string | undefined): Reply => ({
  response: ephemeral(commonText.format(locale, 'unknownCommand', { name: truncate(name, 32) })),
  outcome: 'unknown_command',
});

/** The job of a guild interaction: its id, token and asker. */
function jobOf(deps: AcknowledgeDeps, i: GuildInteraction, kind: JobKind, payload: object): JobInput {
  return {
    id: i.id,
    kind,
    guildId: i.guild_id,
    userId: i.member.user.id,
    token: i.token,
    // Whatever the worker writes is in the member's language (jobs/payloads.ts Languages).
    payload: { ...payload, locale: i.locale, guildLocale: i.guild_locale } as Record<string, unknown>,
    receivedAt: deps.clock.now(),
  };
}

/** Queues jobs of `i` for the parts that route through here (settings, help channels). */
const queueFor =
  (deps: AcknowledgeDeps, i: GuildInteraction): QueueJob =>
  (kind, payload) =>
    enqueue(deps, jobOf(deps, i, kind, payload));

/** Records the job; a queue that cannot be written gets a sentence now instead of a silent deferral. */
async function enqueue(deps: AcknowledgeDeps, job: JobInput): Promise<EnqueueResult | undefined> {
  try {
    const result = await deps.queue.enqueue(job, deps.policy, deps.clock.now());
    if (result.status === 'queued') deps.onQueued?.(job.kind);
    return result;
  } catch (err) {
    deps.log.error(
      { interaction: job.id, kind: job.kind, err: describeError(err) },
      'could not queue an interaction',
    );
    return undefined;
  }
}

/** The acknowledgement of a question: deferred when queued, one sentence when refused. */
async function deferQuestion(
  deps: AcknowledgeDeps,
  job: JobInput,
  isEphemeral: boolean,
  locale: string | undefined,
): Promise<Reply> {
  const result = await enqueue(deps, job);
  if (result === undefined) return queueDown(locale);
  switch (result.status) {
    case 'queued':
    case 'duplicate':
      deps.log.info(
        {
          interaction: job.id,
          guild: job.guildId,
          kind: job.kind,
          waitMs: 'expectedWaitMs' in result ? result.expectedWaitMs : undefined,
        },
        result.status === 'queued' ? 'question queued' : 'duplicate delivery; already queued',
      );
      return {
        response: deferred(isEphemeral),
        outcome: result.status === 'queued' ? 'deferred' : 'duplicate',
      };
    case 'member_limit':
      return {
        response: ephemeral(askText.format(locale, 'memberLimit', { open: result.open })),
        outcome: 'member_limit',
      };
    case 'busy': {
      const minutes = Number.isFinite(result.expectedWaitMs)
        ? Math.max(1, Math.round(result.expectedWaitMs / 60_000))
        : undefined;
      return {
        response: ephemeral(
          minutes === undefined
            ? askText.format(locale, 'busy')
            : askText.format(locale, 'busyFor', { minutes }),
        ),
        outcome: 'busy',
      };
    }
  }
}

const queueDown = (locale: string | undefined): Reply => ({
  response: ephemeral(commonText.format(locale, 'queueDown')),
  outcome: 'queue_down',
});

type Option = APIApplicationCommandInteractionDataOption;
const optionOf = (i: APIChatInputApplicationCommandInteraction, name: string): Option | undefined =>
  i.data.options?.find((o) => o.name === name);

async function chatCommand(
  deps: AcknowledgeDeps,
  i: APIChatInputApplicationCommandInteraction,
): Promise<Reply> {
  const g = i as GuildInteraction & APIChatInputApplicationCommandInteraction;
  const channelId = i.channel?.id ?? i.channel_id ?? '';
  switch (i.data.name) {
    case 'status': {
      const result = await enqueue(deps, jobOf(deps, g, 'status', { channelId } satisfies StatusPayload));
      if (result === undefined) return queueDown(i.locale);
      return { response: deferred(true), outcome: 'deferred' };
    }
    case 'forget-me': {
      const undo = optionOf(i, 'undo');
      if (undo?.type === ApplicationCommandOptionType.Boolean && undo.value) {
        const result = await enqueue(
          deps,
          jobOf(deps, g, 'forget', { action: 'opt-in' } satisfies ForgetPayload),
        );
        if (result === undefined) return queueDown(i.locale);
        return { response: deferred(true), outcome: 'deferred' };
      }
      return {
        response: ephemeral(forgetText.format(i.locale, 'prompt'), {
          components: forgetButtons(g.member.user.id, i.locale),
        }),
        outcome: 'forget_prompt',
      };
    }
    case 'ask':
      return ask(deps, g, channelId);
    case 'settings':
      return settingsCommand(queueFor(deps, g), g);
    case 'insights':
      return insightsCommand(queueFor(deps, g), g);
    default:
      return unknownCommand(i.data.name, i.locale);
  }
}

async function ask(
  deps: AcknowledgeDeps,
  i: GuildInteraction & APIChatInputApplicationCommandInteraction,
  channelId: string,
): Promise<Reply> {
  const question = optionOf(i, 'question');
  const text = question?.type === ApplicationCommandOptionType.String ? question.value.trim() : '';
  if (text === '') {
    return {
      response: ephemeral(askText.format(i.locale, 'emptyQuestion')),
      outcome: 'bad_input',
    };
  }
  if (text.length > QUESTION_MAX_LENGTH) {
    return {
      response: ephemeral(askText.format(i.locale, 'questionTooLong', { max: QUESTION_MAX_LENGTH })),
      outcome: 'bad_input',
    };
  }
  const priv = optionOf(i, 'private');
  const isPrivate = priv?.type === ApplicationCommandOptionType.Boolean && priv.value;
  const payload: AskPayload = {
    question: text,
    ephemeral: isPrivate,
    channelId,
    roleIds: i.member.roles ?? [],
    permissionsHere: i.member.permissions,
  };
  const channel = optionOf(i, 'channel');
  if (channel?.type === ApplicationCommandOptionType.Channel) {
    const resolved = i.data.resolved?.channels?.[channel.value];
    // Discord's picker only offers channels the member can see, but any id can be sent: the
    // permissions Discord computed for the member come with the resolved channel.
    if (resolved?.permissions !== undefined && !canReadHistory(BigInt(resolved.permissions))) {
      return {
        response: ephemeral(askText.format(i.locale, 'channelForbidden', { channel: channel.value })),
        outcome: 'channel_forbidden',
      };
    }
    payload.channel = { id: channel.value, permissions: resolved?.permissions };
  }
  const author = optionOf(i, 'author');
  if (author?.type === ApplicationCommandOptionType.User) payload.authorId = author.value;
  const days = optionOf(i, 'days');
  if (days?.type === ApplicationCommandOptionType.Integer) {
    const n = Number(days.value);
    if (!Number.isInteger(n) || n < 1 || n > DAYS_MAX) {
      return {
        response: ephemeral(askText.format(i.locale, 'daysRange', { max: DAYS_MAX })),
        outcome: 'bad_input',
      };
    }
    payload.days = n;
  }
  return deferQuestion(deps, jobOf(deps, i, 'ask', payload), isPrivate, i.locale);
}

/** "Ask about this message": answered for the asker alone, the target message as the first source. */
async function askAboutMessage(
  deps: AcknowledgeDeps,
  i: APIMessageApplicationCommandInteraction,
): Promise<Reply> {
  const g = i as GuildInteraction & APIMessageApplicationCommandInteraction;
  const target: APIMessage | undefined = i.data.resolved.messages[i.data.target_id];
  if (target === undefined)
    return { response: ephemeral(askText.format(i.locale, 'messageUnreadable')), outcome: 'bad_input' };
  const content = targetText(target);
  if (content === undefined)
    return { response: ephemeral(askText.format(i.locale, 'nothingToAskAbout')), outcome: 'nothing_to_ask' };
  const createdAt = Date.parse(target.timestamp);
  const payload: AskPayload = {
    question:
      'What does the history of this server say about this message: earlier discussion of its subject, replies, and was it answered?',
    ephemeral: true,
    channelId: i.channel?.id ?? i.channel_id ?? target.channel_id,
    roleIds: g.member.roles ?? [],
    permissionsHere: g.member.permissions,
    target: {
      id: target.id,
      channelId: target.channel_id,
      authorId: target.author.id,
      authorName: target.author.global_name || target.author.username,
      content,
      createdAt: Number.isNaN(createdAt) ? snowflakeToMs(target.id) : createdAt,
    },
  };
  return deferQuestion(deps, jobOf(deps, g, 'ask', payload), true, i.locale);
}

async function component(deps: AcknowledgeDeps, i: APIMessageComponentInteraction): Promise<Reply> {
  const g = i as GuildInteraction & APIMessageComponentInteraction;
  const id = decodeCustomId(i.data.custom_id);
  const presser = g.member.user.id;
  switch (id?.kind) {
    case 'follow-up':
      return {
        response: { type: InteractionResponseType.Modal, data: followUpModal(id.answerId, i.locale) },
        outcome: 'modal',
      };
    case 'feedback': {
      const result = await enqueue(
        deps,
        jobOf(deps, g, 'feedback', { answerId: id.answerId, rating: id.rating } satisfies FeedbackPayload),
      );
      if (result === undefined)
        return {
          response: ephemeral(componentText.format(i.locale, 'ratingUnavailable')),
          outcome: 'queue_down',
        };
      return {
        response: ephemeral(componentText.format(i.locale, id.rating > 0 ? 'thanksUp' : 'thanksDown')),
        outcome: 'rated',
      };
    }
    case 'forget-confirm':
    case 'forget-cancel': {
      if (id.userId !== presser) {
        return {
          response: ephemeral(forgetText.format(i.locale, 'wrongMember')),
          outcome: 'wrong_member',
        };
      }
      if (id.kind === 'forget-cancel') {
        return {
          response: {
            type: InteractionResponseType.UpdateMessage,
            data: { content: forgetText.format(i.locale, 'cancelled'), components: [] },
          },
          outcome: 'cancelled',
        };
      }
      const result = await enqueue(
        deps,
        jobOf(deps, g, 'forget', { action: 'forget' } satisfies ForgetPayload),
      );
      if (result === undefined) return queueDown(i.locale);
      return {
        response: {
          type: InteractionResponseType.UpdateMessage,
          data: {
            content: forgetText.format(i.locale, 'removing'),
            components: [],
            allowed_mentions: { parse: [] },
          },
        },
        outcome: 'forgetting',
      };
    }
    case 'help-handoff':
    case 'help-solved':
      return helpComponent(queueFor(deps, g), g, id);
    case 'insights-page':
      return insightsPage(queueFor(deps, g), g, id);
    default:
      return {
        response: ephemeral(componentText.format(i.locale, 'staleButton')),
        outcome: 'stale_component',
      };
  }
}

/** The text a modal submission carries in `inputId`, in the classic (action row) or the label shape. */
function modalValue(i: APIModalSubmitInteraction, inputId: string): string | undefined {
  for (const row of i.data.components as unknown as { component?: unknown; components?: unknown[] }[]) {
    for (const c of [...(row.components ?? []), ...(row.component ? [row.component] : [])]) {
      const input = c as { custom_id?: unknown; value?: unknown };
      if (input.custom_id === inputId && typeof input.value === 'string') return input.value;
    }
  }
  return undefined;
}

async function modalSubmit(deps: AcknowledgeDeps, i: APIModalSubmitInteraction): Promise<Reply> {
  const g = i as GuildInteraction & APIModalSubmitInteraction;
  const id = decodeCustomId(i.data.custom_id);
  if (id?.kind === 'settings-instructions') {
    return settingsModalSubmit(queueFor(deps, g), g, (inputId) => modalValue(i, inputId));
  }
  if (id?.kind !== 'follow-up-modal') {
    return {
      response: ephemeral(componentText.format(i.locale, 'staleModal')),
      outcome: 'stale_modal',
    };
  }
  const text = (modalValue(i, FOLLOW_UP_INPUT) ?? '').trim();
  if (text.length < 3 || text.length > QUESTION_MAX_LENGTH) {
    return {
      response: ephemeral(askText.format(i.locale, 'followUpLength', { max: QUESTION_MAX_LENGTH })),
      outcome: 'bad_input',
    };
  }
  // A follow-up of an answer only its asker could see stays for the presser's eyes only.
  const isEphemeral = ((i.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const payload: AskPayload = {
    question: text,
    ephemeral: isEphemeral,
    channelId: i.channel?.id ?? i.channel_id ?? '',
    roleIds: g.member.roles ?? [],
    permissionsHere: g.member.permissions,
    parentAnswerId: id.answerId,
  };
  return deferQuestion(deps, jobOf(deps, g, 'ask', payload), isEphemeral, i.locale);
}
