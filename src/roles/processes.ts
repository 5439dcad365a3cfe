import { systemClock } from '../async';
import type { Settings } from '../config';
import { describeError } from '../errors';
import { createOllamaPool } from '../llm/hosts';
import type { Logger } from '../log';
import { createMetrics, type Metrics } from '../metrics';
import { inContainer, loopbackPeerWarnings, type Peer } from '../net/container';
import { displayUrl } from '../net/url-credentials';
import { markRunning } from '../ops/running';
import { LANE } from '../queue/types';
import { redactUrl } from '../store/errors';
import { type Database, openDatabase } from '../store/open';
import { checkBindings, type LocalChroma } from '../vector/local-server';
import { acquireChroma } from './chroma';
import { healthDeps } from './common';
import { createEndpointApp, type EndpointOptions } from './endpoint';
import { serveApp } from './serve';
import { warnAtStart } from './start-warnings';
import { setV8Flags } from './v8-flags';

// What each role loads. A role's module graph is what its cold start and its memory cost, so this
// file and everything it imports statically (endpoint.ts, the HTTP app, the queue, the store) are
// the acknowledgement path only: what ROLE=endpoint needs. The answering side (worker-role.ts:
// retrieval, prompts, tokenizers, the Ollama and Chroma clients, Discord's REST client, the
// markdown lexer) is loaded with `await import()` below, by the roles that answer, once.
//
// When you add a module: import it statically from here (or from endpoint.ts) only if an
// endpoint needs it to acknowledge; otherwise reach it from worker-role.ts or the worker thread.
// A heavy package used on rare paths of the endpoint goes behind an `await import()` where it is
// used. test/lean-roles.test.ts fails when the endpoint's graph gains a module it should not load.
const answering = () => import('./worker-role');
const workerThread = () => import('./worker-thread-host');
type WorkerThread = Awaited<ReturnType<Awaited<ReturnType<typeof workerThread>>['startWorkerThread']>>;

/** A started process: its HTTP port, and a graceful stop that ends every answer in flight with an edit. */
export interface Running {
  port: number;
  stop(graceMs: number): Promise<void>;
}

/** What a role adds between opening the database and serving HTTP: its answering side, if any. */
interface RoleParts {
  /** Options of the HTTP app beyond the common ones. */
  app: Pick<EndpointOptions, 'interactions' | 'onQueued' | 'moreMetrics'>;
  /**
   * Resolves once the answering side runs; awaited after HTTP is served (ROLE=all acknowledges
   * while its worker thread starts: the questions wait in the durable queue). A rejection fails
   * the start.
   */
  ready?: Promise<void>;
  /** Stops the answering side gracefully (nothing for an endpoint). */
  stop(graceMs: number): Promise<void>;
}

/**
 * The skeleton every role shares: find (or start) Chroma, open the database, start the role's own
 * part, serve HTTP on PORT. Chroma comes up beside the rest (a local server takes seconds; an
 * acknowledgement needs only the database). A step that fails undoes the ones before it, so a
 * failed start leaves no Chroma server or connection behind; the stop runs them backwards.
 */
async function startProcess(
  settings: Settings,
  log: Logger,
  role: Settings['role'],
  opts: { startChroma: boolean },
  parts: (ctx: {
    db: Database;
    chroma: Promise<LocalChroma | undefined>;
    metrics: Metrics;
  }) => Promise<RoleParts>,
): Promise<Running> {
  const undo: (() => Promise<unknown>)[] = [];
  const step = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      for (const u of undo.reverse()) await u().catch(() => {});
      throw err;
    }
  };
  const v8Flags = setV8Flags(role);
  // Said before anything starts (Chroma is acquired beside the rest, below): one line, nothing served.
  if (opts.startChroma && settings.chroma.url === undefined) checkBindings();
  const chroma = acquireChroma(settings, log, opts.startChroma);
  // Seen by `step` when a later step fails first; awaited (and so reported) where it is needed.
  chroma.catch(() => {});
  undo.push(async () => (await chroma.catch(() => undefined))?.stop());
  const db = await step(() =>
    openDatabase(settings.database, {
      // Only an acknowledging process needs each queue write on disk before it answers Discord.
      durableQueue: role !== 'worker',
      onIdleError: (err) =>
        log.warn(
          { err: redactUrl(describeError(err)) },
          'database connection lost; reconnecting on next use',
        ),
      onWarning: (message) => log.warn(message),
    }),
  );
  undo.push(() => db.close());
  // `npm run restore` and `npm run migrate-store` refuse to touch a SQLite store in use: marked as
  // soon as it is open, not once the service is ready (a restore in between replaced it under us).
  const unmark =
    settings.database.kind === 'sqlite' && settings.database.path !== ':memory:'
      ? markRunning(settings.dataDir, { role, database: settings.database.path })
      : () => {};
  undo.push(async () => unmark());
  const metrics = createMetrics({ defaults: true });
  const part = await step(() => parts({ db, chroma, metrics }));
  undo.push(() => part.stop(1000));
  const served = await step(async () =>
    serveApp(
      await createEndpointApp(settings, {
        db,
        chromaUrl: async () => (await chroma.catch(() => undefined))?.url,
        log,
        metrics,
        clock: systemClock,
        ...part.app,
      }),
      settings.port,
    ),
  );
  undo.push(() => served.close());
  log.info({ port: served.port, role }, 'listening');
  await step(async () => part.ready);
  const found = await chroma.catch(() => undefined);
  log.info(
    {
      role,
      chroma: found && displayUrl(found.url),
      ollama: settings.ollama.hosts.map(displayUrl),
      ...(v8Flags.length > 0 ? { v8Flags } : {}),
    },
    'started',
  );
  // The start is written at once (the service's lines are otherwise gathered; see createLogger).
  log.flush();
  // What answers will miss (Ollama, a model, the bot token) is said once, without delaying readiness.
  if (role !== 'endpoint')
    warnAtStart(settings, healthDeps(db, found?.url, createOllamaPool(settings.ollama)), log);
  warnAboutLoopbackPeers(settings, log);
  return {
    port: served.port,
    async stop(graceMs) {
      await served.close();
      await part.stop(graceMs);
      await db.close();
      await found?.stop();
      unmark();
    },
  };
}

/**
 * In a container, a loopback OLLAMA_HOST or CHROMA_URL (a workstation's .env, or the default
 * OLLAMA_HOST) is the container itself: one warning line for each where nothing answers.
 */
function warnAboutLoopbackPeers(settings: Settings, log: Logger): void {
  const peers: Peer[] = settings.ollama.hosts.map((url) => ({
    setting: 'OLLAMA_HOST',
    url,
    path: '/api/version',
  }));
  if (settings.chroma.url !== undefined)
    peers.push({ setting: 'CHROMA_URL', url: settings.chroma.url, path: '/api/v2/heartbeat' });
  void loopbackPeerWarnings(peers, { inContainer: inContainer() }).then((lines) => {
    for (const line of lines) log.warn(line);
  });
}

/** A Chroma server is needed to answer: `acquireChroma(…, true)` never returns undefined. */
function required(chroma: LocalChroma | undefined): LocalChroma {
  if (chroma === undefined) throw new Error('no Chroma server: set CHROMA_URL');
  return chroma;
}

/**
 * ROLE=all (the default): acknowledgements on this thread, answers and the index schedule on a
 * worker thread of their own; the local Chroma server is started when CHROMA_URL is unset.
 */
export function startAll(settings: Settings, log: Logger): Promise<Running> {
  return startProcess(settings, log, 'all', { startChroma: true }, async ({ db, chroma }) => {
    // The thread starts (its module graph, its database connection, Chroma) while this thread
    // already acknowledges: what is queued meanwhile is claimed once it runs.
    let thread: WorkerThread | undefined;
    let stopped = false;
    let restartTimer: NodeJS.Timeout | undefined;
    let restarts = 0;
    let startedAt = Date.now();
    const launch = async () => {
      const url = required(await chroma).url;
      const { startWorkerThread } = await workerThread();
      // A start that failed meanwhile (the port taken) or a stop: no thread to start and stop again.
      if (stopped) throw new Error('stopped during start');
      startedAt = Date.now();
      return startWorkerThread({ chromaUrl: url, prettyLogs: process.stdout.isTTY === true }, db.queue, log, {
        onUnexpectedExit: restartLater,
      });
    };
    // A thread that ended unexpectedly (an uncaught exception in answering code) is started again,
    // 1 s later, doubling up to a minute while it keeps ending within ten minutes of its start:
    // this thread goes on acknowledging meanwhile, the questions wait in the queue, and the jobs the
    // old thread held are taken up again when their leases run out.
    function restartLater(): void {
      thread = undefined;
      if (stopped) return;
      if (Date.now() - startedAt > 600_000) restarts = 0;
      const delay = Math.min(60_000, 1000 * 2 ** restarts);
      restarts++;
      restartTimer = setTimeout(() => {
        launch().then(
          (t) => {
            if (stopped) return void t.stop(0);
            thread = t;
            log.info({ restarts }, 'worker thread restarted');
          },
          (err: unknown) => {
            log.error({ err: describeError(err) }, 'the worker thread could not be restarted; trying again');
            restartLater();
          },
        );
      }, delay);
    }
    const starting = launch().then((t) => {
      thread = t;
    });
    return {
      app: {
        interactions: true,
        onQueued: (kind) => thread?.wake(LANE[kind]),
        moreMetrics: async () => (thread === undefined ? [] : [await thread.metrics()]),
      },
      ready: starting,
      stop: async (graceMs) => {
        stopped = true;
        clearTimeout(restartTimer);
        // The thread running now (once the first start is over); none while one that ended waits
        // for its restart.
        await starting.catch(() => {});
        await thread?.stop(graceMs);
      },
    };
  });
}

/** ROLE=endpoint: only acknowledgements; the jobs are answered by worker processes sharing the database. */
export function startEndpointOnly(settings: Settings, log: Logger): Promise<Running> {
  // Never starts a Chroma server: only the health check looks at it.
  return startProcess(settings, log, 'endpoint', { startChroma: false }, async () => ({
    app: { interactions: true },
    stop: async () => {},
  }));
}

/** ROLE=worker: answers queued questions and runs the schedule; serves /health and /metrics only. */
export function startWorkerOnly(settings: Settings, log: Logger): Promise<Running> {
  return startProcess(settings, log, 'worker', { startChroma: true }, async ({ db, chroma, metrics }) => {
    const { startWorkerRole } = await answering();
    const role = await startWorkerRole(settings, db, {
      chromaUrl: required(await chroma).url,
      log,
      metrics,
      clock: systemClock,
    });
    return { app: { interactions: false }, stop: (graceMs) => role.stop(graceMs) };
  });
}
