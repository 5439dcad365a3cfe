/**
 * Answers per second through the Ollama pool (src/llm/hosts.ts) with one host against two.
 * Each host is an Ollama stand-in streaming a fixed answer with a fixed delay per chunk, behind a
 * small proxy that lets `PARALLEL` chats run at once and queues the rest in order, as a real
 * server does with OLLAMA_NUM_PARALLEL (the stand-in itself runs every request at once).
 *
 *   npx tsx bench/ollama-hosts.ts [answers=60] [clients=8] [parallel=2] [chunkDelayMs=20]
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOllamaPool } from '../src/llm/hosts';
import { startOllamaStandIn } from '../test/standins/ollama';

const [ANSWERS = 60, CLIENTS = 8, PARALLEL = 2, CHUNK_DELAY_MS = 20] = process.argv.slice(2).map(Number);
const CHUNKS = 10;

/** A proxy to `target` that runs at most `parallel` requests at once, first come first served. */
async function limitedProxy(target: string, parallel: number): Promise<{ url: string; server: Server }> {
  const t = new URL(target);
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const server = createServer((req, res) => {
    const go = () => {
      running++;
      let released = false;
      const done = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      const upstream = request(
        { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('end', done);
          up.on('error', done);
        },
      );
      upstream.on('error', () => {
        done();
        res.destroy();
      });
      res.on('close', done);
      req.pipe(upstream);
    };
    if (running < parallel) go();
    else waiting.push(go);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function measure(hostCount: number): Promise<number> {
  const standIns = await Promise.all(
    Array.from({ length: hostCount }, () =>
      startOllamaStandIn({
        chatScript: () => ({ chunks: Array(CHUNKS).fill('word '), chunkDelayMs: CHUNK_DELAY_MS }),
      }),
    ),
  );
  const proxies = await Promise.all(standIns.map((s) => limitedProxy(s.url, PARALLEL)));
  const pool = createOllamaPool({
    hosts: proxies.map((p) => p.url),
    chatModel: 'llama3.2:3b',
    embedModel: 'nomic-embed-text',
    numCtx: 4096,
    timeoutMs: 60_000,
    firstTokenTimeoutMs: 60_000,
    embedTimeoutMs: 60_000,
  });
  let left = ANSWERS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (left > 0) {
        left--;
        await pool.chat.chat([{ role: 'user', content: 'q' }], { onText: () => {} });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const perHost = standIns.map((s) => s.chatRequests().length);
  for (const p of proxies) p.server.close();
  await Promise.all(standIns.map((s) => s.close()));
  const rate = ANSWERS / seconds;
  process.stdout.write(
    `${hostCount} host(s): ${ANSWERS} answers in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} answers/s (per host ${perHost.join('/')})\n`,
  );
  return rate;
}

process.stdout.write(
  `${CLIENTS} clients, ${CHUNKS} chunks × ${CHUNK_DELAY_MS} ms per answer, ${PARALLEL} parallel chats per host\n`,
);
const one = await measure(1);
const two = await measure(2);
process.stdout.write(`two hosts / one host: ${(two / one).toFixed(2)}×\n`);
