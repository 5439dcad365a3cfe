import { describe, expect, inject, it } from 'vitest';
import { uniquePrefix } from '../../test/tmp';
import { chromaClientFor, collectionNameFor, openVectorStore } from './store';

const unit = (i: number, dim = 8) => Array.from({ length: dim }, (_, j) => (j === i ? 1 : 0));
const meta = (guild: string, channel: string) => ({
  guild_id: guild,
  channel_id: channel,
  author_id: '1',
  author_name: 'a',
  created_at: 1,
});

describe('collectionNameFor', () => {
  it.each([
    ['discord_messages', 'nomic-embed-text', 'discord_messages.nomic-embed-text_latest'],
    ['discord_messages', 'nomic-embed-text:latest', 'discord_messages.nomic-embed-text_latest'],
    ['x1', 'hf.co/org/Model:Q4', 'x1.hf.co_org_Model_Q4'],
  ])('%s + %s → %s', (prefix, model, name) => {
    expect(collectionNameFor(prefix, model)).toBe(name);
  });
});

describe('VectorStore on a real Chroma server', () => {
  it('upserts, filters by guild and channel inside the query, deletes', async () => {
    const store = await openVectorStore({
      url: inject('chromaUrl'),
      collectionPrefix: uniquePrefix(),
      model: 'm',
      timeoutMs: 5000,
    });
    await store.upsert([
      { id: '10', vector: unit(0), document: 'allowed', metadata: meta('g1', 'c1') },
      { id: '11', vector: unit(0), document: 'forbidden channel', metadata: meta('g1', 'c2') },
      { id: '12', vector: unit(0), document: 'other guild', metadata: meta('g2', 'c1') },
      { id: '13', vector: unit(1), document: 'far', metadata: meta('g1', 'c1') },
    ]);
    const hits = await store.query(unit(0), { guildId: 'g1', channelIds: ['c1'] }, 10);
    expect(hits.map((h) => h.id)).toEqual(['10', '13']);
    expect(hits[0]?.distance).toBeCloseTo(0, 5);
    expect(hits[0]?.metadata.channel_id).toBe('c1');
    await store.delete(['10']);
    expect(await store.count()).toBe(3);
    expect(await store.existing(['10', '11', '99'])).toEqual(new Set(['11']));
  });

  it('reports an unreachable server as CHROMA_UNREACHABLE', async () => {
    const store = await openVectorStore({
      url: 'http://127.0.0.1:9',
      collectionPrefix: 'x',
      model: 'm',
      timeoutMs: 2000,
    });
    await expect(store.count()).rejects.toMatchObject({ code: 'CHROMA_UNREACHABLE' });
  });
});

describe('VectorStore when its collection is deleted under it', () => {
  it('opens the collection anew and carries on', async () => {
    const prefix = uniquePrefix();
    const store = await openVectorStore({
      url: inject('chromaUrl'),
      collectionPrefix: prefix,
      model: 'm',
      timeoutMs: 5000,
    });
    await store.upsert([{ id: '1', vector: unit(0), document: 'a', metadata: meta('g', 'c') }]);
    await chromaClientFor(inject('chromaUrl')).deleteCollection({ name: store.collectionName });
    expect(await store.count()).toBe(0);
    await store.upsert([{ id: '2', vector: unit(1), document: 'b', metadata: meta('g', 'c') }]);
    expect(await store.existing(['1', '2'])).toEqual(new Set(['2']));
  });
});
