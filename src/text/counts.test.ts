import { describe, expect, it } from 'vitest';
import { clause, countOf, formatCount } from './counts';

describe('counts and clauses in report lines', () => {
  it.each<[number, string, string | undefined, string]>([
    [0, 'message', undefined, '0 messages'],
    [1, 'message', undefined, '1 message'],
    [2, 'channel', undefined, '2 channels'],
    [12345, 'deleted message', undefined, '12,345 deleted messages'],
    [1, 'channel or thread', 'channels and threads', '1 channel or thread'],
    [3, 'channel or thread', 'channels and threads', '3 channels and threads'],
  ])('countOf(%d, %j) is %j', (n, noun, plural, expected) => {
    expect(countOf(n, noun, plural)).toBe(expected);
  });

  it('formats thousands with commas', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
  });

  it.each([
    ['Ollama at http://gpu:11434 is unreachable.', 'Ollama at http://gpu:11434 is unreachable'],
    ['no full stop', 'no full stop'],
    ['version 1.2 is old. ', 'version 1.2 is old'],
  ])('clause(%j) is %j', (text, expected) => {
    expect(clause(text)).toBe(expected);
  });
});
