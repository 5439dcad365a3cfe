import { describe, expect, it } from 'vitest';
import { TOO_LATE } from '../src/jobs/ask';
import { TOKEN_LIFETIME_MS } from '../src/queue/types';
import { ask, finalContent, G, seedGuilds, startHarness } from './harness';

const FACTS = [{ channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 }];

describe('every answer ends before its interaction token does', () => {
  it('a call that cannot be cancelled (a hanging embedding) does not hold the answer past its deadline', async () => {
    const h = await startHarness({ ANSWER_TIMEOUT_MS: '1500', EMBED_TIMEOUT_MS: '60000' });
    await seedGuilds(h, FACTS);
    h.ollama.mode = 'hang';
    const q = ask('where is the deploy script?');
    const started = Date.now();
    await h.interact(q);
    expect(await finalContent(h, q.token, 8000)).toMatch(/took too long/);
    expect(Date.now() - started).toBeLessThan(6000);
    // Nothing edits the reply after its final edit.
    const edits = h.webhook(q.token)?.edits.length ?? 0;
    await new Promise((r) => setTimeout(r, 500));
    expect(h.webhook(q.token)?.edits.length).toBe(edits);
  });

  it('a question taken up too close to its token expiry says so instead of starting', async () => {
    const h = await startHarness({}, { worker: false });
    await seedGuilds(h, FACTS);
    const q = ask('where is the deploy script?');
    // Received 14 min 40 s ago (a long outage): 20 s of the token left, less than an answer needs.
    const receivedAt = Date.now() - TOKEN_LIFETIME_MS + 20_000;
    const permissive = {
      maxWaitMs: 10 ** 9,
      maxPerMember: 9,
      defaultServiceMs: 1,
      fallbackSlots: 1,
      expiryMarginMs: 0,
    };
    await h.db.queue.enqueue(
      {
        id: q.id,
        kind: 'ask',
        guildId: G.guild,
        userId: G.member,
        token: q.token,
        payload: {
          question: 'where is the deploy script?',
          ephemeral: false,
          channelId: G.general,
          roleIds: [],
        },
        receivedAt,
      },
      permissive,
      Date.now(),
    );
    const { startWorkerRole } = await import('../src/roles/worker-role');
    const { systemClock } = await import('../src/async');
    const worker = await startWorkerRole(h.settings, h.db, {
      chromaUrl: h.worker.runtime.raw.vectors.url,
      log: h.worker.runtime.jobs.log,
      metrics: h.metrics,
      clock: systemClock,
    });
    try {
      expect(await finalContent(h, q.token)).toBe(TOO_LATE);
      expect(h.ollama.chatRequests()).toHaveLength(0);
    } finally {
      await worker.stop(1000);
    }
  });
});

describe('nothing deleted is quoted again', () => {
  it('an answer cached before a deletion is not served after it, and the deleted text is in no prompt', async () => {
    const h = await startHarness();
    const ids = await seedGuilds(h, [
      ...FACTS,
      { channelId: G.general, content: 'Old note: the deploy password is hunter2.', minutes: 2 },
    ]);
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const first = ask('where is the deploy script?');
    await h.interact(first);
    await finalContent(h, first.token);
    expect(JSON.stringify(h.ollama.chatRequests()[0]?.messages)).toContain('hunter2');
    // An index run finds the note deleted on Discord.
    await h.db.store.messages.storePage({
      rows: [],
      deletedIds: [ids.get('Old note: the deploy password is hunter2.') ?? ''],
      source: 'crawl',
    });
    const second = ask('where is the deploy script?');
    await h.interact(second);
    await finalContent(h, second.token);
    expect(h.ollama.chatRequests()).toHaveLength(2);
    expect(JSON.stringify(h.ollama.chatRequests()[1]?.messages)).not.toContain('hunter2');
  });
});
