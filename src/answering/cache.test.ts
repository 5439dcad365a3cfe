import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './cache';

describe('createAnswerCache', () => {
  const parts = {
    guildId: 'g',
    channelIds: ['b', 'a'],
    question: 'Where is the deploy script?',
    indexVersion: 10,
  };

  it('matches the same question regardless of case, spacing and a trailing question mark', () => {
    const cache = createAnswerCache(1000, () => 0);
    expect(cache.key(parts)).toBe(
      cache.key({ ...parts, question: '  where is the   deploy script ', channelIds: ['a', 'b'] }),
    );
  });

  it.each([
    ['another guild', { guildId: 'h' }],
    ['another scope', { channelIds: ['a'] }],
    ['a changed index', { indexVersion: 11 }],
    ['other options', { options: 'author=1' }],
  ])('does not match for %s', (_, change) => {
    const cache = createAnswerCache(1000, () => 0);
    expect(cache.key({ ...parts, ...change })).not.toBe(cache.key(parts));
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    const cache = createAnswerCache(1000, () => now);
    cache.set('k', { kind: 'nothing_found' });
    now = 999;
    expect(cache.get('k')).toEqual({ kind: 'nothing_found' });
    now = 1000;
    expect(cache.get('k')).toBeUndefined();
  });
});
