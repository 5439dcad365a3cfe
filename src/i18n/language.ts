/**
 * The language an answer is written in: the question's when a detector is sure of it, else the
 * member's Discord locale (for help-channel answers: the post's language, else the server's
 * `guild_locale`). Detection is `eld` (Efficient Language Detector, n-grams): loaded on first use
 * (about 0.4 s, 1.6 MB of n-grams), so only answer workers pay for it, never the endpoint.
 */
import { canonicalTag, languageOf } from './locales';

/** What the model is told to write in. */
export interface AnswerLanguage {
  /** A BCP 47 tag: `de`, `pt-BR`, `zh-Hant`, or a bare language (`it`) when only the question said it. */
  tag: string;
  /** Its English name, for the prompt: "German", "Brazilian Portuguese", "Traditional Chinese". */
  name: string;
  /** Its own name: "Deutsch", "português (Brasil)", "繁體中文". */
  nativeName: string;
  /** Where it came from. */
  source: 'question' | 'locale' | 'guild_locale' | 'default';
}

/** A detection the caller may trust. */
export interface DetectedLanguage {
  /** ISO 639-1. */
  language: string;
  /** eld's score of that language, 0..1. */
  score: number;
}

/**
 * The languages detection chooses among: those of Discord's locales, plus Arabic, Hebrew and
 * Persian (scripts no other language here uses). Fewer candidates, fewer confusions on short
 * questions (Japanese with Latin words was read as Latvian among all 60). Malay stands for
 * Indonesian (eld has no `id`; the two are close enough to read each other).
 */
const CANDIDATES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'fi',
  'fr',
  'hi',
  'hr',
  'hu',
  'it',
  'ja',
  'ko',
  'lt',
  'ms',
  'nl',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sv',
  'th',
  'tr',
  'uk',
  'vi',
  'zh',
  'ar',
  'he',
  'fa',
];
const ALIASES: Record<string, string> = { ms: 'id' };
/** A question in a spaced script needs at least two words and this many letters to be clear. */
const MIN_LETTERS = 6;
/** Within this much of the best score, the member's own language wins (Помогите: ru 0.84, bg 0.84). */
const CLOSE = 0.03;

type Eld = {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
  setLanguageSubset(languages: string[] | boolean): unknown;
};
let detector: Promise<Eld> | undefined;

function loadDetector(): Promise<Eld> {
  detector ??= import('eld/small').then(({ eld }) => {
    eld.setLanguageSubset(CANDIDATES);
    return eld as Eld;
  });
  return detector;
}

// What is never the asker's own prose: code, links, Discord mentions, emoji and timestamps.
const NOT_PROSE = [
  /```[\s\S]*?(```|$)/g,
  /`[^`\n]*`/g,
  /\bhttps?:\/\/\S+/g,
  /<a?:\w+:\d+>|<[@#]!?&?\d+>|<\/[^>]+>|<t:\d+(:\w)?>/g,
  // File names, paths and dotted identifiers (deploy.sh, src/app.ts, node:20) read as any language.
  /\S*\w[._/\\:]\w\S*/gu,
];
// Quoted text (an English error message quoted in a German question) is left out too, unless the
// question is nothing but a quote.
const QUOTED = /"[^"\n]*"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|「[^」\n]*」|『[^』\n]*』/g;
const hasWords = (text: string) => /\p{L}{2}/u.test(text);

/** The asker's own words: the question without code, links and mentions, and without quotes when more remains. */
export function proseOf(text: string): string {
  let prose = text;
  for (const pattern of NOT_PROSE) prose = prose.replace(pattern, ' ');
  const unquoted = prose.replace(QUOTED, ' ');
  return (hasWords(unquoted) ? unquoted : prose).replace(/\s+/g, ' ').trim();
}

/**
 * The language of `text` when the detector is sure (eld's own reliability test: enough n-grams
 * and a clear lead), or when a script says it (kana: Japanese; Hangul: Korean; Han without kana:
 * Chinese); otherwise
 * undefined. `prefer` (the member's or server's language) wins a near tie.
 */
export async function detectLanguage(
  text: string,
  prefer: ReadonlyArray<string | undefined> = [],
): Promise<DetectedLanguage | undefined> {
  const prose = proseOf(text);
  // Too little to tell ("ok", "Danke!", "deploy?"): not clear, whatever the detector would guess.
  const letters = prose.match(/\p{L}/gu)?.length ?? 0;
  const words = prose.match(/\p{L}[\p{L}\p{M}'’-]*/gu)?.length ?? 0;
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(prose);
  if (unspaced ? letters < 2 : letters < MIN_LETTERS || words < 2) return undefined;
  const eld = await loadDetector();
  const result = eld.detect(prose);
  const scores = result.getScores();
  const best = result.language;
  let language: string | undefined;
  if (best !== '' && result.isReliable()) language = best;
  else if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(prose)) language = 'ja';
  else if (/\p{Script=Hangul}/u.test(prose)) language = 'ko';
  // Han characters without kana: Chinese (Japanese prose always has kana).
  else if (/\p{Script=Han}/u.test(prose)) language = 'zh';
  if (language === undefined) return undefined;
  const top = scores[language] ?? 0;
  for (const wanted of prefer) {
    const code =
      wanted === undefined ? undefined : (Object.keys(ALIASES).find((k) => ALIASES[k] === wanted) ?? wanted);
    if (code !== undefined && code !== language && (scores[code] ?? -1) >= top - CLOSE) {
      return { language: ALIASES[code] ?? code, score: scores[code] ?? 0 };
    }
  }
  return { language: ALIASES[language] ?? language, score: top };
}

const englishNames = new Map<string, Intl.DisplayNames>();
function displayName(tag: string, inLocale: string): string {
  let names = englishNames.get(inLocale);
  if (names === undefined) {
    names = new Intl.DisplayNames([inLocale], { type: 'language', fallback: 'code' });
    englishNames.set(inLocale, names);
  }
  return names.of(tag) ?? tag;
}

/**
 * The tag the model is told: Chinese by its script (zh-CN → zh-Hans, zh-TW → zh-Hant), since the
 * region says nothing a writer needs; every other locale as it is (pt-BR, en-GB, es-419).
 */
function writingTag(tag: string): string {
  const locale = new Intl.Locale(tag);
  if (locale.language !== 'zh' || tag === 'zh') return locale.toString();
  return `zh-${locale.maximize().script ?? 'Hans'}`;
}

function named(tag: string, source: AnswerLanguage['source']): AnswerLanguage {
  const t = writingTag(tag);
  return { tag: t, name: displayName(t, 'en'), nativeName: displayName(t, t), source };
}

/**
 * The language to answer in: the question's when it is clear (detected by eld; the member's own
 * locale keeps its region when it is that language: a pt-BR member asking in Portuguese gets
 * Brazilian Portuguese; Chinese is a bare `zh`, written in the question's script), else `locale` (the member's client language), else `guildLocale`
 * (the server's), else English. For help-channel answers pass the post's text and the server's
 * `guild_locale` only.
 * https://discord.com/developers/docs/reference#locales
 */
export async function answerLanguage(input: {
  text: string;
  locale?: string | null | undefined;
  guildLocale?: string | null | undefined;
}): Promise<AnswerLanguage> {
  const locale = canonicalTag(input.locale);
  const guildLocale = canonicalTag(input.guildLocale);
  const detected = await detectLanguage(input.text, [languageOf(locale), languageOf(guildLocale)]);
  if (detected !== undefined) {
    // Chinese is answered in the question's own script (Simplified or Traditional), which the
    // member's region does not tell: the prompt says so for a bare `zh`.
    const own =
      detected.language === 'zh'
        ? undefined
        : [locale, guildLocale].find((l) => l !== undefined && languageOf(l) === detected.language);
    return named(own ?? detected.language, 'question');
  }
  if (locale !== undefined) return named(locale, 'locale');
  if (guildLocale !== undefined) return named(guildLocale, 'guild_locale');
  return named('en-US', 'default');
}
