import { describe, expect, it } from 'vitest';
import {
  cutFromEnd,
  cutToLength,
  graphemeBoundaryAtOrAfter,
  graphemeBoundaryAtOrBefore,
  truncate,
} from './cut';

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
  it('stays within a limit shorter than the ellipsis', () => {
    expect(truncate('😀😀', 1)).toBe('…');
    expect(truncate('abc', 0)).toBe('');
  });
  it('adds the ellipsis inside the limit and cuts on a grapheme', () => {
    const out = truncate(`aa${'😀'.repeat(1200)}`, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith('…')).toBe(true);
    expect(hasLoneSurrogate(out)).toBe(false);
  });
});

describe('graphemeBoundaryAtOrAfter', () => {
  it.each([
    ['inside a surrogate pair moves past it', 'a😀b', 2, 3],
    ['on a boundary stays', 'a😀b', 1, 1],
    ['inside a ZWJ family moves past all of it', 'a👨‍👩‍👧b', 3, 9],
    ['inside a flag moves past both regional indicators', 'x🇫🇷y', 2, 5],
    ['a combining mark stays with its letter', 'cafe\u0301!', 4, 5],
    ['below zero is the start', 'abc', -3, 0],
    ['past the end is the end', 'abc', 9, 3],
  ])('%s', (_, text, min, expected) => {
    expect(graphemeBoundaryAtOrAfter(text, min)).toBe(expected);
  });
});

describe('cutFromEnd', () => {
  it.each([
    ['fits', 'hello', 10, 'hello'],
    ['keeps the end', 'hello world', 5, 'world'],
    ['emoji not split (odd suffix)', `${'😀'.repeat(3)}a`, 4, '😀a'],
    ['ZWJ family kept whole or dropped', 'a👨‍👩‍👧bc', 5, 'bc'],
    ['flag kept whole', '🇫🇷🇩🇪x', 4, 'x'],
    ['combining mark not orphaned', 'cafe\u0301', 1, ''],
    ['zero', 'abc', 0, ''],
  ])('%s', (_, text, max, expected) => {
    expect(cutFromEnd(text, max)).toBe(expected);
  });

  it('never leaves a lone surrogate, whatever the limit', () => {
    const text = `e\u0301🇫🇷👨‍👩‍👧${'😀'.repeat(50)}aa`;
    for (let max = 0; max <= text.length; max++) {
      const cut = cutFromEnd(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(cut)).toBe(false);
      expect(text.endsWith(cut)).toBe(true);
    }
  });

  // The local Chroma launcher keeps the last 4000 units of the server's output and shows the last 800.
  it.each([4000, 800])('keeps a Chroma log tail of %d units whole', (max) => {
    // 5001 units: `.slice(-max)` starts on an odd index, inside a surrogate pair.
    const log = `${'😀'.repeat(2500)}a`;
    expect(hasLoneSurrogate(log.slice(-max))).toBe(true);
    const tail = cutFromEnd(log, max);
    expect(tail).toBe(`${'😀'.repeat((max - 2) / 2)}a`);
    expect(hasLoneSurrogate(tail)).toBe(false);
  });

  it('keeps ZWJ sequences, flags and combining marks whole in a log tail', () => {
    const log = `boot\n${'👩‍💻 error 🇩🇪 cafe\u0301\n'.repeat(300)}`;
    for (const max of [4000, 800, 801, 802, 803, 804, 805]) {
      const tail = cutFromEnd(log, max);
      expect(tail.length).toBeLessThanOrEqual(max);
      expect(tail.length).toBeGreaterThan(max - 5);
      expect(hasLoneSurrogate(tail)).toBe(false);
      expect(/^[\u200d\u0301]|^\p{Regional_Indicator}(?!\p{Regional_Indicator})/u.test(tail)).toBe(false);
      expect(log.endsWith(tail)).toBe(true);
    }
  });
});
