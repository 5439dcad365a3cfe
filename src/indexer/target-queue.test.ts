import { describe, expect, it } from 'vitest';
import { settleWithin } from '../async';
import { createTargetQueue } from './target-queue';

describe('createTargetQueue', () => {
  it('hands items out first in, first out', async () => {
    const q = createTargetQueue<string>();
    q.push('a', 'b');
    q.push('c');
    expect([await q.take(), await q.take(), await q.take()]).toEqual(['a', 'b', 'c']);
  });

  it('keeps takers waiting while it is open and empty, and serves them in the order they came', async () => {
    const q = createTargetQueue<string>();
    const first = q.take();
    const second = q.take();
    expect(await settleWithin(first, 20)).toEqual({ status: 'pending' });
    q.push('a', 'b', 'c');
    expect([await first, await second, await q.take()]).toEqual(['a', 'b', 'c']);
  });

  it('once closed, gives what is left, then undefined to every taker, waiting or later', async () => {
    const q = createTargetQueue<string>();
    const waiting = [q.take(), q.take()];
    q.push('a');
    q.close();
    expect(await Promise.all(waiting)).toEqual(['a', undefined]);

    const r = createTargetQueue<string>();
    r.push('x');
    r.close();
    expect([await r.take(), await r.take()]).toEqual(['x', undefined]);
    expect(() => r.push('y')).toThrow(/after close/);
  });
});
