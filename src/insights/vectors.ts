/**
 * Question vectors as the store keeps them: unit-length float32, little-endian, base64 in a text
 * column (3 KiB for 768 dimensions; the same bytes in SQLite and PostgreSQL).
 */

/** `v` scaled to length 1 (a zero vector stays zero). */
export function unit(v: ArrayLike<number>): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += (v[i] ?? 0) * (v[i] ?? 0);
  const out = new Float32Array(v.length);
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) * s;
  return out;
}

/** The base64 text of a vector ('' for none). */
export function encodeVector(v: Float32Array | undefined): string {
  if (v === undefined || v.length === 0) return '';
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i] ?? 0, i * 4);
  return bytes.toString('base64');
}

/** The vector of {@link encodeVector}'s text; empty for '' or damaged text. */
export function decodeVector(text: string): Float32Array {
  if (text === '') return new Float32Array(0);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return new Float32Array(0);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** `sum + sign · v`, in place (a new vector when `sum` is empty). */
export function addInto(sum: Float32Array, v: Float32Array, sign: 1 | -1 = 1): Float32Array {
  const out = sum.length === v.length ? sum : new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (out[i] ?? 0) + sign * (v[i] ?? 0);
  return out;
}
