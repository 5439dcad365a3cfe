import { describe, expect, it } from 'vitest';
import { chooseWithReserve, rankCandidates, recencyFactor, reciprocalRankFusion } from './rank';

describe('reciprocalRankFusion', () => {
  it.each([
    {
      name: 'an id found by both retrievers beats ids found by one',
      lists: [
        { ids: ['a', 'b', 'c'], weight: 1 },
        { ids: ['c', 'd'], weight: 1 },
      ],
      best: 'c',
    },
    {
      name: 'a single list keeps its order',
      lists: [{ ids: ['x', 'y'], weight: 1 }],
      best: 'x',
    },
    {
      name: 'weights favour one retriever',
      lists: [
        { ids: ['v'], weight: 1 },
        { ids: ['k'], weight: 3 },
      ],
      best: 'k',
    },
  ])('$name', ({ lists, best }) => {
    const scores = reciprocalRankFusion(lists);
    const top = [...scores].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(top).toBe(best);
  });
});

describe('recencyFactor', () => {
  const now = Date.UTC(2026, 0, 1);
  it.each([
    { ageDays: 0, expected: 1 },
    { ageDays: 180, expected: 0.85 },
    { ageDays: 100_000, expected: 0.7 },
  ])('$ageDays days old → $expected', ({ ageDays, expected }) => {
    expect(recencyFactor(now - ageDays * 86_400_000, now)).toBeCloseTo(expected, 5);
  });
});

describe('rankCandidates', () => {
  it('drops ids without a stored message and prefers the newer of two equal scores', () => {
    const now = Date.UTC(2026, 0, 1);
    const scores = new Map([
      ['old', 0.1],
      ['new', 0.1],
      ['gone', 0.5],
    ]);
    const created: Record<string, number> = { old: now - 400 * 86_400_000, new: now };
    expect(rankCandidates(scores, (id) => created[id], now)).toEqual(['new', 'old']);
  });
});

describe('chooseWithReserve', () => {
  it.each([
    {
      name: 'the top keyword hit is kept even when the fused order ranks it last',
      fused: ['a', 'b', 'c', 'd', 'k'],
      lists: [['a', 'b'], ['k']],
      limit: 3,
      expected: ['a', 'b', 'k'],
    },
    {
      name: 'plain top-n when reserves are already in it',
      fused: ['a', 'b', 'c'],
      lists: [['a'], ['b']],
      limit: 2,
      expected: ['a', 'b'],
    },
    {
      name: 'ids missing from the fused list are ignored',
      fused: ['a'],
      lists: [['gone', 'a']],
      limit: 5,
      expected: ['a'],
    },
  ])('$name', ({ fused, lists, limit, expected }) => {
    expect(chooseWithReserve(fused, lists, limit, 1)).toEqual(expected);
  });
});
