/**
 * The quality benchmark's stand-in for an embedding model (no model weights can be downloaded
 * here): deterministic and offline, and like a real model in the one way the benchmark depends on.
 * Texts that share words, or parts of words ("printer", "printing"), are near; a question and its
 * fix, which share few words ("the label printer prints blank pages" / "swap the ribbon
 * cartridge"), are far apart, as they are for nomic-embed-text: the fix is not found by
 * similarity, only by the link.
 *
 * A hashed bag of words (weight 1 per word) plus the word's character trigrams (weight 0.35 in
 * all, so a shared stem counts but less than a shared word), 768 dimensions, signed buckets
 * (FNV-1a), L2-normalised.
 */

export const QUALITY_DIMENSION = 768;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function add(v: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const sign = (h & 1) === 1 ? 1 : -1;
  const i = (h >>> 1) % v.length;
  v[i] = (v[i] ?? 0) + sign * weight;
}

/** The stand-in embedding of `text` (words: runs of letters and digits, lower-cased). */
export function qualityEmbedding(text: string, dimension = QUALITY_DIMENSION): number[] {
  const v = new Float64Array(dimension);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    add(v, `w:${word}`, 1);
    const padded = `<${word}>`;
    const grams = Math.max(1, padded.length - 2);
    for (let i = 0; i + 3 <= padded.length; i++) add(v, `g:${padded.slice(i, i + 3)}`, 0.35 / grams);
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Array.from(v, (x) => x / norm);
}
