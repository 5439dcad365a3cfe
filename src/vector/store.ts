import { createHash } from 'node:crypto';
import { ChromaClient, type Collection, type Metadata, type Where } from 'chromadb';
import { withTimeout } from '../async';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { normaliseModelName } from '../llm/model-names';
import { BrokenCircuitError, createProbedBreaker } from '../net/probed-breaker';
import { peerAddress } from '../net/url-credentials';
import { withFastEmbeddingWire } from './embedding-wire';
import { chromaCircuitOpen, chromaError, chromaTimeout, isChromaNotFound } from './errors';

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

/** A record near a query vector: its id and cosine distance (0 identical, 1 unrelated). */
export interface Nearby {
  id: string;
  distance: number;
}

export interface VectorHit extends Nearby {
  metadata: VectorMetadata;
}

/**
 * A metadata filter evaluated inside Chroma. Chroma fetches every record that matches it before the
 * vector search (the cost grows with the matches), so retrieval uses it only when it must; the
 * list in `channels` may be of any length: `in` is split into bounded queries merged by distance.
 */
export interface VectorFilter {
  /** Only these channels (`$in`), or every channel but these (`$nin`, at most MAX_FILTER_IDS). */
  channels?: { in: readonly string[] } | { notIn: readonly string[] };
  authorId?: string | undefined;
  /** Unix ms: only records created at or after it. */
  sinceMs?: number | undefined;
}

/** Ids in one `$in`/`$nin` list of one Chroma query: every query stays bounded whatever the scope. */
export const MAX_FILTER_IDS = 500;

/** The slice of Chroma the product uses: one collection per guild for the configured embedding model. */
export interface VectorIndex {
  readonly url: string;
  /** The Chroma collection of a guild for the configured embedding model. */
  collectionName(guildId: string): string;
  upsert(guildId: string, records: VectorRecord[]): Promise<void>;
  delete(guildId: string, ids: readonly string[]): Promise<void>;
  /** Nearest `n` of a guild's collection ([] when it has none), optionally filtered. */
  query(guildId: string, vector: number[], n: number, where?: VectorFilter): Promise<VectorHit[]>;
  /**
   * Nearest `n` ids and distances only, unfiltered: several times cheaper than `query` for large `n`,
   * since Chroma reads every hit's metadata from its SQLite (at n = 320: 5 ms against 18-23 ms).
   */
  nearest(guildId: string, vector: number[], n: number): Promise<Nearby[]>;
  count(guildId: string): Promise<number>;
  existing(guildId: string, ids: readonly string[]): Promise<Set<string>>;
  /** Deletes a guild's collection (npm run forget -- --guild). */
  dropGuild(guildId: string): Promise<void>;
  heartbeat(): Promise<void>;
}

// In a module of its own so that the Ollama pool can use it without loading the Chroma client.
export { normaliseModelName } from '../llm/model-names';

const MAX_SLUG = 250;
const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);

/**
 * A model name as a piece of a Chroma collection name: `hf.co/org/Model-GGUF:Q4_K_M` →
 * `hf.co_org_Model-GGUF_Q4_K_M`. Only `[a-zA-Z0-9._-]`, alphanumeric at both ends, no `..`; a name
 * that had to be cut gets a hash of the whole name so that two long names never share a slug.
 * https://docs.trychroma.com/docs/collections/manage-collections (naming rules)
 */
export function modelSlug(model: string): string {
  const normal = normaliseModelName(model);
  let slug = normal
    .replace(/[^a-zA-Z0-9._-]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, '');
  if (slug.length > MAX_SLUG || slug === '') {
    slug = `${slug.slice(0, MAX_SLUG - 12).replace(/[^a-zA-Z0-9]+$/, '')}-h${shortHash(normal)}`.replace(
      /^-/,
      '',
    );
  }
  return slug;
}

/** Guild ids are snowflakes; anything else must still keep the collection name valid. */
const GUILD_ID = /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?$/;

/**
 * The collection of one guild and embedding model: `<prefix>.<guild id>.<model slug>` (prefix as
 * config validates it: at most 200 characters, Chroma's naming rule). Throws on a guild id that
 * is not letters, digits, '_' or '-'.
 */
export function guildCollectionName(prefix: string, guildId: string, model: string): string {
  if (!GUILD_ID.test(guildId)) throw new Error(`not a valid guild id for a collection name: ${guildId}`);
  return `${prefix}.${guildId}.${modelSlug(model)}`;
}

/**
 * The single collection of every guild that releases before issue 13 used (`<prefix>.<model slug>`,
 * filtered by guild inside every query); kept only to find and drop it after the migration.
 */
export function collectionNameFor(prefix: string, model: string): string {
  return `${prefix}.${modelSlug(model)}`;
}

/**
 * A chromadb client for a server URL such as `http://127.0.0.1:8000`; a `user:password@` in it is
 * sent as HTTP Basic authentication (a server behind a reverse proxy).
 */
export function chromaClientFor(url: string): ChromaClient {
  const peer = peerAddress(url);
  const u = new URL(peer.url);
  const ssl = u.protocol === 'https:';
  return new ChromaClient({
    host: u.hostname,
    port: Number(u.port || (ssl ? 443 : 80)),
    ssl,
    headers: peer.headers,
  });
}

/**
 * Runs `f` within `timeoutMs`, turning chromadb errors into AppErrors (vector/errors.ts); `model`
 * names the embedding model in a dimension mismatch.
 */
function guarded(url: string, timeoutMs: number, model?: string) {
  return async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(f(), timeoutMs, () => chromaTimeout(url, timeoutMs));
    } catch (err) {
      throw chromaError(err, url, model);
    }
  };
}

/**
 * Chroma's heartbeat at `url` within `timeoutMs` (ms). Rejects with CHROMA_UNREACHABLE,
 * CHROMA_UNAUTHORIZED (a proxy refused the credentials of the URL), CHROMA_TIMEOUT or CHROMA_FAILED.
 */
export async function pingChroma(url: string, timeoutMs: number): Promise<void> {
  await guarded(url, timeoutMs)(() => chromaClientFor(url).heartbeat());
}

/**
 * Deletes a collection by name when it exists (the pre-issue-13 single collection after the
 * migration). Rejects with a CHROMA_* AppError when Chroma fails.
 */
export async function deleteCollectionNamed(url: string, name: string, timeoutMs: number): Promise<boolean> {
  const call = guarded(url, timeoutMs);
  try {
    await call(() => chromaClientFor(url).deleteCollection({ name }));
    return true;
  } catch (err) {
    if (isChromaNotFound(err)) return false;
    throw err;
  }
}

/** Splits `items` into lists of at most `size`. */
function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The Chroma `where` of a filter with at most MAX_FILTER_IDS channels; undefined for no filter.
 * https://docs.trychroma.com/docs/querying-collections/metadata-filtering
 */
export function chromaWhere(f: VectorFilter | undefined): Where | undefined {
  if (f === undefined) return undefined;
  const parts: Where[] = [];
  if (f.channels !== undefined) {
    parts.push(
      'in' in f.channels
        ? { channel_id: { $in: [...f.channels.in] } }
        : { channel_id: { $nin: [...f.channels.notIn] } },
    );
  }
  if (f.authorId !== undefined) parts.push({ author_id: { $eq: f.authorId } });
  if (f.sinceMs !== undefined) parts.push({ created_at: { $gte: f.sinceMs } });
  if (parts.length === 0) return undefined;
  // Chroma wants exactly one top-level operator.
  return parts.length === 1 ? parts[0] : { $and: parts };
}

/** Merges lists sorted by ascending distance into the nearest `n` (ties: smaller id first). */
export function nearestOf(lists: readonly VectorHit[][], n: number): VectorHit[] {
  return lists
    .flat()
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, n);
}

/** Chroma's circuit: failures in a row that open it, and how often its heartbeat is probed then (ms). */
const CHROMA_BREAKER_THRESHOLD = 3;
const CHROMA_PROBE_MS = 1000;

/** Concurrent chunk queries of one filtered search; more would only queue inside one Chroma server. */
const CHUNK_CONCURRENCY = 4;

/**
 * Chroma with one collection per guild and embedding model, created on the first upsert (cosine
 * space, no embedding function: vectors come from Ollama). Reads of a guild without a collection
 * find nothing rather than creating one. Every call is bounded by `timeoutMs` and rejects with a
 * CHROMA_* AppError; a collection deleted meanwhile (someone wiped Chroma) is looked up anew once.
 * A server that stops answering opens a circuit (calls fail at once) that a heartbeat probe closes
 * within about a second of its return.
 */
export async function openVectorIndex(opts: {
  url: string;
  collectionPrefix: string;
  model: string;
  timeoutMs: number;
}): Promise<VectorIndex> {
  const { url, timeoutMs } = opts;
  const client = chromaClientFor(url);
  const guardedCall = guarded(url, timeoutMs, opts.model);
  // After three unreachable or timed-out calls in a row, calls fail at once (answers fall back to
  // keywords without waiting out CHROMA_TIMEOUT_MS each) until a heartbeat, every second, answers.
  const circuit = createProbedBreaker({
    threshold: CHROMA_BREAKER_THRESHOLD,
    probeIntervalMs: CHROMA_PROBE_MS,
    probe: () =>
      pingChroma(url, CHROMA_PROBE_MS).then(
        () => true,
        () => false,
      ),
    counts: (err) =>
      err instanceof AppError && (err.code === 'CHROMA_UNREACHABLE' || err.code === 'CHROMA_TIMEOUT'),
  });
  const call = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await circuit.execute(() => guardedCall(f));
    } catch (err) {
      if (err instanceof BrokenCircuitError) throw chromaCircuitOpen(url, CHROMA_PROBE_MS);
      throw err;
    }
  };
  const model = normaliseModelName(opts.model);
  const collectionName = (guildId: string) => guildCollectionName(opts.collectionPrefix, guildId, opts.model);
  const handles = new Map<string, Collection>();

  /** A name shared by two models (slugs can meet) must not mix their vectors. */
  const checked = (guildId: string, c: Collection): Collection => {
    const owner = c.metadata?.embed_model;
    if (typeof owner === 'string' && owner !== model) {
      throw new AppError(
        'CHROMA_FAILED',
        `Chroma collection ${c.name} holds vectors of ${owner}, not of ${model}; set another CHROMA_COLLECTION or remove that collection.`,
        errorText.sentence('chromaMisconfigured'),
      );
    }
    handles.set(guildId, withFastEmbeddingWire(c));
    return c;
  };
  const find = async (guildId: string): Promise<Collection | undefined> => {
    const known = handles.get(guildId);
    if (known !== undefined) return known;
    try {
      const c = await call(() => client.getCollection({ name: collectionName(guildId) }));
      return checked(guildId, c);
    } catch (err) {
      if (isChromaNotFound(err)) return undefined;
      throw err;
    }
  };
  const create = async (guildId: string): Promise<Collection> => {
    const known = handles.get(guildId);
    if (known !== undefined) return known;
    const c = await call(() =>
      client.getOrCreateCollection({
        name: collectionName(guildId),
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { embed_model: model, guild_id: guildId },
      }),
    );
    return checked(guildId, c);
  };
  /**
   * Runs `f` on the guild's collection (`missing` when it has none). A cached handle whose
   * collection was deleted meanwhile is dropped and the lookup done once more.
   */
  const onGuild = async <T>(
    guildId: string,
    mode: 'read' | 'write',
    f: (c: Collection) => Promise<T>,
    missing: T,
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const c = mode === 'write' ? await create(guildId) : await find(guildId);
      if (c === undefined) return missing;
      try {
        return await call(() => f(c));
      } catch (err) {
        if (attempt > 0 || !isChromaNotFound(err)) throw err;
        handles.delete(guildId);
      }
    }
  };
  /** The collections this product made under the prefix (they carry `embed_model`), of every model. */
  const ours = async (): Promise<Collection[]> => {
    const out: Collection[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await call(() => client.listCollections({ limit: 100, offset }));
      for (const c of page) {
        if (c.name.startsWith(`${opts.collectionPrefix}.`) && typeof c.metadata?.embed_model === 'string')
          out.push(c);
      }
      if (page.length < 100) return out;
    }
  };
  let maxBatch: number | undefined;
  const batchSize = async () => {
    maxBatch ??= await call(() => client.getMaxBatchSize()).catch(() => 1000);
    return maxBatch;
  };
  const nearest = (guildId: string, vector: number[], n: number): Promise<Nearby[]> =>
    onGuild(
      guildId,
      'read',
      async (c) => {
        const res = await c.query({ queryEmbeddings: [vector], nResults: n, include: ['distances'] });
        const distances = res.distances[0] ?? [];
        return (res.ids[0] ?? []).map((id, i): Nearby => ({ id, distance: distances[i] ?? 1 }));
      },
      [] as Nearby[],
    );
  const queryOnce = (guildId: string, vector: number[], n: number, where: Where | undefined) =>
    onGuild(
      guildId,
      'read',
      async (c) => {
        const res = await c.query<Metadata>({
          queryEmbeddings: [vector],
          nResults: n,
          ...(where === undefined ? {} : { where }),
          include: ['distances', 'metadatas'],
        });
        const ids = res.ids[0] ?? [];
        const distances = res.distances[0] ?? [];
        const metas = res.metadatas[0] ?? [];
        return ids.map(
          (id, i): VectorHit => ({
            id,
            distance: distances[i] ?? 1,
            metadata: (metas[i] ?? {}) as unknown as VectorMetadata,
          }),
        );
      },
      [] as VectorHit[],
    );

  return {
    url,
    collectionName,
    async upsert(guildId, records) {
      if (records.length === 0) return;
      const size = await batchSize();
      for (const part of chunked(records, size)) {
        await onGuild(
          guildId,
          'write',
          (c) =>
            c.upsert({
              ids: part.map((r) => r.id),
              embeddings: part.map((r) => r.vector),
              documents: part.map((r) => r.document),
              metadatas: part.map((r) => ({ ...r.metadata }) satisfies Metadata),
            }),
          undefined,
        );
      }
    },
    async delete(guildId, ids) {
      if (ids.length === 0) return;
      const size = await batchSize();
      for (const part of chunked(ids, size)) {
        await onGuild(guildId, 'read', (c) => c.delete({ ids: part }), undefined);
      }
    },
    async query(guildId, vector, n, where) {
      if (n <= 0) return [];
      const channels = where?.channels;
      if (channels === undefined) return queryOnce(guildId, vector, n, chromaWhere(where));
      if ('notIn' in channels) {
        // A `$nin` cannot be split into a union of smaller queries; the caller picks `in` instead.
        if (channels.notIn.length > MAX_FILTER_IDS)
          throw new Error(`a $nin filter of ${channels.notIn.length} channels (at most ${MAX_FILTER_IDS})`);
        return queryOnce(guildId, vector, n, chromaWhere(where));
      }
      if (channels.in.length === 0) return [];
      // The nearest n of a union are the nearest n of the parts' nearest n.
      const parts = chunked(channels.in, MAX_FILTER_IDS);
      const results: VectorHit[][] = [];
      for (const batch of chunked(parts, CHUNK_CONCURRENCY)) {
        results.push(
          ...(await Promise.all(
            batch.map((part) =>
              queryOnce(guildId, vector, n, chromaWhere({ ...where, channels: { in: part } })),
            ),
          )),
        );
      }
      return parts.length === 1 ? (results[0] ?? []) : nearestOf(results, n);
    },
    nearest(guildId, vector, n) {
      return n <= 0 ? Promise.resolve([]) : nearest(guildId, vector, n);
    },
    count(guildId) {
      return onGuild(guildId, 'read', (c) => c.count(), 0);
    },
    async existing(guildId, ids) {
      const found = new Set<string>();
      if (ids.length === 0) return found;
      const size = await batchSize();
      for (const part of chunked(ids, size)) {
        const present = await onGuild(
          guildId,
          'read',
          async (c) => (await c.get({ ids: part, include: [] })).ids,
          [] as string[],
        );
        for (const id of present) found.add(id);
      }
      return found;
    },
    async dropGuild(guildId) {
      handles.delete(guildId);
      // Every model's collection of the guild goes (they hold its text too), and its records in a
      // not yet migrated single collection of an older release.
      for (const c of await ours()) {
        const owner = c.metadata?.guild_id;
        if (owner === guildId) await deleteCollectionNamed(url, c.name, timeoutMs);
        else if (owner === undefined) await call(() => c.delete({ where: { guild_id: { $eq: guildId } } }));
      }
      await deleteCollectionNamed(url, collectionName(guildId), timeoutMs);
    },
    async heartbeat() {
      await call(() => client.heartbeat());
    },
  };
}
