import { describe, expect, it } from 'vitest';
import { cutToLength, graphemeBoundaryAtOrBefore, truncate } from './cut';

/** True when the string holds a high surrogate without its low one, or the reverse. */
const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('cutToLength', () => {
  it.each([
    ['ascii fits', 'hello', 10, 'hello'],
    ['ascii cut', 'hello world', 5, 'hello'],
    ['emoji not split (odd prefix)', `a${'😀'.repeat(3)}`, 4, 'a😀'],
    ['emoji exactly on a boundary', '😀😀😀', 4, '😀😀'],
    ['ZWJ family kept whole or dropped', 'ab👨‍👩‍👧c', 5, 'ab'],
    ['flag kept whole', 'x🇫🇷🇩🇪', 4, 'x'],
    ['combining mark stays with its letter', 'cafe\u0301!', 4, 'caf'],
    ['zero', 'abc', 0, ''],
  ])('%s', (_, text, max, expected) => {
    expect(cutToLength(text, max)).toBe(expected);
  });

  it('never leaves a lone surrogate, whatever the limit', () => {
    const text = `aa${'😀'.repeat(50)}👨‍👩‍👧🇫🇷e\u0301`;
    for (let max = 0; max <= text.length; max++) {
      const cut = cutToLength(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(cut)).toBe(false);
      expect(text.startsWith(cut)).toBe(true);
    }
  });

  it('finds the boundary in a long text without segmenting all of it', () => {
    const text = 'x'.repeat(1_000_000);
    expect(graphemeBoundaryAtOrBefore(text, 999_999)).toBe(999_999);
  });
});

describe('truncate', () => {
  it('keeps text that fits', () => {
    expect(truncate('short', 5)).toBe('short');
  });
  it('adds the ellipsis inside the limit and cuts on a grapheme', () => {
    const out = truncate(`aa${'😀'.repeat(1200)}`, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith('…')).toBe(true);
    expect(hasLoneSurrogate(out)).toBe(false);
  });
});
