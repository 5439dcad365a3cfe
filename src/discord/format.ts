import type { Source } from '../retrieval/search';
import { defuseMassMentions } from './mentions';
import { jumpLink } from './snowflake';

/** The numbered source list under an answer: one jump link per source, links unfurled never. */
export function formatSources(
  guildId: string,
  sources: Source[],
  numbers: number[],
  channelName: (id: string) => string | undefined,
): string {
  const lines = numbers.flatMap((n) => {
    const s = sources[n - 1];
    if (s === undefined) return [];
    const m = s.message;
    const where = channelName(m.channelId);
    const date = new Date(m.createdAt).toISOString().slice(0, 10);
    const label = [where ? `#${where}` : undefined, m.authorName, date].filter(Boolean).join(' · ');
    return [`[${n}] ${defuseMassMentions(label)} <${jumpLink(guildId, m.channelId, m.id)}>`];
  });
  return lines.length === 0 ? '' : `**Sources**\n${lines.join('\n')}`;
}

/** The text shown while an answer streams in: the start of it, within one message. */
export function streamingPreview(text: string, limit = 2000): string {
  const t = defuseMassMentions(text.trim());
  const suffix = ' …';
  return t.length + suffix.length <= limit
    ? `${t}${suffix}`
    : `${t.slice(0, limit - suffix.length - 1)}${suffix}`;
}
