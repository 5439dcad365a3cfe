/**
 * The words of a text as keyword search knows them: one function for the index (both dialects
 * store its output, `messages.search_text`) and for the question (store/terms.ts), so a question
 * matches what the index holds by construction, whatever the script.
 *
 * 1. NFKC, then lower case: full-width Latin, half-width kana and ligatures become their usual forms.
 * 2. Latin-style diacritics are folded (café → cafe, Ångström → angstrom, Łódź → lodz, straße →
 *    strasse): combining marks are dropped only after a Latin or Greek letter. Marks that belong to
 *    the letters of other scripts stay: Devanagari and Tamil vowel signs and viramas (डेटाबेस),
 *    kana voicing marks (が stays が, never か), Thai vowels and tone marks, Cyrillic й.
 * 3. Words are runs of letters, marks and digits (`_` and punctuation separate them: `ERR_OSSL_EVP`
 *    is `err ossl evp`, as before).
 * 4. Scripts written without spaces (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar) become
 *    overlapping bigrams of their characters (a character with its marks counts as one), as
 *    Lucene's CJK bigram filter does: 昨天部署失败了 holds 部署, 署失, 失败, so 部署失败 is found
 *    inside it. A lone character of such a script is kept as it is.
 *
 * Compared, by bench/tokenizers.ts, with FTS5's trigram tokenizer and PostgreSQL's pg_trgm (both
 * find substrings of 3 characters or more only, so the common two-character Chinese and Japanese
 * words and short Thai ones are not found, and both rank Latin words worse) and with a dictionary
 * segmenter (Intl.Segmenter: the same characters segment differently in different sentences, so a
 * question does not always match the index). Bigrams found every case of the test set in both
 * dialects; bench/README.md has the figures.
 */

const UNSPACED_CLASS =
  '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Hangul}\\p{scx=Thai}\\p{scx=Lao}\\p{scx=Khmer}\\p{scx=Myanmar}';
/** Scripts written without spaces between words: searched by character bigrams. */
const UNSPACED = new RegExp(`[${UNSPACED_CLASS}]`, 'u');
/** A run split into unspaced script (group 1, each character with its marks) and the rest. */
const SEGMENTS = new RegExp(`((?:[${UNSPACED_CLASS}]\\p{M}*)+)|(?:[^${UNSPACED_CLASS}]+)`, 'gu');
/** A run of letters, marks and digits: one word, or a run of unspaced script. */
const RUN = /[\p{L}\p{M}\p{N}]+/gu;
/** Letters whose diacritics are folded. */
const FOLDED_SCRIPTS = /[\p{Script=Latin}\p{Script=Greek}]/u;
const MARK = /\p{M}/u;
/** Latin letters with a stroke or a ligature, which Unicode does not decompose. */
const LATIN_EXTRA: Record<string, string> = {
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ħ: 'h',
  ŧ: 't',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is meant
const ASCII = /^[\x00-\x7f]*$/;
/** A word of ASCII text (the common case, matched without Unicode property tests). */
const ASCII_RUN = /[a-z0-9]+/g;
/** One character with the marks that follow it. */
const CLUSTER = /[^\p{M}]\p{M}*/gu;

/** Lower case, NFKC, Latin-style diacritics folded, other marks kept (steps 1 and 2 above). */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const lower = text.normalize('NFKC').toLowerCase();
  let out = '';
  let foldMarks = false;
  for (const ch of lower.normalize('NFD')) {
    if (MARK.test(ch)) {
      if (!foldMarks) out += ch;
      continue;
    }
    foldMarks = FOLDED_SCRIPTS.test(ch);
    out += LATIN_EXTRA[ch] ?? ch;
  }
  return out.normalize('NFC');
}

/** Adds the words of one run of letters, marks and digits to `out` (step 4 for unspaced scripts). */
function runWords(run: string, out: string[]): void {
  if (!UNSPACED.test(run)) {
    out.push(run);
    return;
  }
  // Split the run where it changes between unspaced and spaced script ("windows版本" → windows, 版本).
  for (const m of run.matchAll(SEGMENTS)) {
    const unspaced = m[1];
    if (unspaced === undefined) {
      out.push(m[0]);
      continue;
    }
    const chars = unspaced.match(CLUSTER) ?? [];
    if (chars.length === 1) out.push(unspaced);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
}

/** The words of already folded text (steps 3 and 4), in order. */
export function wordsOfFolded(folded: string): string[] {
  if (ASCII.test(folded)) return folded.match(ASCII_RUN) ?? [];
  const out: string[] = [];
  for (const m of folded.matchAll(RUN)) runWords(m[0], out);
  return out;
}

/** The words a keyword index holds for `text`, in order (every step above). */
export function indexWords(text: string): string[] {
  return wordsOfFolded(foldText(text));
}

/** Whether a word is a bigram (or lone character) of an unspaced script. */
export function isUnspacedWord(word: string): boolean {
  return UNSPACED.test(word);
}

/**
 * What a message's row holds for keyword search (`messages.search_text`): the words of its text and
 * its author's name, separated by single spaces. Both dialects index exactly these words.
 */
export function searchText(content: string, authorName: string): string {
  return indexWords(`${content}\n${authorName}`).join(' ');
}
