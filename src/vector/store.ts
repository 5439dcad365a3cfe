import { ChromaClient, type Collection, type Metadata } from 'chromadb';
import { withTimeout } from '../async';
import { chromaError, chromaTimeout } from './errors';

/** What the vector store keeps beside each message vector; ids are snowflakes, kept as strings. */
export interface VectorMetadata {
  guild_id: string;
  channel_id: string;
  author_id: string;
  author_name: string;
  /** Unix ms. */
  created_at: number;
}

export interface VectorRecord {
  id: string;
  vector: number[];
  document: string;
  metadata: VectorMetadata;
}

/** The record of a stored message in the vector store: its id, vector, text and filter metadata. */
export function vectorRecord(
  m: {
    id: string;
    guildId: string;
    channelId: string;
    authorId: string;
    authorName: string;
    content: string;
    createdAt: number;
  },
  vector: number[],
): VectorRecord {
  return {
    id: m.id,
    vector,
    document: m.content,
    metadata: {
      guild_id: m.guildId,
      channel_id: m.channelId,
      author_id: m.authorId,
      author_name: m.authorName,
      created_at: m.createdAt,
    },
  };
}

export interface VectorHit {
  id: string;
  /** Cosine distance: 0 identical, 1 unrelated. */
  distance: number;
  metadata: VectorMetadata;
}

/** The slice of Chroma the product uses; one instance per embedding model's collection. */
export interface VectorStore {
  readonly url: string;
  readonly collectionName: string;
  upsert(records: VectorRecord[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  /** Nearest messages of one guild, restricted to `channelIds` inside Chroma's own query. */
  query(vector: number[], filter: { guildId: string; channelIds: string[] }, n: number): Promise<VectorHit[]>;
  count(): Promise<number>;
  heartbeat(): Promise<void>;
  /** Ids present in the collection among `ids` (for consistency checks). */
  existing(ids: string[]): Promise<Set<string>>;
}

/** `nomic-embed-text` and `nomic-embed-text:latest` are one model and so share one collection. */
export function normaliseModelName(model: string): string {
  const last = model.split('/').pop() ?? model;
  return last.includes(':') ? model : `${model}:latest`;
}

/** One collection per embedding model, each named with the configured prefix first. */
export function collectionNameFor(prefix: string, model: string): string {
  const slug = normaliseModelName(model)
    .replace(/[^a-zA-Z0-9._-]+/g, '_')
    .replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, '');
  return `${prefix}.${slug}`.slice(0, 500);
}

export function chromaClientFor(url: string): ChromaClient {
  const u = new URL(url);
  const ssl = u.protocol === 'https:';
  return new ChromaClient({ host: u.hostname, port: Number(u.port || (ssl ? 443 : 80)), ssl });
}

export async function openVectorStore(opts: {
  url: string;
  collectionPrefix: string;
  model: string;
  timeoutMs: number;
}): Promise<VectorStore> {
  const { url, timeoutMs } = opts;
  const client = chromaClientFor(url);
  const name = collectionNameFor(opts.collectionPrefix, opts.model);
  const call = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(f(), timeoutMs, () => chromaTimeout(url, timeoutMs));
    } catch (err) {
      throw chromaError(err, url);
    }
  };
  let collection: Collection | undefined;
  const coll = async (): Promise<Collection> => {
    collection ??= await call(() =>
      client.getOrCreateCollection({
        name,
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { embed_model: normaliseModelName(opts.model) },
      }),
    );
    return collection;
  };
  /**
   * Runs `f` on the collection; if the collection was deleted meanwhile (someone wiped Chroma while
   * the service runs), opens it anew once, so the indexer's repair can refill it.
   */
  const withColl = async <T>(f: (c: Collection) => Promise<T>): Promise<T> => {
    const c = await coll();
    try {
      return await f(c);
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      if (!(cause instanceof Error) || cause.name !== 'ChromaNotFoundError') throw err;
      collection = undefined;
      return f(await coll());
    }
  };
  let maxBatch: number | undefined;
  const batchSize = async () => {
    maxBatch ??= await call(() => client.getMaxBatchSize()).catch(() => 1000);
    return maxBatch;
  };

  return {
    url,
    collectionName: name,
    async upsert(records) {
      if (records.length === 0) return;
      const size = await batchSize();
      for (let i = 0; i < records.length; i += size) {
        const part = records.slice(i, i + size);
        await withColl((c) =>
          call(() =>
            c.upsert({
              ids: part.map((r) => r.id),
              embeddings: part.map((r) => r.vector),
              documents: part.map((r) => r.document),
              metadatas: part.map((r) => ({ ...r.metadata }) satisfies Metadata),
            }),
          ),
        );
      }
    },
    async delete(ids) {
      if (ids.length === 0) return;
      const size = await batchSize();
      for (let i = 0; i < ids.length; i += size) {
        const part = ids.slice(i, i + size);
        await withColl((c) => call(() => c.delete({ ids: part })));
      }
    },
    async query(vector, filter, n) {
      if (filter.channelIds.length === 0) return [];
      const res = await withColl((c) =>
        call(() =>
          c.query<Metadata>({
            queryEmbeddings: [vector],
            nResults: n,
            where: {
              $and: [{ guild_id: { $eq: filter.guildId } }, { channel_id: { $in: filter.channelIds } }],
            },
            include: ['distances', 'metadatas'],
          }),
        ),
      );
      const ids = res.ids[0] ?? [];
      const distances = res.distances[0] ?? [];
      const metas = res.metadatas[0] ?? [];
      return ids.map((id, i) => ({
        id,
        distance: distances[i] ?? 1,
        metadata: (metas[i] ?? {}) as unknown as VectorMetadata,
      }));
    },
    async count() {
      return withColl((c) => call(() => c.count()));
    },
    async heartbeat() {
      await call(() => client.heartbeat());
    },
    async existing(ids) {
      if (ids.length === 0) return new Set();
      const res = await withColl((c) => call(() => c.get({ ids, include: [] })));
      return new Set(res.ids);
    },
  };
}
