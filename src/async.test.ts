import { describe, expect, it } from 'vitest';
import { settleWithin, untilAborted } from './async';

describe('untilAborted', () => {
  it('settles as the work does while the signal stays quiet', async () => {
    const ac = new AbortController();
    await expect(untilAborted(Promise.resolve(7), ac.signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('boom')), ac.signal)).rejects.toThrow('boom');
  });

  it('rejects at the abort with the reason given, and ignores the work when it fails later', async () => {
    const ac = new AbortController();
    let fail: (err: Error) => void = () => {};
    const work = new Promise<number>((_, reject) => {
      fail = reject;
    });
    const raced = untilAborted(work, ac.signal, () => new Error('stopped'));
    ac.abort(new Error('the signal reason'));
    await expect(raced).rejects.toThrow('stopped');
    // A late failure of what was left running changes nothing and is no unhandled rejection.
    fail(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(raced).rejects.toThrow('stopped');
  });

  it("rejects at once with the signal's own reason when it was already aborted", async () => {
    const ac = new AbortController();
    ac.abort(new Error('already'));
    await expect(untilAborted(new Promise<never>(() => {}), ac.signal)).rejects.toThrow('already');
  });
});

describe('settleWithin', () => {
  it('says how a promise stands after at most the given time', async () => {
    expect(await settleWithin(Promise.resolve(3), 1000)).toEqual({ status: 'fulfilled', value: 3 });
    const err = new Error('no');
    expect(await settleWithin(Promise.reject(err), 1000)).toEqual({ status: 'rejected', reason: err });
    expect(await settleWithin(new Promise<never>(() => {}), 20)).toEqual({ status: 'pending' });
  });
});
