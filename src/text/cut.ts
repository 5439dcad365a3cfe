/**
 * Cutting text for display and budgets without splitting a character: every cut lands on a
 * grapheme-cluster boundary (Unicode UAX #29, through `Intl.Segmenter`), so an emoji, a flag, a
 * ZWJ family or a letter with combining marks is kept whole or left out whole, and no lone
 * surrogate ever reaches Discord, Ollama or a log line. Lengths are UTF-16 code units, which is
 * stricter than Discord's count of characters.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The largest index ≤ `maxUnits` at which `text` may be cut: `text.length` when it fits, else the
 * start of the grapheme cluster that `maxUnits` falls in (0 when the first cluster is longer).
 */
export function graphemeBoundaryAtOrBefore(text: string, maxUnits: number): number {
  if (maxUnits >= text.length) return text.length;
  if (maxUnits <= 0) return 0;
  const segment = graphemes.segment(text).containing(maxUnits);
  return segment === undefined ? maxUnits : segment.index;
}

/**
 * The smallest index ≥ `minUnits` at which `text` may be cut: 0 when `minUnits` ≤ 0, else the end
 * of the grapheme cluster that `minUnits` falls in (`text.length` at most).
 */
export function graphemeBoundaryAtOrAfter(text: string, minUnits: number): number {
  if (minUnits <= 0) return 0;
  if (minUnits >= text.length) return text.length;
  const segment = graphemes.segment(text).containing(minUnits);
  if (segment === undefined || segment.index === minUnits) return minUnits;
  return segment.index + segment.segment.length;
}

/** The longest start of `text` of at most `maxUnits` UTF-16 units that ends on a grapheme boundary. */
export function cutToLength(text: string, maxUnits: number): string {
  return text.slice(0, graphemeBoundaryAtOrBefore(text, maxUnits));
}

/**
 * `text` when it fits in `maxUnits`; otherwise its start, cut on a grapheme boundary, followed by
 * `ellipsis`, the whole within `maxUnits` UTF-16 units.
 */
export function truncate(text: string, maxUnits: number, ellipsis = '…'): string {
  if (text.length <= maxUnits) return text;
  if (maxUnits < ellipsis.length) return cutToLength(text, maxUnits);
  return `${cutToLength(text, Math.max(0, maxUnits - ellipsis.length)).trimEnd()}${ellipsis}`;
}

/**
 * The longest end of `text` of at most `maxUnits` UTF-16 units that starts on a grapheme boundary:
 * what a log excerpt keeps when the latest output matters most.
 */
export function cutFromEnd(text: string, maxUnits: number): string {
  return text.slice(graphemeBoundaryAtOrAfter(text, text.length - Math.max(0, maxUnits)));
}
