import { formattingLocale } from './catalogue';
import { FORMATS } from './format';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `n` rounded and grouped for the reader's locale: 12345 → "12,345" (en), "12.345" (de), "12 345" (fr). */
export function formatNumber(tag: string | undefined | null, n: number): string {
  const locale = formattingLocale(tag);
  let f = numberFormats.get(locale);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(locale, f);
  }
  return f.format(Math.round(n));
}

/** A day (Unix ms, in UTC) for the reader's locale: "Mar 5, 2024" (en-US), "5. März 2024" (de). */
export function formatDay(tag: string | undefined | null, ms: number): string {
  const locale = formattingLocale(tag);
  let f = dayFormats.get(locale);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, FORMATS.date.day);
    dayFormats.set(locale, f);
  }
  return f.format(ms);
}
