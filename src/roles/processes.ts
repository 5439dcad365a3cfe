import { systemClock } from '../async';
import type { Settings } from '../config';
import { describeError } from '../errors';
import type { Logger } from '../log';
import { createMetrics } from '../metrics';
import { redactUrl } from '../store/errors';
import { openDatabase } from '../store/open';
import type { LocalChroma } from '../vector/local-server';
import { acquireChroma } from './chroma';
import { createEndpointApp } from './endpoint';
import { serveApp } from './serve';
import { startWorkerRole } from './worker-role';
import { startWorkerThread } from './worker-thread-host';

/** A started process: its HTTP port, and a graceful stop that ends every answer in flight with an edit. */
export interface Running {
  port: number;
  stop(graceMs: number): Promise<void>;
}

const openDb = (settings: Settings, log: Logger) =>
  openDatabase(settings.database, {
    onIdleError: (err) =>
      log.warn({ err: redactUrl(describeError(err)) }, 'database connection lost; reconnecting on next use'),
  });

/** Undoes what a start did so far when a later step fails, then rethrows. */
async function orUndo<T>(f: () => Promise<T>, undo: (() => Promise<unknown>)[]): Promise<T> {
  try {
    return await f();
  } catch (err) {
    for (const u of undo.reverse()) await u().catch(() => {});
    throw err;
  }
}

/**
 * ROLE=all (the default): acknowledgements on this thread, answers and the index schedule on a
 * worker thread of their own; the local Chroma server is started when CHROMA_URL is unset.
 */
export async function startAll(settings: Settings, log: Logger): Promise<Running> {
  const chroma = (await acquireChroma(settings, log, true)) as LocalChroma;
  const undo: (() => Promise<unknown>)[] = [() => chroma.stop()];
  const db = await orUndo(() => openDb(settings, log), undo);
  undo.push(() => db.close());
  const thread = await orUndo(
    () => startWorkerThread({ chromaUrl: chroma.url, prettyLogs: process.stdout.isTTY === true }, log),
    undo,
  );
  undo.push(() => thread.stop(1000));
  const metrics = createMetrics({ defaults: true });
  const served = await orUndo(async () => {
    const app = await createEndpointApp(settings, {
      db,
      chromaUrl: chroma.url,
      log,
      metrics,
      clock: systemClock,
      interactions: true,
      onQueued: () => thread.wake(),
      moreMetrics: async () => [await thread.metrics()],
    });
    return serveApp(app, settings.port);
  }, undo);
  log.info(
    { port: served.port, role: 'all', chroma: chroma.url, ollama: settings.ollama.hosts },
    'listening',
  );
  return {
    port: served.port,
    async stop(graceMs) {
      await served.close();
      await thread.stop(graceMs);
      await db.close();
      await chroma.stop();
    },
  };
}

/** ROLE=endpoint: only acknowledgements; the jobs are answered by worker processes sharing the database. */
export async function startEndpointOnly(settings: Settings, log: Logger): Promise<Running> {
  // Never starts a Chroma server: only the health check looks at it.
  const chroma = await acquireChroma(settings, log, false);
  const db = await openDb(settings, log);
  const metrics = createMetrics({ defaults: true });
  const served = await orUndo(async () => {
    const app = await createEndpointApp(settings, {
      db,
      chromaUrl: chroma?.url,
      log,
      metrics,
      clock: systemClock,
      interactions: true,
    });
    return serveApp(app, settings.port);
  }, [() => db.close()]);
  log.info({ port: served.port, role: 'endpoint' }, 'listening');
  return {
    port: served.port,
    async stop() {
      await served.close();
      await db.close();
    },
  };
}

/** ROLE=worker: answers queued questions and runs the schedule; serves /health and /metrics only. */
export async function startWorkerOnly(settings: Settings, log: Logger): Promise<Running> {
  const chroma = (await acquireChroma(settings, log, true)) as LocalChroma;
  const undo: (() => Promise<unknown>)[] = [() => chroma.stop()];
  const db = await orUndo(() => openDb(settings, log), undo);
  undo.push(() => db.close());
  const metrics = createMetrics({ defaults: true });
  const role = await orUndo(
    () => startWorkerRole(settings, db, { chromaUrl: chroma.url, log, metrics, clock: systemClock }),
    undo,
  );
  undo.push(() => role.stop(1000));
  const served = await orUndo(async () => {
    const app = await createEndpointApp(settings, {
      db,
      chromaUrl: chroma.url,
      log,
      metrics,
      clock: systemClock,
      interactions: false,
    });
    return serveApp(app, settings.port);
  }, undo);
  log.info(
    { port: served.port, role: 'worker', chroma: chroma.url, ollama: settings.ollama.hosts },
    'listening',
  );
  return {
    port: served.port,
    async stop(graceMs) {
      await served.close();
      await role.stop(graceMs);
      await db.close();
      await chroma.stop();
    },
  };
}
