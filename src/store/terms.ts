/**
 * The words of a question that keyword search looks for, and which of them are worth the work.
 * Both dialects index text split at every character that is not a letter, digit or underscore
 * (then at underscores), lower-cased and without diacritics; these functions split questions the
 * same way.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what ' +
    'when where which who why will with would you your about anyone anything did does someone something ' +
    'tell know said say says talk talked'
  ).split(' '),
);

/** The distinct search terms of a text (letters, digits, underscore; lower case, no diacritics), without stopwords, at most 32. */
export function searchTerms(text: string): string[] {
  const folded = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return [...new Set(folded.match(/[\p{L}\p{N}_]{2,}/gu) ?? [])]
    .filter((t) => !STOPWORDS.has(t))
    .slice(0, 32);
}

/** The words an index holds for a term: `err_ossl_evp` is indexed as `err`, `ossl`, `evp`. */
export function termWords(term: string): string[] {
  return term.split('_').filter(Boolean);
}

/**
 * The terms worth searching for, rarest first, while the messages they match stay within `budget`:
 * rare terms carry the meaning (an error code, a name), and ranking every message that holds a
 * common word is what makes keyword search slow on a large server. A term that alone matches more
 * than the budget is left out (on a server that large such a word says little; the vector search
 * covers it), so the work of one search is bounded whatever the question. A term of several words
 * counts as its rarest word; a term no message holds is dropped.
 * @param docCount how many messages hold each word (an estimate will do)
 */
export function selectTerms(terms: string[], docCount: (word: string) => number, budget: number): string[] {
  const scored = terms
    .map((t) => ({ t, n: Math.min(...termWords(t).map(docCount)) }))
    .filter((x) => Number.isFinite(x.n) && x.n > 0 && x.n <= budget)
    .sort((a, b) => a.n - b.n);
  const chosen: string[] = [];
  let total = 0;
  for (const { t, n } of scored) {
    if (total + n > budget) break;
    chosen.push(t);
    total += n;
  }
  return chosen;
}
