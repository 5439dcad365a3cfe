import { describe, expect, it } from 'vitest';
import { findTag, HANDOFF_TAG_NAMES, SOLVED_TAG_NAMES, solvedName, withTag } from './tags';

const tags = [
  { id: '1', name: 'Bug' },
  { id: '2', name: '✅ Resolved' },
  { id: '3', name: 'SOLVED' },
  { id: '4', name: 'Needs a human!' },
];

describe('forum tags and names', () => {
  it('finds the tag by name, ignoring case, emoji and punctuation, in the order of the names', () => {
    expect(findTag(tags, SOLVED_TAG_NAMES)?.id).toBe('3');
    expect(findTag(tags.slice(0, 2), SOLVED_TAG_NAMES)?.id).toBe('2');
    expect(findTag(tags, HANDOFF_TAG_NAMES)?.id).toBe('4');
    expect(findTag([{ id: '1', name: 'Bug' }], SOLVED_TAG_NAMES)).toBeUndefined();
    expect(findTag(undefined, SOLVED_TAG_NAMES)).toBeUndefined();
  });

  it('adds a tag once, within Discord’s five', () => {
    expect(withTag(['1'], '3')).toEqual(['1', '3']);
    expect(withTag(undefined, '3')).toEqual(['3']);
    expect(withTag(['3'], '3')).toBeUndefined();
    expect(withTag(['a', 'b', 'c', 'd', 'e'], '3')).toBeUndefined();
  });

  it('prefixes a solved post’s name once, within 100 characters', () => {
    expect(solvedName('Deploy fails', '[Solved] ')).toBe('[Solved] Deploy fails');
    expect(solvedName('[Solved] Deploy fails', '[Solved] ')).toBeUndefined();
    const long = solvedName('x'.repeat(100), '[Solved] ') ?? '';
    expect(long.length).toBe(100);
    expect(long.startsWith('[Solved] x')).toBe(true);
  });
});
