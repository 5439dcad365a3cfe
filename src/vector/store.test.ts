import { describe, expect, inject, it } from 'vitest';
import { uniquePrefix } from '../../test/tmp';
import {
  chromaClientFor,
  chromaWhere,
  collectionNameFor,
  guildCollectionName,
  MAX_FILTER_IDS,
  modelSlug,
  nearestOf,
  openVectorIndex,
  type VectorHit,
} from './store';

const unit = (i: number, dim = 8) => Array.from({ length: dim }, (_, j) => (j === i ? 1 : 0));
/** A unit vector at `angle` radians from unit(0) in the plane of unit(0) and unit(1). */
const at = (angle: number, dim = 8) =>
  Array.from({ length: dim }, (_, j) => (j === 0 ? Math.cos(angle) : j === 1 ? Math.sin(angle) : 0));
const meta = (guild: string, channel: string, author = '1', created = 1) => ({
  guild_id: guild,
  channel_id: channel,
  author_id: author,
  author_name: 'a',
  created_at: created,
});
/** Chroma's naming rule for collections. */
const VALID_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]|\.(?!\.))*[a-zA-Z0-9]$/;

const open = (prefix = uniquePrefix(), model = 'm') =>
  openVectorIndex({ url: inject('chromaUrl'), collectionPrefix: prefix, model, timeoutMs: 10_000 });

describe('collection names', () => {
  it.each([
    ['nomic-embed-text', 'nomic-embed-text_latest'],
    ['nomic-embed-text:latest', 'nomic-embed-text_latest'],
    ['hf.co/org/Model-GGUF:Q4_K_M', 'hf.co_org_Model-GGUF_Q4_K_M'],
    ['..weird..name..:v1', 'weird.name._v1'],
    ['-x-', 'x-_latest'],
  ])('model %s → slug %s', (model, slug) => {
    expect(modelSlug(model)).toBe(slug);
  });

  it('prefix, guild and model slug make a name within Chroma’s rule, whatever the model', () => {
    const models = [
      'hf.co/org/Model-GGUF:Q4_K_M',
      '日本語モデル',
      `${'very-long-'.repeat(60)}:q8`,
      '...',
      'ok',
    ];
    for (const model of models) {
      const name = guildCollectionName(`p${'x'.repeat(198)}`, '123456789012345678901', model);
      expect(name).toMatch(VALID_NAME);
      expect(name.length).toBeLessThanOrEqual(512);
    }
    expect(guildCollectionName('discord_messages', '42', 'nomic-embed-text')).toBe(
      'discord_messages.42.nomic-embed-text_latest',
    );
    // Two long names that share their first 250 characters still get two collections.
    const long = 'a'.repeat(300);
    expect(modelSlug(`${long}:1`)).not.toBe(modelSlug(`${long}:2`));
    expect(() => guildCollectionName('p00', '../x', 'm')).toThrow(/guild id/);
    expect(collectionNameFor('discord_messages', 'nomic-embed-text')).toBe(
      'discord_messages.nomic-embed-text_latest',
    );
  });
});

describe('chromaWhere and nearestOf', () => {
  it('builds one top-level operator, as Chroma requires', () => {
    expect(chromaWhere(undefined)).toBeUndefined();
    expect(chromaWhere({})).toBeUndefined();
    expect(chromaWhere({ channels: { in: ['a'] } })).toEqual({ channel_id: { $in: ['a'] } });
    expect(chromaWhere({ channels: { notIn: ['a'] }, authorId: 'u', sinceMs: 5 })).toEqual({
      $and: [{ channel_id: { $nin: ['a'] } }, { author_id: { $eq: 'u' } }, { created_at: { $gte: 5 } }],
    });
  });

  it('merges sorted lists into the nearest n', () => {
    const h = (id: string, distance: number): VectorHit => ({ id, distance, metadata: meta('g', 'c') });
    expect(nearestOf([[h('a', 0.1), h('b', 0.5)], [h('c', 0.2)], []], 2).map((x) => x.id)).toEqual([
      'a',
      'c',
    ]);
  });
});

describe('VectorIndex on a real Chroma server', () => {
  it('keeps each guild in its own collection; filters by channel, author and time inside the query', async () => {
    const index = await open();
    await index.upsert('g1', [
      { id: '10', vector: unit(0), document: 'allowed', metadata: meta('g1', 'c1', 'u1', 100) },
      { id: '11', vector: unit(0), document: 'forbidden channel', metadata: meta('g1', 'c2', 'u1', 100) },
      { id: '13', vector: at(1.2), document: 'far', metadata: meta('g1', 'c1', 'u2', 50) },
    ]);
    await index.upsert('g2', [
      { id: '12', vector: unit(0), document: 'other guild', metadata: meta('g2', 'c1') },
    ]);
    const ids = (hits: VectorHit[]) => hits.map((x) => x.id);
    const all = ids(await index.query('g1', unit(0), 10));
    expect(all.slice(0, 2).sort()).toEqual(['10', '11']);
    expect(all[2]).toBe('13');
    expect(ids(await index.query('g1', unit(0), 10, { channels: { in: ['c1'] } }))).toEqual(['10', '13']);
    expect(ids(await index.query('g1', unit(0), 10, { channels: { notIn: ['c1'] } }))).toEqual(['11']);
    expect(ids(await index.query('g1', unit(0), 10, { authorId: 'u2' }))).toEqual(['13']);
    expect(ids(await index.query('g1', unit(0), 10, { sinceMs: 100 })).sort()).toEqual(['10', '11']);
    expect(ids(await index.query('g2', unit(0), 10))).toEqual(['12']);
    const [best] = await index.query('g1', unit(0), 1, { channels: { in: ['c1'] } });
    expect(best?.distance).toBeCloseTo(0, 5);
    expect(best?.metadata).toEqual(meta('g1', 'c1', 'u1', 100));

    await index.delete('g1', ['10']);
    expect(await index.count('g1')).toBe(2);
    expect(await index.count('g2')).toBe(1);
    expect(await index.existing('g1', ['10', '11', '12', '99'])).toEqual(new Set(['11']));
  });

  it('splits a long channel list into bounded queries and returns the nearest of their union', async () => {
    const index = await open();
    const channels = Array.from({ length: MAX_FILTER_IDS * 2 + 7 }, (_, i) => `c${i}`);
    // One record in the last channel of each chunk, nearer the query the later the chunk.
    const last = [MAX_FILTER_IDS - 1, MAX_FILTER_IDS * 2 - 1, MAX_FILTER_IDS * 2 + 6];
    await index.upsert(
      'g',
      last.map((c, k) => ({
        id: String(100 + k),
        vector: at(1 - k * 0.4),
        document: String(c),
        metadata: meta('g', `c${c}`),
      })),
    );
    await index.upsert('g', [{ id: '999', vector: unit(0), document: 'x', metadata: meta('g', 'other') }]);
    const hits = await index.query('g', unit(0), 2, { channels: { in: channels } });
    expect(hits.map((h) => h.id)).toEqual(['102', '101']);
    await expect(index.query('g', unit(0), 2, { channels: { notIn: channels } })).rejects.toThrow(/at most/);
    expect(await index.query('g', unit(0), 2, { channels: { in: [] } })).toEqual([]);
  });

  it('finds nothing in a guild without a collection, and does not create one', async () => {
    const index = await open();
    expect(await index.query('nobody', unit(0), 5)).toEqual([]);
    expect(await index.count('nobody')).toBe(0);
    expect(await index.existing('nobody', ['1'])).toEqual(new Set());
    await index.delete('nobody', ['1']);
    await expect(
      chromaClientFor(inject('chromaUrl')).getCollection({ name: index.collectionName('nobody') }),
    ).rejects.toMatchObject({ name: 'ChromaNotFoundError' });
  });

  it('dropGuild removes that guild’s collections of every model and leaves the other guilds alone', async () => {
    const prefix = uniquePrefix();
    const a = await open(prefix, 'model-a');
    const b = await open(prefix, 'model-b');
    for (const index of [a, b]) {
      await index.upsert('g1', [{ id: '1', vector: unit(0), document: 'x', metadata: meta('g1', 'c') }]);
      await index.upsert('g2', [{ id: '2', vector: unit(0), document: 'y', metadata: meta('g2', 'c') }]);
    }
    await a.dropGuild('g1');
    expect(await a.count('g1')).toBe(0);
    expect(await b.count('g1')).toBe(0);
    expect(await a.count('g2')).toBe(1);
    expect(await b.count('g2')).toBe(1);
    // It can be filled again afterwards.
    await a.upsert('g1', [{ id: '3', vector: unit(1), document: 'z', metadata: meta('g1', 'c') }]);
    expect(await a.existing('g1', ['1', '3'])).toEqual(new Set(['3']));
    await a.dropGuild('never-indexed');
  });

  it('reports an unreachable server as CHROMA_UNREACHABLE', async () => {
    const index = await openVectorIndex({
      url: 'http://127.0.0.1:9',
      collectionPrefix: 'xyz',
      model: 'm',
      timeoutMs: 2000,
    });
    await expect(index.count('g')).rejects.toMatchObject({ code: 'CHROMA_UNREACHABLE' });
    await expect(index.query('g', unit(0), 3)).rejects.toMatchObject({ code: 'CHROMA_UNREACHABLE' });
    await expect(index.heartbeat()).rejects.toMatchObject({ code: 'CHROMA_UNREACHABLE' });
  });

  it('opens a collection deleted under it anew and carries on', async () => {
    const index = await open();
    await index.upsert('g', [{ id: '1', vector: unit(0), document: 'a', metadata: meta('g', 'c') }]);
    await chromaClientFor(inject('chromaUrl')).deleteCollection({ name: index.collectionName('g') });
    expect(await index.count('g')).toBe(0);
    expect(await index.query('g', unit(0), 3)).toEqual([]);
    await index.upsert('g', [{ id: '2', vector: unit(1), document: 'b', metadata: meta('g', 'c') }]);
    expect(await index.existing('g', ['1', '2'])).toEqual(new Set(['2']));
  });
});
