/**
 * The insights of one guild over a period, read from the store: counts only, no regrouping (each
 * question was placed in its topic when it was recorded). The same figures feed `/insights`, the
 * weekly digest and `npm run insights`.
 */
import type { QuestionOutcome, Store, TopicFigures } from '../store/types';

export const DAY_MS = 86_400_000;
/** `/insights` without `days:`. */
export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 365;

/** One topic's line: its name, its questions now and in the period before, its gaps. */
export interface TopicRow extends TopicFigures {
  /** The medoid's text (a public question); null when the topic holds only private questions or is not grouped yet. */
  label: string | null;
  /** Questions of the same topic in the period before (the trend). */
  previous: number;
}

export interface InsightsReport {
  guildId: string;
  days: number;
  /** [sinceMs, untilMs): the period. */
  sinceMs: number;
  untilMs: number;
  total: number;
  /** Of them asked privately (counted, never shown). */
  private: number;
  /** Questions in the period before, of the same length. */
  previousTotal: number;
  byOutcome: Record<QuestionOutcome, number>;
  /** Topics by questions, most first (the questions not grouped yet as one row, topicId null). */
  topics: TopicRow[];
  /** Topics with gaps, most gaps first. */
  gaps: TopicRow[];
  /** Channels whose messages the answers cited, most questions first. */
  channels: { channelId: string; questions: number }[];
  ratings: { up: number; down: number };
  /** Questions of the period grouped by keywords (the embedding model was unreachable). */
  byKeywords: number;
  /** Questions and gaps per UTC day, every day of the period (zeros included), oldest first. */
  daily: { day: number; questions: number; gaps: number }[];
}

const OUTCOMES: QuestionOutcome[] = ['answered', 'nothing_found', 'degraded', 'busy', 'cut_off', 'failed'];

/**
 * The report of the `days` days before `now` (and the same length before that, for trends):
 * about a dozen indexed queries whatever the number of questions.
 */
export async function buildReport(
  store: Store,
  guildId: string,
  days: number,
  now: number,
  opts: { channels?: number } = {},
): Promise<InsightsReport> {
  const untilMs = now;
  const sinceMs = now - days * DAY_MS;
  const previousSince = sinceMs - days * DAY_MS;
  const q = store.insights;
  const [figures, before, outcomes, previous, channels, ratings, daily] = await Promise.all([
    q.topicFigures(guildId, sinceMs, untilMs),
    q.topicFigures(guildId, previousSince, sinceMs),
    q.outcomes(guildId, sinceMs, untilMs),
    q.outcomes(guildId, previousSince, sinceMs),
    q.sourceChannels(guildId, sinceMs, untilMs, opts.channels ?? 10),
    q.ratings(guildId, sinceMs, untilMs),
    q.daily(guildId, sinceMs, untilMs),
  ]);
  const labels = new Map(
    (await q.labels(figures.flatMap((f) => (f.topicId === null ? [] : [f.topicId])))).map((l) => [
      l.topicId,
      l,
    ]),
  );
  const prev = new Map(before.map((f) => [f.topicId, f.questions]));
  const rows: TopicRow[] = figures.map((f) => ({
    ...f,
    label: f.topicId === null ? null : (labels.get(f.topicId)?.text ?? null),
    previous: prev.get(f.topicId) ?? 0,
  }));
  const byTopic = (a: TopicRow, b: TopicRow) =>
    b.questions - a.questions || (a.topicId ?? '~').localeCompare(b.topicId ?? '~');
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, outcomes.byOutcome[o] ?? 0])) as Record<
    QuestionOutcome,
    number
  >;
  const firstDay = Math.floor(sinceMs / DAY_MS);
  const lastDay = Math.floor((untilMs - 1) / DAY_MS);
  const perDay = new Map(daily.map((d) => [d.day, d]));
  return {
    guildId,
    days,
    sinceMs,
    untilMs,
    total: outcomes.total,
    private: outcomes.private,
    previousTotal: previous.total,
    byOutcome,
    topics: [...rows].sort(byTopic),
    gaps: rows.filter((r) => r.gaps > 0).sort((a, b) => b.gaps - a.gaps || byTopic(a, b)),
    channels,
    ratings,
    byKeywords: rows.reduce((n, r) => n + r.byKeywords, 0),
    daily: Array.from({ length: lastDay - firstDay + 1 }, (_, i) => {
      const day = firstDay + i;
      return { day, questions: perDay.get(day)?.questions ?? 0, gaps: perDay.get(day)?.gaps ?? 0 };
    }),
  };
}
