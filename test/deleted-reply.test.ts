import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';
import {
  ask,
  command,
  finalContent,
  G,
  type Harness,
  messageCommand,
  modalSubmit,
  seedGuilds,
  startHarness,
} from './harness';

const FACTS = [
  { channelId: G.general, content: 'The deploy script is tools/deploy.sh and runs on Fridays', minutes: 1 },
  { channelId: G.mods, content: 'The raid password is kept in the moderator vault', minutes: 2 },
];

interface Logged {
  level: number;
  msg: string;
  outcome?: string;
}

/** A harness whose logs (info and up) are kept, to check levels and outcomes. */
async function started(): Promise<{ h: Harness; logs: Logged[] }> {
  const logs: Logged[] = [];
  const log = createLogger('info', {
    destination: new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Logged);
        done();
      },
    }),
  });
  const h = await startHarness({ ASK_CACHE_TTL_SECONDS: '0' }, { log });
  await seedGuilds(h, FACTS);
  return { h, logs };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Requests the bot sent with `token` (any webhook route), from the `from`-th request of the run on. */
const tokenRequests = (h: Harness, token: string, from = 0) =>
  h.discord.requests.slice(from).filter((r) => r.path.includes(token));

/**
 * A fresh token's 404s were retried (Discord may not know it yet) a handful of times over a few
 * seconds, and nothing was sent with it since, also a while later.
 */
async function retriedThenSilent(h: Harness, token: string): Promise<void> {
  const sent = tokenRequests(h, token).length;
  expect(sent).toBeGreaterThanOrEqual(2);
  expect(sent).toBeLessThanOrEqual(10);
  await new Promise((r) => setTimeout(r, 1500));
  expect(tokenRequests(h, token)).toHaveLength(sent);
}

const outcomeLogged = (logs: Logged[], outcome: string) => logs.some((l) => l.outcome === outcome);
const errors = (logs: Logged[]) => logs.filter((l) => l.level >= 50);
const chatAborted = (h: Harness) =>
  h.ollama.requests.some((r) => r.path === '/api/chat' && r.aborted === true);

/** A slow answer: 40 pieces, 150 ms apart (6 s), so that it is deleted while it streams. */
const SLOW = () => ({
  chunks: Array.from({ length: 40 }, (_, i) => `piece${i} `),
  chunkDelayMs: 150,
});

describe('the bot’s reply deleted while the answer streams', () => {
  const kinds = [
    ['/ask', () => ask('where is the deploy script?')],
    [
      '"Ask about this message"',
      () =>
        messageCommand({
          id: '1555187776880649999',
          channelId: G.general,
          authorId: G.member,
          content: 'Where is the deploy script?',
          timestamp: new Date(Date.UTC(2026, 9, 1, 12, 30)).toISOString(),
        }),
    ],
  ] as const;
  it.each(kinds)(
    '%s: the first 404 Unknown Message ends the answer quietly: model request aborted, nothing more sent, its own outcome',
    async (_, make) => {
      const { h, logs } = await started();
      h.ollama.chatScript = SLOW;
      const q = make();
      await h.interact(q);
      await h.discord.waitFor(() => (h.webhook(q.token)?.edits.length ?? 0) >= 2, 15_000);
      const from = h.discord.requests.length;
      h.discord.memberDeletes(q.token, '@original');
      await until(() => outcomeLogged(logs, 'reply_deleted'), 'the reply_deleted outcome');
      await until(() => chatAborted(h), 'the model request to be aborted');
      // One request found the reply gone; nothing was sent after it, also not once the model would have finished.
      await new Promise((r) => setTimeout(r, 1500));
      expect(tokenRequests(h, q.token, from)).toHaveLength(1);
      expect(errors(logs)).toEqual([]);
      expect(await h.metrics.registry.getSingleMetricAsString('askbot_answers_total')).toContain(
        'outcome="reply_deleted"} 1',
      );
    },
  );

  it('a follow-up whose reply is deleted mid-stream ends quietly too', async () => {
    const { h, logs } = await started();
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const first = ask('where is the deploy script?');
    await h.interact(first);
    await finalContent(h, first.token);
    h.ollama.chatScript = SLOW;
    const follow = modalSubmit(`fq:${first.id}`, 'when does it run?');
    await h.interact(follow);
    await h.discord.waitFor(() => (h.webhook(follow.token)?.edits.length ?? 0) >= 2, 15_000);
    h.discord.memberDeletes(follow.token, '@original');
    await until(() => outcomeLogged(logs, 'reply_deleted'), 'the reply_deleted outcome');
    expect(errors(logs)).toEqual([]);
  });

  it('a private answer whose follow-up the member dismisses mid-stream ends quietly', async () => {
    const { h, logs } = await started();
    h.ollama.chatScript = SLOW;
    const q = ask('where is the raid password kept?', { userId: G.moderator, roles: [G.modRole] });
    await h.interact(q);
    // The public reply says the answer went privately; the ephemeral follow-up streams.
    await h.discord.waitFor(
      () => String(h.webhook(q.token)?.followups[0]?.content ?? '').startsWith('piece'),
      15_000,
    );
    const id = String(h.webhook(q.token)?.followups[0]?.id);
    const from = h.discord.requests.length;
    h.discord.memberDeletes(q.token, id);
    await until(() => outcomeLogged(logs, 'reply_deleted'), 'the reply_deleted outcome');
    await until(() => chatAborted(h), 'the model request to be aborted');
    await new Promise((r) => setTimeout(r, 1500));
    expect(tokenRequests(h, q.token, from)).toHaveLength(1);
    expect(errors(logs)).toEqual([]);
  });

  it('deleted before the first edit (while "thinking…"): after a few seconds of retries the answer stops, still without an error', async () => {
    const { h, logs } = await started();
    h.ollama.chatScript = () => ({
      chunks: Array.from({ length: 100 }, (_, i) => `piece${i} `),
      chunkDelayMs: 150,
    });
    const q = ask('where is the deploy script?');
    h.discord.memberDeletes(q.token, '@original');
    await h.interact(q);
    await until(() => outcomeLogged(logs, 'reply_deleted'), 'the reply_deleted outcome', 30_000);
    await until(() => chatAborted(h), 'the model request to be aborted');
    await retriedThenSilent(h, q.token);
    expect(errors(logs)).toEqual([]);
  });

  it('/status whose reply was deleted ends quietly', async () => {
    const { h, logs } = await started();
    const status = command('status');
    h.discord.memberDeletes(status.token, '@original');
    await h.interact(status);
    await until(() => outcomeLogged(logs, 'reply_deleted'), 'the reply_deleted outcome', 30_000);
    expect(errors(logs)).toEqual([]);
  });
});

describe('the first webhook calls right after the deferral get 404 (Discord has not caught up)', () => {
  const races: [string, number, number, string][] = [
    ['one Unknown Webhook', 1, 10015, 'Unknown Webhook'],
    ['two Unknown Webhook', 2, 10015, 'Unknown Webhook'],
    ['three Unknown Message', 3, 10008, 'Unknown Message'],
  ];
  it.each(races)('%s: retried, and the answer arrives as usual', async (_, count, code, message) => {
    const { h, logs } = await started();
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const q = ask('where is the deploy script?');
    h.discord.failNext({ pathIncludes: q.token, count, status: 404, code, message });
    await h.interact(q);
    expect(await finalContent(h, q.token, 20_000)).toMatch(/^It is tools\/deploy\.sh \[1\]\./);
    expect(tokenRequests(h, q.token).length).toBeGreaterThan(count);
    expect(errors(logs)).toEqual([]);
  });

  it('/status too', async () => {
    const { h } = await started();
    const status = command('status');
    h.discord.failNext({
      pathIncludes: status.token,
      count: 2,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
    });
    await h.interact(status);
    expect(await finalContent(h, status.token, 20_000)).toMatch(/^\*\*Status\*\*/);
  });

  it('a token Discord never knows is given up after a few seconds: its own outcome, no error, no more requests', async () => {
    const { h, logs } = await started();
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const q = ask('where is the deploy script?');
    h.discord.failNext({
      pathIncludes: q.token,
      count: 1000,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
    });
    await h.interact(q);
    await until(() => outcomeLogged(logs, 'token_dead'), 'the token_dead outcome', 30_000);
    await retriedThenSilent(h, q.token);
    expect(errors(logs)).toEqual([]);
  });

  it('after the token worked, Unknown Webhook is not retried: the token is dead', async () => {
    const { h, logs } = await started();
    h.ollama.chatScript = SLOW;
    const q = ask('where is the deploy script?');
    await h.interact(q);
    await h.discord.waitFor(() => (h.webhook(q.token)?.edits.length ?? 0) >= 2, 15_000);
    const from = h.discord.requests.length;
    h.discord.failNext({
      pathIncludes: q.token,
      count: 1000,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
    });
    await until(() => outcomeLogged(logs, 'token_dead'), 'the token_dead outcome');
    await new Promise((r) => setTimeout(r, 1500));
    expect(tokenRequests(h, q.token, from)).toHaveLength(1);
    expect(errors(logs)).toEqual([]);
  });
});
