import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, onTestFinished } from 'vitest';
import { testPolicy } from '../../test/admission-policy';
import { tempDir } from '../../test/tmp';
import { AppError, userMessageOf } from '../errors';
import { silentLogger } from '../log';
import { queueOverPort, serveQueue } from './over-port';
import { openSqliteQueue } from './sqlite/open';

function bridged() {
  const file = path.join(tempDir(), 'q.sqlite');
  const queue = openSqliteQueue(file);
  const { port1, port2 } = new MessageChannel();
  const served = serveQueue(port1, queue, silentLogger);
  const remote = queueOverPort(port2);
  onTestFinished(async () => {
    await remote.close();
    served.close();
    await queue.close();
  });
  return { queue, remote, file };
}

const job = (id: string, userId = 'u1') => ({
  id,
  kind: 'ask' as const,
  guildId: 'g1',
  userId,
  token: `token-${id}`,
  payload: { question: `why ${id}?`, nested: { list: [1, 2] } },
  receivedAt: Date.now(),
});

describe('the queue over a message port', () => {
  it('runs each call on the served queue and brings back its result', async () => {
    const { queue, remote } = bridged();
    await remote.heartbeat({ id: 'w1', host: 'h', pid: 1, slots: 2 }, 0);
    expect(await remote.enqueue(job('a'), testPolicy, Date.now())).toMatchObject({ status: 'queued' });
    expect(await remote.enqueue(job('a'), testPolicy, Date.now())).toEqual({ status: 'duplicate' });
    // What the remote wrote, the served queue has: the worker there claims it.
    const claimed = await queue.claim('w1', [1], 15_000, Date.now());
    expect(claimed).toMatchObject({ id: 'a', token: 'token-a', payload: { nested: { list: [1, 2] } } });
    await remote.saveState('a', 'w1', { followUpIds: ['m1'] });
    expect(await remote.renew('w1', ['a', 'missing'], 15_000)).toEqual(['a']);
    await remote.finish('a', 'w1', 'answered');
    expect(await remote.answerStats('g1', 60_000)).toMatchObject({ served: 1 });
    expect(await remote.stats(testPolicy)).toMatchObject({ waiting: 0, running: 0, workers: 1, slots: 2 });
    // And the other way: a job queued on the served side is claimed through the port, once.
    await queue.enqueue(job('b', 'u2'), testPolicy, Date.now());
    const [one, two] = await Promise.all([
      remote.claim('w1', [1], 15_000, Date.now()),
      remote.claim('w2', [1], 15_000, Date.now()),
    ]);
    expect([one?.id, two?.id].sort()).toEqual(['b', undefined].sort());
    await remote.release('b', one?.id === 'b' ? 'w1' : 'w2');
    expect(await remote.stats(testPolicy)).toMatchObject({ waiting: 1 });
  });

  it("brings back the queue's errors as AppErrors with their code and the user's sentence", async () => {
    const { queue, remote } = bridged();
    await queue.close();
    const local = await queue.ping().catch((e: unknown) => e);
    const err = await remote.ping().catch((e: unknown) => e);
    expect(local).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe((local as AppError).code);
    expect((err as AppError).message).toBe((local as AppError).message);
    expect((err as AppError).sentence?.key).toBe('errors:databaseUnavailable');
    // The sentence is the catalogue's, so the member reads it in their language.
    expect(userMessageOf(err, 'de')).toBe(userMessageOf(local, 'de'));
    expect(userMessageOf(err, 'de')).not.toBe(userMessageOf(err, 'en-US'));
  });

  it('rejects the calls still waiting when its side closes, and every call after', async () => {
    const { remote } = bridged();
    // Posted, not yet answered: the served side answers on a later turn of the event loop.
    const waiting = remote.stats(testPolicy);
    await remote.close();
    await expect(waiting).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    await expect(remote.ping()).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
