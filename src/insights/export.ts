/**
 * `npm run insights`: the same figures as `/insights`, for operators, as a table (text), CSV (the
 * topic table, one row per topic) or JSON (everything). Operators also see the texts of public
 * questions of each topic; private questions are counted and never listed.
 */
import type { Store } from '../store/types';
import type { InsightsReport, TopicRow } from './report';

/** Public questions listed per topic. */
export const EXAMPLES_PER_TOPIC = 10;

export interface ExportTopic {
  rank: number;
  /** null: the questions not grouped yet. */
  topicId: string | null;
  /** The topic's most typical public question; null when it has none, or not grouped yet. */
  name: string | null;
  questions: number;
  previousPeriod: number;
  gaps: number;
  nothingFound: number;
  ratedDown: number;
  handedOff: number;
  byKeywords: number;
  /** Public questions of the topic in the period, newest first (never private ones). */
  publicQuestions: { id: string; text: string; outcome: string; askedAt: string }[];
}

export interface InsightsExport {
  guildId: string;
  days: number;
  from: string;
  to: string;
  questions: {
    total: number;
    private: number;
    previousPeriod: number;
    byOutcome: InsightsReport['byOutcome'];
  };
  ratings: { up: number; down: number; upShare: number | null };
  byKeywords: number;
  topics: ExportTopic[];
  /** Topic ranks (in `topics`) with gaps, most gaps first. */
  gaps: { rank: number; topicId: string | null; gaps: number }[];
  channels: { channelId: string; name: string; questions: number }[];
  daily: { date: string; questions: number; gaps: number }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The report with each topic's public questions and the channels' names, ready to print. */
export async function exportOf(
  store: Store,
  r: InsightsReport,
  examples = EXAMPLES_PER_TOPIC,
): Promise<InsightsExport> {
  const names = new Map((await store.channels.allOfGuild(r.guildId)).map((c) => [c.id, c.name]));
  const topics: ExportTopic[] = [];
  for (const [i, t] of r.topics.entries()) {
    const texts = await store.insights.publicTexts(r.guildId, t.topicId, r.sinceMs, r.untilMs, examples);
    topics.push({
      rank: i + 1,
      topicId: t.topicId,
      name: t.label,
      questions: t.questions,
      previousPeriod: t.previous,
      gaps: t.gaps,
      nothingFound: t.nothingFound,
      ratedDown: t.ratedDown,
      handedOff: t.handedOff,
      byKeywords: t.byKeywords,
      publicQuestions: texts.map((q) => ({
        id: q.id,
        text: q.text,
        outcome: q.outcome,
        askedAt: iso(q.askedAt),
      })),
    });
  }
  const rank = new Map(r.topics.map((t, i) => [t, i + 1]));
  const rated = r.ratings.up + r.ratings.down;
  return {
    guildId: r.guildId,
    days: r.days,
    from: iso(r.sinceMs),
    to: iso(r.untilMs),
    questions: {
      total: r.total,
      private: r.private,
      previousPeriod: r.previousTotal,
      byOutcome: r.byOutcome,
    },
    ratings: { ...r.ratings, upShare: rated === 0 ? null : r.ratings.up / rated },
    byKeywords: r.byKeywords,
    topics,
    gaps: r.gaps.map((g: TopicRow) => ({ rank: rank.get(g) ?? 0, topicId: g.topicId, gaps: g.gaps })),
    channels: r.channels.map((c) => ({ ...c, name: names.get(c.channelId) ?? '' })),
    daily: r.daily.map((d) => ({
      date: iso(d.day * 86_400_000).slice(0, 10),
      questions: d.questions,
      gaps: d.gaps,
    })),
  };
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'rank',
  'topic_id',
  'name',
  'questions',
  'previous_period',
  'gaps',
  'nothing_found',
  'rated_down',
  'handed_off',
  'by_keywords',
  'public_questions',
] as const;

/** The topic table as CSV (RFC 4180, CRLF): one row per topic, its public questions in the last field, one per line. */
export function toCsv(e: InsightsExport): string {
  const rows = e.topics.map((t) =>
    [
      t.rank,
      t.topicId,
      t.name,
      t.questions,
      t.previousPeriod,
      t.gaps,
      t.nothingFound,
      t.ratedDown,
      t.handedOff,
      t.byKeywords,
      t.publicQuestions.map((q) => q.text.replace(/\s+/g, ' ')).join('\n'),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const oneLine = (s: string, max = 100) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Everything as text for a terminal. */
export function toTable(e: InsightsExport): string {
  const out: string[] = [];
  const q = e.questions;
  out.push(
    `Guild ${e.guildId}: the last ${e.days} days (${e.from.slice(0, 16)} to ${e.to.slice(0, 16)} UTC)`,
  );
  out.push(
    `Questions: ${q.total} (${q.private} asked privately) · the ${e.days} days before: ${q.previousPeriod}`,
  );
  const o = q.byOutcome;
  out.push(
    `Answered ${o.answered} · nothing found ${o.nothing_found} · degraded ${o.degraded} · busy ${o.busy} · cut off ${o.cut_off} · failed ${o.failed}`,
  );
  out.push(
    `Ratings: 👍 ${e.ratings.up} · 👎 ${e.ratings.down}${e.ratings.upShare === null ? '' : ` (${Math.round(100 * e.ratings.upShare)} % 👍)`}`,
  );
  if (e.byKeywords > 0)
    out.push(`${e.byKeywords} questions are grouped by keywords (the embedding model could not be reached)`);
  out.push('', 'Topics (questions, the period before, gaps: nothing found / 👎 / handed to a human)');
  for (const t of e.topics) {
    out.push(
      `${pad(t.rank, 3)}. ${pad(t.questions, 5)} ${pad(t.previousPeriod, 5)}  gaps ${pad(t.gaps, 4)} (${t.nothingFound}/${t.ratedDown}/${t.handedOff})  ${
        t.topicId === null
          ? '(not grouped yet)'
          : t.name === null
            ? '(private questions only)'
            : `“${oneLine(t.name)}”`
      }`,
    );
    for (const pq of t.publicQuestions)
      out.push(`        ${pq.askedAt.slice(0, 10)} ${pq.outcome.padEnd(13)} ${oneLine(pq.text)}`);
  }
  out.push('', 'Gaps (topic rank: gaps)');
  out.push(e.gaps.length === 0 ? '  none' : `  ${e.gaps.map((g) => `#${g.rank}: ${g.gaps}`).join(' · ')}`);
  out.push('', 'Channels whose messages answered most (questions)');
  if (e.channels.length === 0) out.push('  none');
  for (const c of e.channels) out.push(`  ${pad(c.questions, 5)}  #${c.name || '?'} (${c.channelId})`);
  out.push('', 'Questions per day (questions / gaps)');
  out.push(`  ${e.daily.map((d) => `${d.date.slice(5)} ${d.questions}/${d.gaps}`).join('  ')}`);
  return `${out.join('\n')}\n`;
}
