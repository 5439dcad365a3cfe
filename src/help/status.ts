import { helpText } from '../i18n/messages/help';
import type { Store } from '../store/types';

/** /status and /metrics count help posts over this many days. */
export const HELP_STATS_DAYS = 30;

/**
 * The /status line of help channels, in the reader's `locale`: channels watched, and over the last
 * 30 days the posts found, answered, left to humans, handed off and solved (with the solved share of
 * the posts found). Empty when the server never used help channels.
 */
export async function helpStatusLine(
  store: Store,
  guildId: string,
  now: number,
  locale?: string | null,
): Promise<string> {
  const [settings, stats] = await Promise.all([
    store.settings.get(guildId),
    store.help.stats(guildId, now - HELP_STATS_DAYS * 86_400_000),
  ]);
  if (settings.helpChannels.length === 0 && stats.watched === 0 && stats.solved === 0) return '';
  return helpText.format(locale, 'statusLine', {
    channels: settings.helpChannels.length,
    days: HELP_STATS_DAYS,
    watched: stats.watched,
    answered: stats.answered,
    left: stats.left,
    handedOff: stats.handedOff,
    solved: stats.solved,
    share: stats.watched === 0 ? 0 : stats.solved / stats.watched,
  });
}
