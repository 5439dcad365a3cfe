/**
 * The first answer to `/insights` and to its page buttons: Manage Server is checked on every use
 * (Discord's `default_member_permissions` only hides the command, and admins can change who sees
 * it), the period is checked, and the report is left to a worker through the queue's quick lane:
 * deferred ephemerally (a page button: a deferred update of the same message), then edited well
 * inside Discord's 3 seconds. Nothing slow happens here.
 */
import {
  type APIChatInputApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  ApplicationCommandOptionType,
  InteractionResponseType,
} from 'discord-api-types/v10';
import { insightsText } from '../i18n/messages/insights';
import {
  deferQuick,
  ephemeral,
  type GuildInteraction,
  type QueueJob,
  type Reply,
} from '../interactions/responses';
import { canManageServer } from '../settings/parse';
import { INSIGHTS_DAYS_MAX } from './definition';

/** What the `insights` job gets: the period, the page, and whether it edits a page in place. */
export interface InsightsPayload {
  days: number;
  page: number;
  /** A page button: the message the button is on is edited (deferred update). */
  update: boolean;
}

/** `/insights` without `days:`. */
const DEFAULT_DAYS = 30;

const refused = (locale: string | undefined): Reply => ({
  response: ephemeral(insightsText.format(locale, 'refused')),
  outcome: 'forbidden',
});

/** `/insights [days]`: refused without Manage Server; otherwise deferred ephemerally for a worker. */
export function insightsCommand(
  queue: QueueJob,
  i: GuildInteraction & APIChatInputApplicationCommandInteraction,
): Promise<Reply> | Reply {
  if (!canManageServer(i.member.permissions)) return refused(i.locale);
  const option = i.data.options?.find((o) => o.name === 'days');
  let days = DEFAULT_DAYS;
  if (option !== undefined) {
    const n = option.type === ApplicationCommandOptionType.Integer ? Number(option.value) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > INSIGHTS_DAYS_MAX)
      return { response: ephemeral(insightsText.format(i.locale, 'daysRange')), outcome: 'bad_input' };
    days = n;
  }
  return deferQuick(queue, 'insights', { days, page: 0, update: false } satisfies InsightsPayload, i.locale);
}

/** A ◀ / ▶ press: checked again (the message may have been forwarded to a channel of others). */
export async function insightsPage(
  queue: QueueJob,
  i: GuildInteraction & APIMessageComponentInteraction,
  id: { days: number; page: number },
): Promise<Reply> {
  if (!canManageServer(i.member.permissions)) return refused(i.locale);
  if (id.days < 1 || id.days > INSIGHTS_DAYS_MAX)
    return { response: ephemeral(insightsText.format(i.locale, 'daysRange')), outcome: 'bad_input' };
  const result = await queue('insights', {
    days: id.days,
    page: id.page,
    update: true,
  } satisfies InsightsPayload);
  if (result === undefined) return refusedQueue(i.locale);
  return { response: { type: InteractionResponseType.DeferredMessageUpdate }, outcome: 'deferred_update' };
}

const refusedQueue = (locale: string | undefined): Reply => ({
  response: ephemeral(insightsText.format(locale, 'failed')),
  outcome: 'queue_down',
});
