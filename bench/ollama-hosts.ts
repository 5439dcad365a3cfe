/**
 * Answers per second with two Ollama hosts against one (bench/README.md, "Two Ollama hosts"). Each
 * host is an Ollama stand-in that streams a fixed answer with a fixed delay per chunk and generates
 * at most `numParallel` chats at once (queueing the rest, as OLLAMA_NUM_PARALLEL does). Measured
 * through the real worker (`npm start`, OLLAMA_HOST=a or a,b, ASK_CONCURRENCY at its default of 2
 * per host) and, as the peer, through the Ollama pool alone (src/llm/hosts.ts, no queue, no
 * retrieval, no Discord).
 */
import path from 'node:path';
import { createOllamaPool } from '../src/llm/hosts';
import type { OllamaStandIn } from '../test/standins/ollama';
import { queueFileOf, removeSqlite } from './ack';
import type { SearchSet } from './indexing';
import { batch } from './load';
import { type Cleanup, startBot } from './processes';
import { ratio, round, sleep } from './stats';
import { streaming, type World } from './world';

export interface HostsRun {
  answers: number;
  seconds: number;
  answersPerSec: number;
  /** Chats each host generated. */
  perHost: string;
}

export interface OllamaHostsResult {
  numParallel: number;
  chunks: number;
  chunkDelayMs: number;
  worker: { one: HostsRun; two: HostsRun; ratio: number };
  pool: { one: HostsRun; two: HostsRun; ratio: number };
}

const CHUNKS = 20;
const CHUNK_DELAY_MS = 25;

const chatsOn = (hosts: OllamaStandIn[]) => hosts.map((h) => h.chatRequests().length);

/** The pool alone: `answers` chats from 8 clients through createOllamaPool over `hosts`. */
async function throughPool(hosts: OllamaStandIn[], answers: number): Promise<HostsRun> {
  const pool = createOllamaPool({
    hosts: hosts.map((h) => h.url),
    chatModel: 'llama3.2:3b',
    embedModel: 'nomic-embed-text',
    numCtx: 4096,
    timeoutMs: 60_000,
    firstTokenTimeoutMs: 60_000,
    embedTimeoutMs: 60_000,
  });
  const before = chatsOn(hosts);
  let left = answers;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (left > 0) {
        left--;
        await pool.chat.chat([{ role: 'user', content: 'q' }], { onText: () => {} });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = chatsOn(hosts);
  return {
    answers,
    seconds: round(seconds),
    answersPerSec: round(answers / seconds),
    perHost: after.map((n, i) => n - (before[i] ?? 0)).join('/'),
  };
}

export async function benchOllamaHosts(opts: {
  world: World;
  set: SearchSet;
  dir: string;
  answers: number;
  numParallel: number;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<OllamaHostsResult> {
  const { world } = opts;
  const hosts = world.ollamaHosts.slice(0, 2);
  if (hosts.length < 2) throw new Error('the Ollama hosts benchmark needs two stand-ins');
  for (const h of hosts) {
    h.numParallel = opts.numParallel;
    h.chatScript = streaming(CHUNKS, CHUNK_DELAY_MS);
  }
  const queueFile = queueFileOf(opts.set.dbPath);

  const throughWorker = async (use: OllamaStandIn[]): Promise<HostsRun> => {
    removeSqlite(queueFile);
    const bot = await startBot({
      role: 'all',
      env: world.env({
        DATABASE_URL: opts.set.dbPath,
        DATA_DIR: opts.dir,
        OLLAMA_HOST: use.map((h) => h.url).join(','),
      }),
      cwd: opts.dir,
      logFile: path.join(opts.dir, 'ollama-hosts.log'),
      cleanup: opts.cleanup,
    });
    // One answer first, so that the model, the tokenizer and the caches are warm.
    const warm = world.ask();
    await batch({ url: bot.url, path: '/interactions', pool: [warm], inFlight: 1 });
    while (!world.ended(warm.token)) await sleep(20);
    const before = chatsOn(use);
    const pool = Array.from({ length: opts.answers }, () => world.ask());
    const started = Date.now();
    await batch({ url: bot.url, path: '/interactions', pool, inFlight: 20 });
    const deadline = Date.now() + 120_000;
    while (!pool.every((r) => world.ended(r.token)) && Date.now() < deadline) await sleep(20);
    const answered = pool.filter((r) => world.answered(r.token));
    const last = Math.max(...answered.map((r) => world.lastEditAt(r.token) ?? 0));
    await bot.done();
    const seconds = (last - started) / 1000;
    const after = chatsOn(use);
    return {
      answers: answered.length,
      seconds: round(seconds),
      answersPerSec: round(answered.length / seconds),
      perHost: after.map((n, i) => n - (before[i] ?? 0)).join('/'),
    };
  };

  opts.log(`  through the worker: ${opts.answers} questions, one host, then two …`);
  const one = await throughWorker(hosts.slice(0, 1));
  const two = await throughWorker(hosts);
  opts.log(`  through the pool alone: ${opts.answers} chats, one host, then two …`);
  const poolOne = await throughPool(hosts.slice(0, 1), opts.answers);
  const poolTwo = await throughPool(hosts, opts.answers);
  for (const h of hosts) h.numParallel = undefined;
  return {
    numParallel: opts.numParallel,
    chunks: CHUNKS,
    chunkDelayMs: CHUNK_DELAY_MS,
    worker: { one, two, ratio: ratio(two.answersPerSec, one.answersPerSec) },
    pool: { one: poolOne, two: poolTwo, ratio: ratio(poolTwo.answersPerSec, poolOne.answersPerSec) },
  };
}
