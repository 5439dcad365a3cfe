import { sql } from 'drizzle-orm';
import { type KeywordIndex, scopeCondition } from '../queries/messages';
import { asNumber } from '../sql';
import { selectTerms, termWords } from '../terms';

/**
 * Keyword search with SQLite FTS5 (migrations/0001): BM25 over the contentless `messages_fts`
 * table, document frequencies from its `fts5vocab` view (0004) to pick the rarest terms first.
 * https://www.sqlite.org/fts5.html
 */
export const fts5Keywords: KeywordIndex = {
  async search(exec, scope, terms, limit, budget) {
    // At most 32 terms of a few words each: a bounded list of parameters.
    const words = [...new Set(terms.flatMap(termWords))];
    if (words.length === 0) return [];
    const rows = await exec.all<{ term: string; doc: unknown }>(
      sql`SELECT term, doc FROM messages_fts_vocab WHERE term IN (${sql.join(
        words.map((w) => sql`${w}`),
        sql`, `,
      )})`,
    );
    const docs = new Map(rows.map((r) => [r.term, asNumber(r.doc)]));
    const chosen = selectTerms(terms, (w) => docs.get(w) ?? 0, budget);
    if (chosen.length === 0) return [];
    // Each term quoted: a phrase of its words, so nothing in a question is ever FTS5 syntax.
    const match = chosen.map((t) => `"${t.replaceAll('"', '')}"`).join(' OR ');
    const hits = await exec.all<{ id: string }>(sql`
      SELECT m.id AS id FROM messages_fts f
      JOIN messages m ON m.id = CAST(f.rowid AS TEXT)
      WHERE messages_fts MATCH ${match} AND ${scopeCondition(exec, scope, 'm')}
      ORDER BY bm25(messages_fts) LIMIT ${limit}`);
    return hits.map((h) => h.id);
  },
};
