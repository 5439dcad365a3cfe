import { createAnswerCache } from '../answering/cache';
import type { Clock } from '../async';
import type { Settings } from '../config';
import { createChannelClient } from '../discord/channels';
import { createGuildDirectory } from '../discord/guild-directory';
import { createReplier } from '../discord/replies';
import { createInteractionRest, createRest } from '../discord/rest';
import { offlineBotUserId } from '../indexer/wiring';
import type { JobDeps } from '../jobs/deps';
import type { ChatModel } from '../llm/chat';
import type { Embedder } from '../llm/embedder';
import { createOllamaPool, type OllamaPool } from '../llm/hosts';
import type { Logger } from '../log';
import { type Metrics, timed } from '../metrics';
import type { Database } from '../store/open';
import { openVectorIndex, type VectorIndex } from '../vector/store';
import { admissionPolicy, healthDeps } from './common';

/** Every Ollama and Chroma call timed and counted in the metrics, as a wrapper of the real clients. */
function instrumented(metrics: Metrics, pool: OllamaPool, vectors: VectorIndex) {
  const embedder: Embedder = {
    model: pool.embedder.model,
    embed: (t, k) => timed(metrics, 'ollama', 'embed', () => pool.embedder.embed(t, k)),
  };
  const chat: ChatModel = {
    model: pool.chat.model,
    ...(pool.chat.thinks === undefined ? {} : { thinks: pool.chat.thinks }),
    chat: (m, o) => timed(metrics, 'ollama', 'chat', () => pool.chat.chat(m, o)),
  };
  const v: VectorIndex = {
    url: vectors.url,
    collectionName: (g) => vectors.collectionName(g),
    upsert: (g, r) => timed(metrics, 'chroma', 'upsert', () => vectors.upsert(g, r)),
    delete: (g, ids) => timed(metrics, 'chroma', 'delete', () => vectors.delete(g, ids)),
    query: (g, vec, n, w) => timed(metrics, 'chroma', 'query', () => vectors.query(g, vec, n, w)),
    nearest: (g, vec, n) => timed(metrics, 'chroma', 'query', () => vectors.nearest(g, vec, n)),
    count: (g) => timed(metrics, 'chroma', 'count', () => vectors.count(g)),
    existing: (g, ids) => timed(metrics, 'chroma', 'get', () => vectors.existing(g, ids)),
    dropGuild: (g) => timed(metrics, 'chroma', 'drop', () => vectors.dropGuild(g)),
    heartbeat: () => timed(metrics, 'chroma', 'heartbeat', () => vectors.heartbeat()),
  };
  return { embedder, chat, vectors: v };
}

/** What a worker builds once: the job dependencies, and the raw clients the indexer uses. */
export interface WorkerRuntime {
  jobs: JobDeps;
  /** Uninstrumented clients for the scheduled indexer (it times its own calls). */
  raw: { embedder: Embedder; vectors: VectorIndex };
  rest: ReturnType<typeof createRest>;
}

/**
 * The dependencies of every job, built from the settings: Discord REST (bot and interaction
 * clients), the Ollama pool, the per-guild vector index, the pipeline and the answer cache.
 * Requires DISCORD_APPLICATION_ID (interaction replies are sent to its webhook routes).
 */
export async function createWorkerRuntime(
  settings: Settings,
  db: Database,
  opts: { chromaUrl: string; log: Logger; metrics: Metrics; clock: Clock; ollama?: OllamaPool },
): Promise<WorkerRuntime> {
  const { log, metrics, clock } = opts;
  const applicationId = settings.discord.applicationId;
  if (applicationId === undefined)
    throw new Error('DISCORD_APPLICATION_ID is required to answer interactions.');
  const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
  // One pool per process (or thread): its in-flight counts cover answers and the scheduled indexer.
  const ollama = opts.ollama ?? createOllamaPool(settings.ollama);
  const rawVectors = await openVectorIndex({
    url: opts.chromaUrl,
    collectionPrefix: settings.chroma.collection,
    model: settings.ollama.embedModel,
    timeoutMs: settings.chroma.timeoutMs,
  });
  const { embedder, chat, vectors } = instrumented(metrics, ollama, rawVectors);
  const jobs: JobDeps = {
    store: db.store,
    queue: db.queue,
    policy: admissionPolicy(settings),
    replier: createReplier(createInteractionRest({ apiUrl: settings.discord.apiUrl }), applicationId),
    directory: createGuildDirectory(rest, clock),
    pipeline: { store: db.store, embedder, vectors, chat, clock, log, numCtx: settings.ollama.numCtx },
    vectors,
    ollama,
    health: healthDeps(db, opts.chromaUrl, ollama),
    cache: createAnswerCache(settings.ask.cacheTtlMs, () => clock.now()),
    metrics,
    log,
    clock,
    answerTimeoutMs: settings.ask.answerTimeoutMs,
    help: {
      channels: settings.discord.botToken === undefined ? undefined : createChannelClient(rest),
      botUserId: offlineBotUserId(settings) ?? '',
      defaults: { whenUnsure: settings.help.whenUnsure },
    },
  };
  return { jobs, raw: { embedder: ollama.embedder, vectors: rawVectors }, rest };
}
