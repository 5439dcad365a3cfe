/**
 * The embed stage on its own: one collection per guild and embedding model, filled from the store
 * through the outbox, against a real store (SQLite, and PostgreSQL when the run has one), the
 * shared real Chroma server and the Ollama stand-in behind the product's pool.
 */
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { backends, freshStore } from '../../test/databases';
import { snowflakeFromMs } from '../../test/standins/discord';
import { startOllamaStandIn } from '../../test/standins/ollama';
import { uniquePrefix } from '../../test/tmp';
import { createOllamaPool } from '../llm/hosts';
import { silentLogger } from '../log';
import type { Store } from '../store/types';
import { chromaClientFor, collectionNameFor, openVectorIndex, type VectorIndex } from '../vector/store';
import { type Drainer, finishCollections, prepareCollections, type SyncContext, startDrainer } from './sync';

const A = 'nomic-embed-text';
const B = 'mxbai-embed-large';
const G1 = '910000000000000001';
const G2 = '920000000000000002';
const T0 = Date.UTC(2025, 0, 1);
const DIMENSION = 48;

async function setUp(backend: (typeof backends)[number]) {
  const ollama = await startOllamaStandIn({
    dimension: DIMENSION,
    models: ['llama3.2:3b', `${A}:latest`, `${B}:latest`],
  });
  onTestFinished(() => ollama.close());
  const store = await freshStore(backend);
  const prefix = uniquePrefix();
  const indexFor = (model: string) =>
    openVectorIndex({ url: inject('chromaUrl'), collectionPrefix: prefix, model, timeoutMs: 10_000 });
  const contextFor = (model: string, vectors: VectorIndex): SyncContext => ({
    store,
    embedder: createOllamaPool({
      hosts: [ollama.url],
      chatModel: 'llama3.2:3b',
      embedModel: model,
      numCtx: 2048,
      timeoutMs: 5000,
      firstTokenTimeoutMs: 5000,
      embedTimeoutMs: 5000,
      resilience: { retries: 0 },
    }).embedder,
    vectors,
    log: silentLogger,
    embedBatchSize: 16,
    embedModel: model,
    retryBaseMs: 10,
    now: () => T0,
  });
  return { ollama, store, prefix, indexFor, contextFor };
}

let seq = 0;
/** Stores `count` messages in one channel of a guild; returns their ids. */
async function addMessages(
  store: Store,
  guildId: string,
  channelId: string,
  count: number,
): Promise<string[]> {
  await store.channels.upsert([{ id: channelId, guildId, parentId: null, type: 0, name: 'c', nsfw: false }]);
  const rows = Array.from({ length: count }, (_, i) => {
    const createdAt = T0 + ++seq * 1000;
    return {
      id: snowflakeFromMs(createdAt, seq),
      guildId,
      channelId,
      authorId: 'u1',
      authorName: 'alice',
      content: `message ${i} of ${channelId} about topic ${i % 7}`,
      createdAt,
    };
  });
  await store.messages.storePage({ rows, source: 'crawl' });
  return rows.map((r) => r.id);
}

/** One embed stage from start to end, as a run does it. */
async function runStage(ctx: SyncContext): Promise<{ notes: string[]; finished: boolean; drainer: Drainer }> {
  const { dimension, notes } = await prepareCollections(ctx);
  const drainer = startDrainer(ctx, { workers: 2, signal: new AbortController().signal, onBatch() {} });
  drainer.finish();
  await drainer.done;
  return { notes, finished: await finishCollections(ctx, dimension), drainer };
}

describe.each(backends)('embed stage, one collection per guild (%s)', (backend) => {
  it('fills each guild’s collection; a model change fills the new model’s, per guild', async () => {
    const s = await setUp(backend);
    const one = await addMessages(s.store, G1, '311', 40);
    const two = await addMessages(s.store, G2, '321', 25);
    const a = await s.indexFor(A);
    const first = await runStage(s.contextFor(A, a));
    expect(first.finished).toBe(true);
    expect(first.drainer.embedded).toBe(65);
    expect(await a.count(G1)).toBe(40);
    expect(await a.count(G2)).toBe(25);
    expect(await a.existing(G2, one)).toEqual(new Set());
    expect(await s.store.outbox.model()).toBe(A);
    expect(await s.store.outbox.pending()).toBe(0);

    // Nothing new: nothing embedded again.
    expect((await runStage(s.contextFor(A, a))).drainer.embedded).toBe(0);

    const b = await s.indexFor(B);
    const second = await runStage(s.contextFor(B, b));
    expect(second.notes.join('\n')).toContain(`the model changed from ${A}`);
    expect(second.drainer.embedded).toBe(65);
    expect(await b.count(G1)).toBe(40);
    expect(await b.count(G2)).toBe(25);
    expect(await b.existing(G2, two)).toEqual(new Set(two));
    expect(b.collectionName(G1)).not.toBe(a.collectionName(G1));
    const states = new Map((await s.store.outbox.collections()).map((c) => [c.name, c]));
    expect(states.get(b.collectionName(G1))).toMatchObject({
      guildId: G1,
      model: B,
      ready: true,
      dimension: DIMENSION,
    });
    expect(states.get(b.collectionName(G2))).toMatchObject({ guildId: G2, model: B, ready: true });
    // The old model's collections are left as they were, no longer kept up to date.
    expect(states.get(a.collectionName(G1))).toMatchObject({ model: A, ready: false });
    expect(await a.count(G1)).toBe(40);
  });

  it('migrates the single collection of an older release: refilled per guild, then dropped', async () => {
    const s = await setUp(backend);
    const one = await addMessages(s.store, G1, '311', 12);
    const two = await addMessages(s.store, G2, '321', 8);
    // What an older release left: every row synced into one collection of every guild.
    const legacy = collectionNameFor(s.prefix, A);
    const client = chromaClientFor(inject('chromaUrl'));
    const old = await client.createCollection({
      name: legacy,
      embeddingFunction: null,
      configuration: { hnsw: { space: 'cosine' } },
      metadata: { embed_model: `${A}:latest` },
    });
    await old.add({
      ids: [...one, ...two],
      embeddings: [...one, ...two].map(() => new Array<number>(DIMENSION).fill(0.1)),
    });
    await s.store.outbox.markSyncedIfUnchanged(await s.store.messages.byIds([...one, ...two]));
    await s.store.outbox.saveCollection({
      name: legacy,
      guildId: '',
      model: A,
      dimension: DIMENSION,
      ready: true,
    });
    expect(await s.store.outbox.pending()).toBe(0);

    const a = await s.indexFor(A);
    const run = await runStage(s.contextFor(A, a));
    expect(run.notes.join('\n')).toContain('one collection per guild: 20 messages');
    expect(run.finished).toBe(true);
    expect(await a.existing(G1, one)).toEqual(new Set(one));
    expect(await a.existing(G2, two)).toEqual(new Set(two));
    await expect(client.getCollection({ name: legacy })).rejects.toMatchObject({
      name: 'ChromaNotFoundError',
    });
    const states = await s.store.outbox.collections();
    expect(states.map((c) => c.name).sort()).toEqual([a.collectionName(G1), a.collectionName(G2)].sort());
    expect(await s.store.outbox.model()).toBe(A);
  });

  it('puts back what one guild’s collection lost, and leaves the other guild alone', async () => {
    const s = await setUp(backend);
    const one = await addMessages(s.store, G1, '311', 30);
    const two = await addMessages(s.store, G2, '321', 20);
    const a = await s.indexFor(A);
    await runStage(s.contextFor(A, a));

    await chromaClientFor(inject('chromaUrl')).deleteCollection({ name: a.collectionName(G1) });
    await a.delete(G2, two.slice(0, 3));
    const repair = await runStage(s.contextFor(A, a));
    expect(repair.notes).toEqual([
      `Chroma collection ${a.collectionName(G1)} holds 0 of 30 messages: 30 are re-embedded from the store`,
      `Chroma collection ${a.collectionName(G2)} holds 17 of 20 messages: 3 are re-embedded from the store`,
    ]);
    expect(repair.drainer.embedded).toBe(33);
    expect(await a.existing(G1, one)).toEqual(new Set(one));
    expect(await a.existing(G2, two)).toEqual(new Set(two));
  });

  it('removes deleted messages from their guild’s collection only', async () => {
    const s = await setUp(backend);
    const one = await addMessages(s.store, G1, '311', 5);
    const two = await addMessages(s.store, G2, '321', 5);
    const a = await s.indexFor(A);
    await runStage(s.contextFor(A, a));
    await s.store.messages.storePage({ rows: [], deletedIds: [one[0] ?? '', two[1] ?? ''], source: 'crawl' });
    await runStage(s.contextFor(A, a));
    expect(await a.existing(G1, one)).toEqual(new Set(one.slice(1)));
    expect(await a.existing(G2, two)).toEqual(new Set(two.filter((_, i) => i !== 1)));
  });

  it('rejects with the Ollama error when the model cannot be reached, and Chroma’s when Chroma cannot', async () => {
    const s = await setUp(backend);
    await addMessages(s.store, G1, '311', 2);
    const down = await openVectorIndex({
      url: 'http://127.0.0.1:9',
      collectionPrefix: 'down',
      model: A,
      timeoutMs: 2000,
    });
    await expect(prepareCollections(s.contextFor(A, down))).rejects.toMatchObject({
      code: 'CHROMA_UNREACHABLE',
    });
    s.ollama.mode = 'refuse';
    await expect(prepareCollections(s.contextFor(A, await s.indexFor(A)))).rejects.toMatchObject({
      code: 'OLLAMA_UNREACHABLE',
    });
  });
});
