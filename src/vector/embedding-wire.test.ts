import type { Collection } from 'chromadb';
import { describe, expect, inject, it, vi } from 'vitest';
import { uniquePrefix } from '../../test/tmp';
import { embeddingToBase64, withFastEmbeddingWire } from './embedding-wire';
import { chromaClientFor, guildCollectionName, openVectorIndex } from './store';

/** The numbers of a base64 float32 embedding, read back. */
const decode = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64');
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
};
/** What float32 keeps of each number. */
const asFloat32 = (v: number[]) => Array.from(Float32Array.from(v));

type Prepare = (args: { recordSet: Record<string, unknown> }) => Promise<{ embeddings?: unknown }>;
const prepareOf = (c: Collection) => (c as unknown as { prepareRecords: Prepare }).prepareRecords.bind(c);

/** Ordinary embeddings (the server normalises them for cosine distance: no overflow there). */
const vectors = [
  [0.1, -2.5, 1e-3, 0, 42, Math.PI, 1 / 3, 7],
  Array.from({ length: 8 }, (_, i) => Math.sin(i + 0.5)),
];
/** float32 edges: the largest, the smallest subnormal, a value float32 rounds, and -0. */
const edges = [3.4028234663852886e38, 1e-45, -1.1754943508222875e-38, 16777217, 0.1, -0];

describe('embeddings on the wire', () => {
  it('are little-endian float32 bytes in base64, whatever the input array type', () => {
    expect(embeddingToBase64([1])).toBe(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'));
    for (const v of [...vectors, edges]) {
      expect(decode(embeddingToBase64(v))).toEqual(asFloat32(v));
      expect(embeddingToBase64(Float32Array.from(v))).toBe(embeddingToBase64(v));
    }
    // A view into a larger buffer encodes only its own numbers.
    const big = Float32Array.from([9, 1, 2, 9]);
    expect(decode(embeddingToBase64(big.subarray(1, 3)))).toEqual([1, 2]);
  });

  it('send the same bytes as chromadb’s own preparation, and the server keeps those numbers', async () => {
    const url = inject('chromaUrl');
    const client = chromaClientFor(url);
    const name = `wire-${uniquePrefix()}`;
    const create = () =>
      client.getOrCreateCollection({
        name,
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
      });
    const theirs = await create();
    const ours = withFastEmbeddingWire(await create());
    const recordSet = () => ({
      ids: ['a', 'b'],
      embeddings: vectors.map((v) => [...v]),
      documents: ['one', 'two'],
      metadatas: [{ k: 1 }, { k: 2 }],
    });
    // chromadb's own encoding goes through btoa, a vector at a time; ours does not call it.
    const btoa = vi.spyOn(globalThis, 'btoa');
    const library = await prepareOf(theirs)({ recordSet: recordSet() });
    expect(btoa).toHaveBeenCalledTimes(vectors.length);
    btoa.mockClear();
    const fast = await prepareOf(ours)({ recordSet: recordSet() });
    expect(btoa).not.toHaveBeenCalled();
    btoa.mockRestore();
    // The server this suite starts takes base64: both must have encoded, to the same strings.
    expect(await client.supportsBase64Encoding()).toBe(true);
    expect(fast.embeddings).toEqual(vectors.map((v) => embeddingToBase64(v)));
    expect(fast).toEqual(library);
    // The library's checks still run on our path.
    await expect(prepareOf(ours)({ recordSet: { ...recordSet(), ids: ['a', 'a'] } })).rejects.toThrow(
      /unique|duplicate/i,
    );

    // Through VectorIndex (which wraps its handles) into the server and back.
    const prefix = uniquePrefix();
    const index = await openVectorIndex({ url, collectionPrefix: prefix, model: 'm', timeoutMs: 10_000 });
    const meta = { guild_id: 'g', channel_id: 'c', author_id: '1', author_name: 'a', created_at: 1 };
    await index.upsert(
      'g',
      vectors.map((v, i) => ({ id: `m${i}`, vector: v, document: `doc ${i}`, metadata: meta })),
    );
    const stored = await client.getCollection({ name: guildCollectionName(prefix, 'g', 'm') });
    const got = await stored.get({ ids: ['m0', 'm1'], include: ['embeddings'] });
    // The server prints float32 numbers with about 7 significant digits: compare to that.
    expect(got.ids).toEqual(['m0', 'm1']);
    for (const [i, e] of got.embeddings.entries())
      for (const [j, x] of Array.from(e).entries()) expect(x).toBeCloseTo(vectors[i]?.[j] ?? Number.NaN, 5);
    await client.deleteCollection({ name });
  });
});
