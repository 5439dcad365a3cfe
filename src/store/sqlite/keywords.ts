import { sql } from 'drizzle-orm';
import { type KeywordIndex, scopeCondition } from '../queries/messages';
import { asNumber } from '../sql';
import { selectTerms, termWords } from '../terms';

/**
 * An FTS5 string: the term's words as one phrase, so that nothing in a question is ever FTS5 syntax
 * (words hold only letters, marks and digits: terms.ts).
 */
const phrase = (term: string) => `"${termWords(term).join(' ').replaceAll('"', '')}"`;

/**
 * Keyword search with SQLite FTS5 (migrations/0009): BM25 over the contentless `messages_fts`
 * table of each message's words (`search_text`, text/words.ts, with FTS5's `ascii` tokenizer, so
 * FTS5 splits nothing the words code did not split), the rarest terms first. How many messages hold a word is counted in the index itself,
 * up to `budget + 1` (a word above the budget is never searched, so its exact count is not
 * needed): at 300,000 messages that costs about 0.4 ms for a question's words, where the
 * `fts5vocab` view (0004), which walks each word's whole list, took 3.4 ms.
 * https://www.sqlite.org/fts5.html
 */
export const fts5Keywords: KeywordIndex = {
  async search(exec, scope, terms, limit, budget) {
    // At most 32 terms of a few words each: a bounded number of counts, each bounded by the budget.
    const words = [...new Set(terms.flatMap(termWords))];
    if (words.length === 0) return [];
    const docs = new Map<string, number>();
    for (const word of words) {
      const row = await exec.get<{ n: unknown }>(sql`
        SELECT count(*) AS n FROM (
          SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${phrase(word)} LIMIT ${budget + 1})`);
      docs.set(word, asNumber(row?.n));
    }
    const chosen = selectTerms(terms, (w) => docs.get(w) ?? 0, budget);
    if (chosen.length === 0) return [];
    const match = chosen.map(phrase).join(' OR ');
    const hits = await exec.all<{ id: string }>(sql`
      SELECT m.id AS id FROM messages_fts f
      JOIN messages m ON m.id = CAST(f.rowid AS TEXT)
      WHERE messages_fts MATCH ${match} AND ${scopeCondition(exec, scope, 'm')}
      ORDER BY bm25(messages_fts) LIMIT ${limit}`);
    return hits.map((h) => h.id);
  },
};
