import { answerText } from '../i18n/messages/answer';
import { formatDay } from '../i18n/numbers';
import type { Source } from '../retrieval/search';
import { cutToLength, truncate } from '../text/cut';
import { defuseMassMentions } from './mentions';
import { jumpLink } from './snowflake';

/**
 * Longest channel name shown in a source line: Discord's own limit for channel and thread names.
 * @see https://discord.com/developers/docs/resources/channel#channel-object-channel-structure
 */
export const SOURCE_CHANNEL_MAX = 100;
/**
 * Longest author name shown in a source line: Discord's limit for usernames, display names and
 * nicknames (longer ones only come from imports).
 * @see https://discord.com/developers/docs/resources/user#usernames-and-nicknames
 */
export const SOURCE_AUTHOR_MAX = 32;
/**
 * The longest a source line can be, whatever the names: both names cut and escaped (at most 2 units
 * a unit), a zero-width space per 5-unit "@here", the date, the number and a jump link of three
 * 20-digit ids. Far below the 2000-unit message limit, so the splitter never has to cut a line.
 */
export const SOURCE_LINE_MAX = 600;

// Markdown that would change how a name renders, or reach past it into the link or the next line:
// a backtick in one name and one in the next line's would make a code span of everything between.
const NAME_MARKDOWN = /[\\`*_~|[\]<>]/g;

/** `name` cut to `max` UTF-16 units on a character boundary, with its Markdown shown as typed. */
function nameLabel(name: string, max: number): string {
  return truncate(name, max).replace(NAME_MARKDOWN, '\\$&');
}

/**
 * The numbered source list under an answer: one jump link per source (in `<>`, so never unfurled),
 * accepted answers marked ✅, each line at most {@link SOURCE_LINE_MAX} UTF-16 units; the heading and
 * the dates (days, UTC) in the reader's `locale` (absent: English).
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
export function formatSources(
  guildId: string,
  sources: ReadonlyArray<{
    message: Pick<Source['message'], 'id' | 'channelId' | 'authorName' | 'createdAt'>;
    /** An answer accepted in a help channel: marked ✅. */
    accepted?: boolean;
  }>,
  numbers: number[],
  channelName: (id: string) => string | undefined,
  locale?: string | null,
): string {
  const lines = numbers.flatMap((n) => {
    const s = sources[n - 1];
    if (s === undefined) return [];
    const m = s.message;
    const where = channelName(m.channelId);
    const date = formatDay(locale, m.createdAt);
    const label = [
      where ? `#${nameLabel(where, SOURCE_CHANNEL_MAX)}` : undefined,
      nameLabel(m.authorName, SOURCE_AUTHOR_MAX),
      date,
    ]
      .filter(Boolean)
      .join(' · ');
    const mark = s.accepted === true ? '✅ ' : '';
    return [`[${n}] ${mark}${defuseMassMentions(label)} <${jumpLink(guildId, m.channelId, m.id)}>`];
  });
  return lines.length === 0 ? '' : `**${answerText.format(locale, 'sources')}**\n${lines.join('\n')}`;
}

const PREVIEW_SUFFIX = ' …';

/**
 * The text shown while an answer streams in: its start, cut on a character (grapheme) boundary,
 * then " …", within `limit` UTF-16 units; mass mentions defused.
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export function streamingPreview(text: string, limit = 2000): string {
  const t = defuseMassMentions(text.trim());
  if (t.length + PREVIEW_SUFFIX.length <= limit) return `${t}${PREVIEW_SUFFIX}`;
  return `${cutToLength(t, limit - PREVIEW_SUFFIX.length).trimEnd()}${PREVIEW_SUFFIX}`;
}
