import type { REST } from '@discordjs/rest';
import { type Clock, systemClock } from './async';
import { createAnswerCache } from './commands/answer-cache';
import type { AskJobDeps } from './commands/ask-job';
import type { DispatchDeps } from './commands/dispatch';
import { createJobTracker, type JobTracker } from './commands/jobs';
import { createLimiter } from './commands/limiter';
import type { StatusDeps } from './commands/status';
import type { Settings } from './config';
import { createGuildDirectory } from './discord/guild-directory';
import { createReplier } from './discord/replies';
import { createInteractionRest, createRest } from './discord/rest';
import { AppError, describeError } from './errors';
import type { HealthDeps } from './health';
import { createApp } from './http/app';
import { importPublicKey } from './http/verify';
import type { ChatModel } from './llm/chat';
import type { Embedder } from './llm/embedder';
import { createOllamaPool, type OllamaPool } from './llm/hosts';
import type { Logger } from './log';
import { createMetrics, type Metrics, timed } from './metrics';
import { createAnswerStats } from './stats';
import { type Db, openDb } from './store/db';
import { countAllIndexed } from './store/messages';
import { lastRun } from './store/runs';
import { openVectorStore, type VectorStore } from './vector/store';

/** Everything a running endpoint holds, built from settings by one function. */
export interface Service {
  app: ReturnType<typeof createApp>;
  db: Db;
  rest: REST;
  /** Every Ollama host: chat and embeddings go to the healthy one with the least work in flight. */
  ollama: OllamaPool;
  embedder: Embedder;
  chat: ChatModel;
  vectors: VectorStore;
  /** The same Ollama embedder and Chroma store without metrics, for the indexer (which times its own calls). */
  raw: { embedder: Embedder; vectors: VectorStore };
  jobs: JobTracker;
  metrics: Metrics;
  /** Stops taking interactions, gives jobs in flight `graceMs` to end (each with a final edit), closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Wraps embedder and chat so that every Ollama call is timed and counted in the metrics. */
function instrumented(
  metrics: Metrics,
  embedder: Embedder,
  chat: ChatModel,
): { embedder: Embedder; chat: ChatModel } {
  return {
    embedder: {
      model: embedder.model,
      embed: (t, k) => timed(metrics, 'ollama', 'embed', () => embedder.embed(t, k)),
    },
    chat: { model: chat.model, chat: (m, o) => timed(metrics, 'ollama', 'chat', () => chat.chat(m, o)) },
  };
}

function instrumentedVectors(metrics: Metrics, v: VectorStore): VectorStore {
  return {
    url: v.url,
    collectionName: v.collectionName,
    upsert: (r) => timed(metrics, 'chroma', 'upsert', () => v.upsert(r)),
    delete: (ids) => timed(metrics, 'chroma', 'delete', () => v.delete(ids)),
    query: (vec, f, n) => timed(metrics, 'chroma', 'query', () => v.query(vec, f, n)),
    count: () => timed(metrics, 'chroma', 'count', () => v.count()),
    heartbeat: () => timed(metrics, 'chroma', 'heartbeat', () => v.heartbeat()),
    existing: (ids) => timed(metrics, 'chroma', 'get', () => v.existing(ids)),
  };
}

export async function createService(
  settings: Settings,
  opts: { chromaUrl: string; log: Logger; clock?: Clock; metrics?: Metrics; db?: Db },
): Promise<Service> {
  const { log, clock = systemClock } = opts;
  const { publicKey, applicationId } = settings.discord;
  if (publicKey === undefined || applicationId === undefined) {
    throw new Error('DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID are required for the endpoint.');
  }
  const metrics = opts.metrics ?? createMetrics();
  const db = opts.db ?? openDb(settings.databasePath);
  const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
  // One pool per process, so that in-flight counts cover /ask and the scheduled indexer alike.
  const ollama = createOllamaPool(settings.ollama);
  const rawEmbedder = ollama.embedder;
  const { embedder, chat } = instrumented(metrics, ollama.embedder, ollama.chat);
  const rawVectors = await openVectorStore({
    url: opts.chromaUrl,
    collectionPrefix: settings.chroma.collection,
    model: settings.ollama.embedModel,
    timeoutMs: settings.chroma.timeoutMs,
  });
  const vectors = instrumentedVectors(metrics, rawVectors);
  const replier = createReplier(createInteractionRest({ apiUrl: settings.discord.apiUrl }), applicationId);
  const limiter = createLimiter(settings.ask.concurrency, 1000);
  const stats = createAnswerStats();
  const jobs = createJobTracker((err) => log.error({ err: describeError(err) }, 'background job failed'));
  const directory = createGuildDirectory(rest, clock);

  const health: HealthDeps = {
    db,
    vectors,
    ollama,
  };
  const ask: AskJobDeps = {
    db,
    directory,
    embedder,
    vectors,
    chat,
    numCtx: settings.ollama.numCtx,
    replier,
    limiter,
    cache: createAnswerCache(settings.ask.cacheTtlMs, () => clock.now()),
    stats,
    metrics,
    log,
    clock,
    answerTimeoutMs: settings.ask.answerTimeoutMs,
  };
  const status: StatusDeps = { ...health, stats, limiter };
  let accepting = true;
  const dispatch: DispatchDeps = {
    jobs,
    ask,
    status,
    replier,
    clock,
    log,
    metrics,
    accepting: () => accepting,
  };
  // Index runs may happen in another process (`npm run index`), so these come from the database.
  const beforeScrape = () => {
    const run = lastRun(db);
    if (run?.finishedAt) metrics.lastIndexRun.set(run.finishedAt / 1000);
    metrics.messagesStored.set(countAllIndexed(db));
  };
  const app = createApp({
    publicKey: await importPublicKey(publicKey),
    dispatch,
    health,
    metrics,
    beforeScrape,
  });

  return {
    app,
    db,
    rest,
    ollama,
    embedder,
    chat,
    vectors,
    raw: { embedder: rawEmbedder, vectors: rawVectors },
    jobs,
    metrics,
    async close(graceMs = 10_000) {
      accepting = false;
      await jobs.drain(
        new AppError(
          'SHUTTING_DOWN',
          'Service stopping.',
          'The bot is restarting; please ask again in a minute.',
        ),
        graceMs,
      );
      if (opts.db === undefined) db.$client.close();
    },
  };
}
