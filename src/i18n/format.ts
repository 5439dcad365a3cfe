import { createRequire } from 'node:module';
import type { IntlMessageFormat } from 'intl-messageformat';

let Formatter: typeof IntlMessageFormat | undefined;
/**
 * intl-messageformat, loaded on the first pattern that needs it (synchronously: Node ≥ 20.19
 * `require`s an ES module): an endpoint's deferrals never do, and loading it costs a cold start
 * about 7 ms and 1.6 MiB.
 */
function formatter(): typeof IntlMessageFormat {
  Formatter ??= (createRequire(import.meta.url)('intl-messageformat') as typeof import('intl-messageformat'))
    .IntlMessageFormat;
  return Formatter;
}

/** A value a message's placeholder takes: text, a number (plural, number), a Date or Unix ms (date). */
export type Value = string | number | Date | boolean;
export type Values = Readonly<Record<string, Value | undefined>>;

/**
 * Named formats a message may use: `{n, number, seconds}` (one decimal), `{at, date, day}` and
 * `{at, date, minute}` (in UTC: the bot does not know a member's time zone, so it says "UTC").
 */
export const FORMATS = {
  number: {
    seconds: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  },
  date: {
    day: { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' },
    minute: {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
      timeZoneName: 'short',
    },
  },
} as const;

// A pattern without braces and without a doubled apostrophe reads the same after ICU formatting
// (a lone apostrophe only quotes before a brace, `#` or `|`): no parse, and no Intl data loaded.
const needsFormatting = (pattern: string) => /[{}]|''/.test(pattern);

const compiled = new Map<string, IntlMessageFormat>();

/**
 * One ICU MessageFormat pattern formatted for `locale` (CLDR plural rules and number and date
 * formats through the platform's `Intl`). Tags are not parsed, so `<#123>` stays literal. Parsed
 * patterns are cached. Throws on a malformed pattern or a missing value.
 * https://unicode-org.github.io/icu/userguide/format_parse/messages/
 */
export function formatPattern(pattern: string, locale: string, values?: Values): string {
  if (!needsFormatting(pattern)) return pattern;
  const id = `${locale}\u0000${pattern}`;
  let mf = compiled.get(id);
  if (mf === undefined) {
    mf = new (formatter())(pattern, locale, FORMATS, { ignoreTag: true });
    compiled.set(id, mf);
  }
  const out = mf.format<string>(values as Record<string, Value> | undefined);
  return Array.isArray(out) ? out.join('') : String(out);
}
