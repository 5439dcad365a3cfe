import type { Store } from '../store/types';
import { formatCount } from '../text/counts';
import { HELP_MESSAGES as M } from './messages';

/** /status and /metrics count help posts over this many days. */
export const HELP_STATS_DAYS = 30;

/**
 * The /status line of help channels: channels watched, and over the last 30 days the posts found,
 * answered, left to humans, handed off and solved (with the solved share of the posts found). Empty
 * when the server never used help channels.
 */
export async function helpStatusLine(store: Store, guildId: string, now: number): Promise<string> {
  const [settings, stats] = await Promise.all([
    store.settings.get(guildId),
    store.help.stats(guildId, now - HELP_STATS_DAYS * 86_400_000),
  ]);
  if (settings.helpChannels.length === 0 && stats.watched === 0 && stats.solved === 0) return '';
  const share = stats.watched === 0 ? '–' : `${Math.round((100 * stats.solved) / stats.watched)} %`;
  return M.statusLine(HELP_STATS_DAYS, settings.helpChannels.length, {
    watched: formatCount(stats.watched),
    answered: formatCount(stats.answered),
    left: formatCount(stats.left),
    handedOff: formatCount(stats.handedOff),
    solved: formatCount(stats.solved),
    share,
  });
}
