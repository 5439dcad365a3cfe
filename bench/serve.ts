/**
 * A server process of the ack benchmark, started by bench/run.ts:
 *   askbot: the real service (createService from the environment, as `npm start` builds it, but
 *           with a given CHROMA_URL and no indexer schedule) on a free loopback port;
 *   hello:  a bare Hono hello-world on the same stack (@hono/node-server), the peer.
 * Prints {"port":N} on stdout once listening; stops cleanly on SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { parseSettings } from '../src/config';
import { createLogger } from '../src/log';
import { createMetrics } from '../src/metrics';
import { createService } from '../src/service';

const mode = process.argv[2];

function listen(fetch: (req: Request) => Response | Promise<Response>, onStop: () => Promise<void>) {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    onStop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

if (mode === 'hello') {
  const app = new Hono();
  app.get('/', (c) => c.text('Hello Hono!'));
  listen(app.fetch, async () => {});
} else if (mode === 'askbot') {
  const settings = parseSettings(process.env, ['endpoint']);
  const chromaUrl = settings.chroma.url;
  if (chromaUrl === undefined) throw new Error('bench/serve.ts needs CHROMA_URL');
  const log = createLogger(settings.logLevel ?? 'info', { pretty: false });
  const service = await createService(settings, {
    chromaUrl,
    log,
    metrics: createMetrics({ defaults: true }),
  });
  listen(service.app.fetch, () => service.close(2000));
} else {
  process.stderr.write('usage: serve.ts askbot|hello\n');
  process.exit(2);
}
