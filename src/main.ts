import path from 'node:path';
import { serve } from '@hono/node-server';
import { ConfigError, loadSettings } from './config';
import { describeError } from './errors';
import { createLogger } from './log';
import { createMetrics } from './metrics';
import { startScheduledIndexer } from './scheduled-indexer';
import { createService } from './service';
import { type LocalChroma, startLocalChroma } from './vector/local-server';

/** The Node entry: settings → dependencies → serve, schedule, shutdown. */
async function main(): Promise<void> {
  const settings = loadSettings(['endpoint']);
  const log = createLogger(settings.logLevel ?? 'info');
  let chroma: LocalChroma | undefined;
  if (settings.chroma.url === undefined) {
    const dir = path.join(settings.dataDir, 'chroma');
    log.info({ dir }, 'starting the local Chroma server');
    chroma = await startLocalChroma(dir);
  }
  const chromaUrl = settings.chroma.url ?? chroma?.url ?? '';
  const metrics = createMetrics({ defaults: true });
  let service: Awaited<ReturnType<typeof createService>>;
  try {
    service = await createService(settings, { chromaUrl, log, metrics });
  } catch (err) {
    await chroma?.stop();
    throw err;
  }
  const scheduler = startScheduledIndexer(settings, service, log);
  const server = serve({ fetch: service.app.fetch, port: settings.port, hostname: '0.0.0.0' }, (info) => {
    log.info({ port: info.port, chroma: chromaUrl, ollama: settings.ollama.host }, 'listening');
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    hardStop.unref();
    server.close();
    await scheduler?.stop();
    await service.close(15_000);
    await chroma?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // One clear line, no stack, for the errors an operator can fix.
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `start failed: ${describeError(err)}`}\n`,
  );
  process.exit(1);
});
