import { sql } from 'drizzle-orm';
import { type KeywordIndex, scopeCondition } from '../queries/messages';
import type { Executor } from '../sql';
import { selectTerms, termWords } from '../terms';

/** How long the word frequencies read from pg_stats are reused. */
const STATS_TTL_MS = 5 * 60_000;

interface WordStats {
  at: number;
  rows: number;
  /** Fraction of rows holding each of the most common words. */
  common: Map<string, number>;
  /** Below this fraction a word is not in the list: rare. */
  floor: number;
}

/** A tsquery lexeme: words hold only letters, marks and digits (terms.ts), quoted all the same. */
const lexeme = (word: string) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/**
 * Keyword search with PostgreSQL full-text search (migrations/postgres/0005): `messages.search`
 * (tsvector of each message's words, `search_text`, with positions; GIN index) matched by a
 * tsquery of the rarest terms, written as a literal so no text search parser (and no locale)
 * changes a word, ranked with `ts_rank_cd`. Word
 * frequencies come from the planner's statistics (`pg_stats.most_common_elems`), so choosing the
 * terms costs one cached read instead of a count per word.
 * https://www.postgresql.org/docs/15/textsearch-controls.html
 */
export function postgresKeywords(): KeywordIndex {
  let stats: WordStats | undefined;
  let analyzing = false;
  const load = async (exec: Executor): Promise<WordStats> => {
    if (stats !== undefined && Date.now() - stats.at < STATS_TTL_MS) return stats;
    const row = await exec.get<{ elems: string[] | null; freqs: number[] | null; rows: unknown }>(sql`
      SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs,
             (SELECT reltuples FROM pg_class WHERE oid = 'messages'::regclass) AS rows
      FROM (SELECT 1) one
      LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'search'`);
    const elems = row?.elems ?? [];
    const freqs = row?.freqs ?? [];
    const rows = Math.max(0, Number(row?.rows ?? 0));
    const common = new Map<string, number>();
    elems.forEach((w, i) => {
      common.set(w, freqs[i] ?? 0);
    });
    // After the per-word frequencies come their minimum and maximum.
    const floor = freqs[elems.length] ?? 0;
    if (elems.length === 0 && rows > 10_000 && !analyzing) {
      // No statistics yet on a large table (autovacuum has not analyzed it): gather them once.
      analyzing = true;
      void exec.run(sql`ANALYZE messages (search)`).catch(() => {});
    }
    stats = { at: Date.now(), rows, common, floor };
    return stats;
  };
  return {
    async search(exec, scope, terms, limit, budget) {
      const s = await load(exec);
      // A word the statistics do not list is rarer than every listed one: count it at half the floor.
      const docCount = (w: string) => Math.max(1, Math.round((s.common.get(w) ?? s.floor / 2) * s.rows));
      const chosen = selectTerms(terms, docCount, budget);
      if (chosen.length === 0) return [];
      // A term of several words is a phrase.
      const query = chosen.map((t) => `(${termWords(t).map(lexeme).join(' <-> ')})`).join(' | ');
      const rows = await exec.all<{ id: string }>(sql`
        SELECT m.id AS id FROM messages m, CAST(${query} AS tsquery) q
        WHERE m.search @@ q AND ${scopeCondition(exec, scope, 'm')}
        ORDER BY ts_rank_cd(m.search, q) DESC, m.created_at DESC LIMIT ${limit}`);
      return rows.map((r) => r.id);
    },
  };
}
