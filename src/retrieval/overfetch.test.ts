import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../store/types';
import { MAX_FILTER_IDS } from '../vector/store';
import { inScope, keepInScope, planVectorSearch, readableShare, scopeFilter } from './overfetch';

const counts = (entries: Record<string, number | undefined>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, v ?? 0]));
const hit = (id: string, distance: number, channel = 'a') => ({ id, distance, channel });
const tuning = { safety: 2, maxFetch: 800 };

describe('readableShare', () => {
  it('splits the channels that hold messages into readable and forbidden, by message count', () => {
    expect(readableShare(counts({ a: 10, b: 30, c: 0 }), ['a', 'c', 'never-seen'])).toEqual({
      allowed: ['a'],
      forbidden: ['b'],
      allowedMessages: 10,
      totalMessages: 40,
    });
  });
});

describe('planVectorSearch', () => {
  it.each([
    {
      name: 'nothing readable holds messages',
      c: { a: 0, b: 5 },
      readable: ['a'],
      author: undefined,
      plan: { kind: 'none' },
    },
    { name: 'an empty guild', c: {}, readable: ['a'], author: undefined, plan: { kind: 'none' } },
    {
      name: 'every channel with messages is readable: the plain query',
      c: { a: 5, b: 5 },
      readable: ['a', 'b'],
      author: undefined,
      plan: { kind: 'overfetch', fetch: 40 },
    },
    {
      name: 'a guild with one channel',
      c: { a: 5 },
      readable: ['a'],
      author: undefined,
      plan: { kind: 'overfetch', fetch: 40 },
    },
    {
      name: '75 %: 40 × 2 / 0.75',
      c: { a: 75, b: 25 },
      readable: ['a'],
      author: undefined,
      plan: { kind: 'overfetch', fetch: 107 },
    },
    {
      name: '25 %: 40 × 2 / 0.25',
      c: { a: 25, b: 75 },
      readable: ['a'],
      author: undefined,
      plan: { kind: 'overfetch', fetch: 320 },
    },
    {
      name: '2 %: the over-fetch would be 4000, so the filtered query at once',
      c: { a: 2, b: 98 },
      readable: ['a'],
      author: undefined,
      plan: { kind: 'filtered' },
    },
    {
      name: 'an author filter: the filtered query at once',
      c: { a: 5, b: 5 },
      readable: ['a', 'b'],
      author: 'u1',
      plan: { kind: 'filtered' },
    },
  ])('$name', ({ c, readable, author, plan }) => {
    expect(planVectorSearch(readableShare(counts(c), readable), { authorId: author }, 40, tuning)).toEqual(
      plan,
    );
  });

  it('a large forbidden channel beside a small readable one is a small share', () => {
    const share = readableShare(counts({ small: 30, large: 3000 }), ['small']);
    expect(planVectorSearch(share, {}, 40, tuning)).toEqual({ kind: 'filtered' });
  });
});

describe('inScope', () => {
  const scope = { guildId: 'g', channelIds: ['a'], authorId: 'u1', sinceMs: 500 };
  const row = (o: Partial<StoredMessage> = {}): StoredMessage => ({
    id: '1',
    guildId: 'g',
    channelId: 'a',
    authorId: 'u1',
    authorName: 'x',
    authorIsBot: false,
    content: 'text',
    createdAt: 1000,
    editedAt: null,
    deleted: false,
    attachments: '[]',
    embeds: '[]',
    replyToId: null,
    type: 0,
    vectorSynced: true,
    ...o,
  });
  it.each([
    { name: 'in scope', m: row(), ok: true },
    { name: 'forbidden channel', m: row({ channelId: 'b' }), ok: false },
    { name: 'another author', m: row({ authorId: 'u2' }), ok: false },
    { name: 'too old', m: row({ createdAt: 499 }), ok: false },
    { name: 'at the time bound', m: row({ createdAt: 500 }), ok: true },
    { name: 'another guild', m: row({ guildId: 'h' }), ok: false },
    { name: 'deleted', m: row({ deleted: true }), ok: false },
    { name: 'emptied', m: row({ content: '' }), ok: false },
  ])('$name', ({ m, ok }) => {
    expect(inScope(scope, new Set(scope.channelIds))(m)).toBe(ok);
  });
});

describe('keepInScope', () => {
  const ok = (h: { channel: string }) => h.channel === 'a';
  const mixed = [
    hit('1', 0.1, 'b'),
    hit('2', 0.2, 'a'),
    hit('3', 0.3, 'a'),
    hit('4', 0.4, 'b'),
    hit('5', 0.5, 'a'),
  ];
  it.each([
    {
      name: 'enough in scope: the first n of them',
      n: 2,
      fetch: 5,
      horizon: 0.9,
      ids: ['2', '3'],
      complete: true,
    },
    {
      name: 'too few, and more could follow',
      n: 4,
      fetch: 5,
      horizon: 0.9,
      ids: ['2', '3', '5'],
      complete: false,
    },
    {
      name: 'too few, but the collection had no more',
      n: 4,
      fetch: 6,
      horizon: 0.9,
      ids: ['2', '3', '5'],
      complete: true,
    },
    {
      name: 'too few, but the rest is beyond the horizon',
      n: 4,
      fetch: 5,
      horizon: 0.45,
      ids: ['2', '3', '5'],
      complete: true,
    },
  ])('$name', ({ n, fetch, horizon, ids, complete }) => {
    const kept = keepInScope(mixed, ok, n, fetch, horizon);
    expect(kept.hits.map((h) => h.id)).toEqual(ids);
    expect(kept.complete).toBe(complete);
  });
});

describe('scopeFilter', () => {
  const ids = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => `${prefix}${i}`);
  const share = (allowed: number, forbidden: number) =>
    readableShare(
      new Map([...ids('a', allowed), ...ids('f', forbidden)].map((c) => [c, 1])),
      ids('a', allowed),
    );
  it('names the readable channels when they are fewer', () => {
    expect(scopeFilter(share(2, 5), {})).toEqual({ channels: { in: ['a0', 'a1'] } });
  });
  it('names the forbidden channels when they are fewer', () => {
    expect(scopeFilter(share(5, 2), { authorId: 'u', sinceMs: 7 })).toEqual({
      channels: { notIn: ['f0', 'f1'] },
      authorId: 'u',
      sinceMs: 7,
    });
  });
  it('has no channel clause when nothing is forbidden', () => {
    expect(scopeFilter(share(3, 0), { sinceMs: 7 })).toEqual({ sinceMs: 7 });
  });
  it('names the readable channels when the forbidden list is too long for one $nin', () => {
    const f = scopeFilter(share(MAX_FILTER_IDS * 3, MAX_FILTER_IDS + 1), {});
    expect(f.channels && 'in' in f.channels ? f.channels.in.length : 0).toBe(MAX_FILTER_IDS * 3);
  });
});
