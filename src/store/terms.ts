/**
 * The words of a question that keyword search looks for, and which of them are worth the work.
 * Both dialects index `messages.search_text`, the words text/words.ts finds in a message (folded,
 * unspaced scripts as bigrams); these functions find a question's words with the same code.
 */
import { foldText, isUnspacedWord, wordsOfFolded } from '../text/words';

const STOPWORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what ' +
    'when where which who why will with would you your about anyone anything did does someone something ' +
    'tell know said say says talk talked'
  ).split(' '),
);

/** Whether a (folded) word is too common in questions to be searched for ("what", "the", "about"). */
export const isStopword = (word: string): boolean => STOPWORDS.has(word);

/** A question's tokens: runs of letters, marks, digits and underscores (the underscores join a phrase). */
const TOKEN = /[\p{L}\p{M}\p{N}_]+/gu;

/**
 * The distinct search terms of a text, at most 32, without stopwords. A term is one indexed word,
 * or several joined by `_` that must follow each other (`err_ossl_evp`, from `ERR_OSSL_EVP`).
 * A run of an unspaced script gives each of its bigrams as a term of its own, so a question's
 * 部署失败怎么办 finds messages holding 部署失败 (the rarest bigrams weigh most). A term of one
 * character is left out unless it is a lone character of an unspaced script (猫).
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const m of foldText(text).matchAll(TOKEN)) {
    const token = m[0];
    if (token.includes('_')) {
      const words = token
        .split('_')
        .filter(Boolean)
        .flatMap((part) => wordsOfFolded(part));
      if (words.length > 1) terms.add(words.join('_'));
      else if (words[0] !== undefined) keepWord(words[0], terms);
    } else {
      for (const w of wordsOfFolded(token)) keepWord(w, terms);
    }
    if (terms.size >= 32) break;
  }
  return [...terms].slice(0, 32);
}

function keepWord(word: string, terms: Set<string>): void {
  if (STOPWORDS.has(word)) return;
  if ([...word].length < 2 && !isUnspacedWord(word)) return;
  terms.add(word);
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
