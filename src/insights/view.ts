/**
 * The insights as Discord shows them (`/insights` and the weekly digest): a message of at most
 * 2,000 characters in the reader's language, the long lists in pages of {@link PAGE_SIZE} with ◀ ▶
 * buttons whose custom ids carry the period and the page (so they work after a restart, on any
 * process). A topic is named by its most typical public question; private questions are counted,
 * their text never shown.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { insightsText } from '../i18n/messages/insights';
import { formatDay, formatNumber } from '../i18n/numbers';
import { encodeCustomId } from '../interactions/custom-ids';
import { truncate } from '../text/cut';
import type { InsightsReport, TopicRow } from './report';

/** Topics (and gaps) per page. */
export const PAGE_SIZE = 5;
/** Channels listed. */
const CHANNELS_SHOWN = 5;
/** Discord's limit on a message's content. */
const CONTENT_MAX = 2_000;

// Markdown, mentions and links a question's text could carry, shown as typed.
const MARKDOWN = /[\\`*_~|[\]<>#@:]/g;

/** A topic's name in the list: its label question, quoted and escaped, or what stands for none. */
function topicName(r: TopicRow, t: ReturnType<typeof insightsText.for>, max: number): string {
  if (r.topicId === null) return t('ungrouped');
  if (r.label === null) return t('privateTopic');
  const flat = r.label.replace(/\s+/g, ' ').trim();
  return `“${truncate(flat, max).replace(MARKDOWN, '\\$&')}”`;
}

function trend(r: TopicRow, t: ReturnType<typeof insightsText.for>, locale: string | undefined): string {
  if (r.previous === 0) return r.questions > 0 ? `🆕 ${t('trendNew')}` : '';
  const d = r.questions - r.previous;
  if (d === 0) return '＝';
  return d > 0 ? `▲ ${formatNumber(locale, d)}` : `▼ ${formatNumber(locale, -d)}`;
}

/** How many pages the longer of the two lists fills. */
export function pageCount(r: InsightsReport): number {
  return Math.max(1, Math.ceil(Math.max(r.topics.length, r.gaps.length) / PAGE_SIZE));
}

/** The text of one page (`digest`: the weekly digest's title, no pages). */
export function insightsContent(
  r: InsightsReport,
  page: number,
  locale: string | undefined,
  opts: { digest?: boolean } = {},
): string {
  const t = insightsText.for(locale);
  const n = (x: number) => formatNumber(locale, x);
  let content = '';
  for (const labelMax of [90, 60, 40, 20]) {
    const lines: string[] = [];
    const period = { from: formatDay(locale, r.sinceMs), to: formatDay(locale, r.untilMs - 1) };
    lines.push(opts.digest ? t('digestTitle', period) : t('title', period));
    if (r.total === 0) {
      lines.push(t('noQuestions'));
      return lines.join('\n');
    }
    lines.push(t('totals', { total: n(r.total), private: n(r.private), previous: n(r.previousTotal) }));
    const o = r.byOutcome;
    lines.push(
      t('outcomes', {
        answered: n(o.answered),
        nothing: n(o.nothing_found),
        degraded: n(o.degraded),
        busy: n(o.busy),
        cutOff: n(o.cut_off),
        failed: n(o.failed),
      }),
    );
    const rated = r.ratings.up + r.ratings.down;
    lines.push(
      rated === 0
        ? t('noRatings')
        : t('ratings', {
            up: n(r.ratings.up),
            down: n(r.ratings.down),
            share: `${n((100 * r.ratings.up) / rated)} %`,
          }),
    );
    const from = page * PAGE_SIZE;
    const topics = r.topics.slice(from, from + PAGE_SIZE);
    lines.push('');
    if (topics.length > 0) {
      lines.push(
        t('topicsHeading', { from: n(from + 1), to: n(from + topics.length), count: n(r.topics.length) }),
      );
      for (const [i, row] of topics.entries()) {
        lines.push(
          `${from + i + 1}. ${topicName(row, t, labelMax)} · **${n(row.questions)}** ${trend(row, t, locale)}`.trimEnd(),
        );
      }
    }
    const gaps = r.gaps.slice(from, from + PAGE_SIZE);
    lines.push('');
    if (r.gaps.length === 0) lines.push(t('noGaps'));
    else if (gaps.length > 0) {
      lines.push(t('gapsHeading', { from: n(from + 1), to: n(from + gaps.length), count: n(r.gaps.length) }));
      for (const [i, row] of gaps.entries()) {
        lines.push(
          `${from + i + 1}. ${topicName(row, t, labelMax)} · **${n(row.gaps)}**/${n(row.questions)}: ${t(
            'gapParts',
            {
              nothing: n(row.nothingFound),
              down: n(row.ratedDown),
              handed: n(row.handedOff),
            },
          )}`,
        );
      }
    }
    lines.push('');
    if (r.channels.length === 0) lines.push(t('noChannels'));
    else {
      lines.push(t('channelsHeading'));
      for (const c of r.channels.slice(0, CHANNELS_SHOWN))
        lines.push(`<#${c.channelId}> · **${n(c.questions)}**`);
    }
    if (r.byKeywords > 0) lines.push('', `⚠️ ${t('keywordsNote', { count: n(r.byKeywords) })}`);
    if (opts.digest) lines.push('', t('digestMore'));
    content = lines.join('\n');
    if (content.length <= CONTENT_MAX) return content;
  }
  return truncate(content, CONTENT_MAX);
}

/** ◀ ▶ under a page (none when everything fits on one). */
export function pageButtons(
  r: InsightsReport,
  page: number,
  locale: string | undefined,
): APIActionRowComponent<APIButtonComponent>[] {
  const pages = pageCount(r);
  if (pages <= 1) return [];
  const t = insightsText.for(locale);
  const button = (label: string, to: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: truncate(label, 80),
    custom_id: encodeCustomId({ kind: 'insights-page', days: r.days, page: to }),
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        // Two buttons may not share a custom id: the disabled one points one page off too.
        button(t('previous'), Math.max(0, page - 1), page === 0),
        button(
          `${t('next')} (${page + 1}/${pages})`,
          Math.min(pages - 1, page + 1) + (page >= pages - 1 ? 1 : 0),
          page >= pages - 1,
        ),
      ],
    },
  ];
}
