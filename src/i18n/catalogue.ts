import { formatPattern, type Values } from './format';
import { canonicalTag, LOCALES, type Locale, resolveLocale, SOURCE_LOCALE, sameLanguage } from './locales';

/** The English (en-US) sentences of a namespace: key → ICU MessageFormat pattern. */
export type Source<K extends string> = Readonly<Record<K, string>>;

/**
 * Every other locale's sentences of a namespace. A locale may leave a key out (it falls back to a
 * locale of the same language, then to English), but the catalogue test requires every key in
 * every locale, except in `en-GB`, which holds only what differs from `en-US`.
 */
export type Translations<K extends string> = {
  readonly [L in Exclude<Locale, typeof SOURCE_LOCALE>]: { readonly [P in K]?: string };
};

/** A sentence decided now and written later, in the locale of whoever reads it (e.g. an error's). */
export interface Sentence {
  /** `namespace:key`, for logs and tests. */
  readonly key: string;
  /** The sentence in `locale` (any tag; unknown or absent gives English). */
  format(locale?: string | null): string;
}

/** A namespace's sentences: one file in `src/i18n/messages/`, typed by its keys. */
export interface Messages<K extends string> {
  readonly namespace: string;
  readonly source: Source<K>;
  readonly translations: Translations<K>;
  /**
   * The sentence `key` in `locale`'s language (any tag; unknown or absent gives English), with
   * `values` for its placeholders. Never throws and never shows a key: a translation that fails
   * to format falls back to English.
   */
  format(locale: string | undefined | null, key: K, values?: Values): string;
  /** `format` bound to one locale: `const t = ask.for(interaction.locale); t('busy')`. */
  for(locale: string | undefined | null): (key: K, values?: Values) => string;
  /** A sentence to be written later in the reader's locale. */
  sentence(key: K, values?: Values): Sentence;
}

/** Where a key's pattern is looked up for `locale`: the locale, another of its language, English. */
function chain(locale: Locale): Locale[] {
  const out: Locale[] = [locale];
  for (const l of LOCALES) if (!out.includes(l) && sameLanguage(l, locale)) out.push(l);
  if (!out.includes(SOURCE_LOCALE)) out.push(SOURCE_LOCALE);
  return out;
}
const chains = new Map<Locale, Locale[]>();

/**
 * The locale numbers and dates are written in for a member whose client says `tag`: their own
 * when a catalogue speaks its language (es-419 reads es-ES sentences with Latin American
 * numbers), else the catalogue's (an Italian client reads English sentences with English numbers).
 */
export function formattingLocale(tag: string | undefined | null): string {
  const wanted = canonicalTag(tag);
  const locale = resolveLocale(wanted);
  return wanted !== undefined && sameLanguage(wanted, locale) ? wanted : locale;
}

/**
 * Defines a namespace of sentences: English first, then the translations. Nothing is parsed until
 * a sentence is first formatted, so loading a namespace costs only its object literal.
 *
 * @example
 * export const ask = defineMessages('ask', { busy: "I'm busy." }, { de: { busy: 'Ich bin beschäftigt.' }, … });
 */
export function defineMessages<K extends string>(
  namespace: string,
  source: Source<K>,
  translations: Translations<NoInfer<K>>,
): Messages<K> {
  const patternIn = (l: Locale, key: K): string | undefined =>
    l === SOURCE_LOCALE ? source[key] : translations[l][key];
  const format = (tag: string | undefined | null, key: K, values?: Values): string => {
    const locale = resolveLocale(tag);
    let lookup = chains.get(locale);
    if (lookup === undefined) {
      lookup = chain(locale);
      chains.set(locale, lookup);
    }
    const wanted = canonicalTag(tag);
    for (const l of lookup) {
      const pattern = patternIn(l, key);
      if (pattern === undefined) continue;
      // Numbers and dates follow the member's own locale when it speaks the pattern's language.
      const formatLocale = wanted !== undefined && sameLanguage(wanted, l) ? wanted : l;
      try {
        return formatPattern(pattern, formatLocale, values);
      } catch {
        // A broken translation (the catalogue test catches these) falls back to the next locale.
      }
    }
    // English itself could not be formatted (a value was missing): the sentence as written.
    return source[key];
  };
  return {
    namespace,
    source,
    translations,
    format,
    for: (tag) => (key, values) => format(tag, key, values),
    sentence: (key, values) => ({
      key: `${namespace}:${key}`,
      format: (tag) => format(tag, key, values),
    }),
  };
}
