/**
 * The locales the bot writes its own sentences in, named by Discord's locale codes, and how any
 * locale Discord sends (a member's `locale`, a server's `guild_locale`) maps onto them.
 * https://discord.com/developers/docs/reference#locales
 */

/** Every locale with a complete catalogue. The first is the source language and the last fallback. */
export const LOCALES = [
  'en-US',
  'en-GB',
  'de',
  'fr',
  'es-ES',
  'pt-BR',
  'ru',
  'pl',
  'uk',
  'ja',
  'ko',
  'zh-CN',
] as const;

export type Locale = (typeof LOCALES)[number];

/** The locale the catalogues are written in first, and the fallback for every other. */
export const SOURCE_LOCALE = 'en-US' satisfies Locale;

/** Every locale code Discord sends (for validating registration payloads and tests). */
export const DISCORD_LOCALES = [
  'id',
  'da',
  'de',
  'en-GB',
  'en-US',
  'es-ES',
  'es-419',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'fi',
  'sv-SE',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'zh-CN',
  'ja',
  'zh-TW',
  'ko',
] as const;

/** `tag` as a canonical BCP 47 tag, or undefined when it is not one (`Intl` throws on those). */
export function canonicalTag(tag: string | undefined | null): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** Language and script of a tag (`zh-TW` → zh/Hant, `es-419` → es/Latn), from CLDR's likely subtags. */
function languageAndScript(tag: string): { language: string; script: string | undefined } {
  const maximal = new Intl.Locale(tag).maximize();
  return { language: maximal.language, script: maximal.script };
}

/** The language subtag of a tag: `pt-BR` → `pt`; undefined for a tag that is not BCP 47. */
export function languageOf(tag: string | undefined | null): string | undefined {
  const canonical = canonicalTag(tag);
  return canonical === undefined ? undefined : new Intl.Locale(canonical).language;
}

const resolved = new Map<string, Locale>();

/**
 * The catalogue locale for any tag Discord (or anyone) sends: the same locale; else one of the same
 * language written in the same script (`es-419` → `es-ES`, `en-AU` → `en-GB`'s group, but `zh-TW`,
 * written in Traditional characters, does not become `zh-CN`); else English.
 */
export function resolveLocale(tag: string | undefined | null): Locale {
  const canonical = canonicalTag(tag);
  if (canonical === undefined) return SOURCE_LOCALE;
  const known = resolved.get(canonical);
  if (known !== undefined) return known;
  let match: Locale = SOURCE_LOCALE;
  const exact = LOCALES.find((l) => l.toLowerCase() === canonical.toLowerCase());
  if (exact !== undefined) {
    match = exact;
  } else {
    const wanted = languageAndScript(canonical);
    const same = LOCALES.find((l) => {
      const have = languageAndScript(l);
      return have.language === wanted.language && have.script === wanted.script;
    });
    if (same !== undefined) match = same;
  }
  resolved.set(canonical, match);
  return match;
}

/** True when both tags name the same language (and script), e.g. `en-GB` and `en-US`. */
export function sameLanguage(a: string, b: string): boolean {
  const x = languageAndScript(a);
  const y = languageAndScript(b);
  return x.language === y.language && x.script === y.script;
}
