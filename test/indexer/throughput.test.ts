import { describe, expect, inject, it } from 'vitest';
import { startDiscordStandIn } from '../standins/discord';
import { startOllamaStandIn } from '../standins/ollama';
import { chromaRecords, DAY, G1, idAt, makeIndexer, onCleanup } from './world';

describe('indexer throughput', () => {
  it('crawls, stores, embeds and upserts thousands of messages a second with an instant embedder', async () => {
    const discord = await startDiscordStandIn();
    onCleanup(() => discord.close());
    const ollama = await startOllamaStandIn();
    onCleanup(() => ollama.close());
    discord.addGuild({ id: G1, ownerId: '400000000000000001', roles: [{ id: G1, permissions: '66560' }] });
    const channels = ['330000000000000001', '330000000000000002', '330000000000000003', '330000000000000004'];
    const perChannel = 1500;
    const t0 = Date.now() - 100 * DAY;
    for (const [c, id] of channels.entries()) {
      discord.addChannel({ id, guildId: G1, type: 0, name: `load-${c}` });
      for (let i = 0; i < perChannel; i++) {
        discord.addMessage(id, {
          id: idAt(t0 + i * 1000 + c),
          authorId: '400000000000000002',
          content: `load test message ${i} in channel ${c}: the quick brown fox jumps over the lazy dog`,
        });
      }
    }
    const h = await makeIndexer(
      { discord, ollama, chromaUrl: inject('chromaUrl'), expected: new Map(), add: () => '' },
      { settings: { guildIds: [G1], embedBatchSize: 64 } },
    );
    // When each progress event arrived, to tell the crawl's speed from the embed stage's.
    const doneAt = new Map<number, number>();
    const push = h.events.push.bind(h.events);
    h.events.push = (...e) => {
      const n = push(...e);
      doneAt.set(n - 1, Date.now());
      return n;
    };
    const started = Date.now();
    let crawled = 0;
    const s = await h.indexer.run();
    for (const [i, e] of h.events.entries()) if (e.kind === 'channel-done') crawled = i;
    const total = channels.length * perChannel;
    expect(s).toMatchObject({ status: 'ok', messagesNew: total, messagesEmbedded: total });
    expect(await h.store.outbox.pending()).toBe(0);
    expect((await chromaRecords(inject('chromaUrl'), h.prefix, undefined, [G1])).length).toBe(total);
    const rate = total / s.seconds;
    const crawlSeconds = ((doneAt.get(crawled) ?? Date.now()) - started) / 1000;
    console.log(
      `indexer throughput: ${total} messages in ${s.seconds.toFixed(2)} s = ${Math.round(rate)} messages/s end to end; ` +
        `crawl + SQLite done after ${crawlSeconds.toFixed(2)} s (${Math.round(total / crawlSeconds)} messages/s)`,
    );
    expect(rate).toBeGreaterThan(250); // a smoke floor: the local Chroma server bounds it (see the log line)
  });
});
