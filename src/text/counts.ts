/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 message`, `2 messages`, `12,345 channels`: a count and its noun, plural with `s` unless given. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? noun : plural}`;
}

/**
 * A sentence used as a clause of another (`…: <reason>; they are stored`): without its own final
 * full stop, so that no line reads "…unreachable.; they…".
 */
export function clause(text: string): string {
  return text.trim().replace(/\.+$/, '');
}
