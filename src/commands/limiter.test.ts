import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter';

describe('createLimiter', () => {
  it('runs at most `concurrency` at once, queues up to the bound, and refuses beyond it', async () => {
    const limiter = createLimiter(1, 1);
    const gates: (() => void)[] = [];
    const started: number[] = [];
    const job = (n: number) =>
      limiter.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n);
            gates.push(() => resolve(n));
          }),
      );
    const first = job(1);
    const second = job(2);
    await expect(job(3)).rejects.toMatchObject({
      code: 'QUEUE_FULL',
      userMessage: expect.stringMatching(/busy/),
    });
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1]);
    expect([limiter.active, limiter.queued]).toEqual([1, 1]);
    gates.shift()?.();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2]);
    gates.shift()?.();
    expect(await second).toBe(2);
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('frees the slot when a job fails', async () => {
    const limiter = createLimiter(1, 0);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});
