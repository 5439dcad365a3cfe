import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createSigner } from '../test/sign';
import { type DiscordStandIn, startDiscordStandIn } from '../test/standins/discord';
import { startOllamaStandIn } from '../test/standins/ollama';
import { type Corpus, DIMENSION, GUILD_ID, MEMBER_ID, OWNER_ID, prng, questionFor } from './corpus';
import type { SearchSet } from './indexing';
import { type SignedRequest, signedAsk, signedPing } from './interactions';
import {
  type Cleanup,
  chromaPid,
  getAffinity,
  type ServerChild,
  setAffinity,
  startServerChild,
} from './processes';
import { distribution, ratio, residentMiB, round, sampleResident, sleep } from './stats';

const VIEW_HISTORY_SEND = String((1n << 10n) | (1n << 16n) | (1n << 11n));

export interface LoadResult {
  /** Open loop: requests sent at this steady rate whatever the answers; absent: as fast as answered. */
  rate?: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface EndpointResult {
  pinned: string;
  connections: number;
  durationSec: number;
  ack: {
    ask: LoadResult;
    askHalfRate: LoadResult;
    ping: LoadResult;
    hello: LoadResult;
    ratioAskToHelloRps: number;
    ratioPingToHelloRps: number;
    ratioAskToHelloP99: number;
    /** Acknowledged /ask that got their final edit (an answer or "busy") after the load. */
    askFinalEdits: string;
    /** The rate at which those final edits reached Discord after the load. */
    finalEditsPerSec: number;
    /** The steady rate of the open-loop run: half the saturated /ask rate. */
    halfRate: number;
    targetP99Ms: number;
    /** p99 under 50 ms with the server saturated (as many requests as it answers). */
    targetMetSaturated: boolean;
    /** p99 under 50 ms at half the saturated rate. */
    targetMetHalfRate: boolean;
  };
  answer: {
    asks: number;
    answered: number;
    /** Interaction sent → final edit received by the Discord stand-in. */
    endToEndP50Ms: number;
    endToEndP95Ms: number;
    /** The chat call as the service itself times it (askbot_dependency_call_seconds{ollama,chat}). */
    modelP50Ms: number;
    overheadP50Ms: number;
    overheadP95Ms: number;
  };
  memory: {
    idleMiB: number;
    underLoadPeakMiB: number;
    underLoadMeanMiB: number;
    afterLoadMiB: number;
    helloIdleMiB: number;
    helloUnderLoadPeakMiB: number;
    ratioIdleToHello: number;
    ratioLoadPeakToHelloPeak: number;
  };
}

/** Runs autocannon against `url`, recording every 2xx latency (autocannon's own histogram is whole ms). */
export async function load(opts: {
  url: string;
  path: string;
  pool: SignedRequest[] | undefined;
  seconds: number;
  connections: number;
}): Promise<LoadResult & { used: number }> {
  const latencies: number[] = [];
  let next = 0;
  const { pool } = opts;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${opts.url}${opts.path}`,
        connections: opts.connections,
        duration: opts.seconds,
        ...(pool === undefined
          ? {}
          : {
              requests: [
                {
                  method: 'POST' as const,
                  path: opts.path,
                  setupRequest: (req: autocannon.Request) => {
                    const r = pool[next++ % pool.length];
                    return { ...req, body: r?.body, headers: r?.headers };
                  },
                },
              ],
            }),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const d = distribution(latencies);
  return {
    requestsPerSec: round(latencies.length / result.duration),
    p50Ms: round(d.p50),
    p99Ms: round(d.p99),
    maxMs: round(d.max),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    used: Math.min(next, pool?.length ?? 0),
  };
}

const withoutUsed = ({ used: _, ...rest }: LoadResult & { used: number }): LoadResult => rest;

/**
 * An open-loop load: requests leave at a steady `rate` whether or not earlier ones were answered
 * (as Discord delivers interactions), over keep-alive connections; each latency is measured from
 * its own send. autocannon's own rate option sends each second's quota in a burst, so it is not used.
 */
export async function openLoop(opts: {
  url: string;
  path: string;
  pool: SignedRequest[];
  rate: number;
  seconds: number;
}): Promise<LoadResult & { used: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(opts.path, opts.url);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const send = (r: SignedRequest) => {
    const start = performance.now();
    const p = new Promise<void>((resolve) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) latencies.push(performance.now() - start);
            else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });
    pending.add(p);
    p.finally(() => pending.delete(p));
  };
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  for (let now = start; now < end; now = performance.now()) {
    const due = Math.floor(((now - start) * opts.rate) / 1000);
    while (sent < due) {
      const r = opts.pool[sent % opts.pool.length];
      sent++;
      if (r !== undefined) send(r);
    }
    await sleep(1);
  }
  await Promise.all(pending);
  agent.destroy();
  const d = distribution(latencies);
  return {
    rate: opts.rate,
    requestsPerSec: round(latencies.length / opts.seconds),
    p50Ms: round(d.p50),
    p99Ms: round(d.p99),
    maxMs: round(d.max),
    requests: sent,
    non2xx,
    errors,
    used: Math.min(sent, opts.pool.length),
  };
}

/** One value of a Prometheus text exposition, e.g. a histogram's _sum for some labels. */
function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return Number(line?.split(' ').pop() ?? 0);
}

async function chatSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return metricValue(text, 'askbot_dependency_call_seconds_sum', 'dependency="ollama",operation="chat"');
}

function isFinal(content: unknown): boolean {
  return typeof content === 'string' && content !== '' && !content.endsWith('…') && content !== 'Thinking …';
}

/** When the stand-in received the last PATCH of an interaction's original reply (ms since epoch). */
function lastEditAt(discord: DiscordStandIn, token: string, from: number): number | undefined {
  for (let i = discord.requests.length - 1; i >= from; i--) {
    const r = discord.requests[i];
    if (r?.method === 'PATCH' && r.path.includes(token)) return r.at;
  }
  return undefined;
}

async function until(predicate: () => boolean, timeoutMs: number, everyMs = 2): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

/**
 * The endpoint benchmarks on real processes: the service (bench/serve.ts askbot, on the 10 000
 * message set) and a bare Hono hello-world, each alone on core 0 when taskset is there, while the
 * load generator, the stand-ins and Chroma share core 1.
 */
export async function benchEndpoint(opts: {
  set: SearchSet;
  corpus: Corpus;
  chromaUrl: string;
  chromaDir: string;
  dir: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  asks: number;
  pool: number;
  /** How long to wait after the load for the final edits of every acknowledged /ask. */
  drainSeconds: number;
  pin: boolean;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<EndpointResult> {
  const { cleanup } = opts;
  const discord = await startDiscordStandIn();
  cleanup.add('Discord stand-in', () => discord.close());
  const ollama = await startOllamaStandIn({ dimension: DIMENSION });
  cleanup.add('Ollama stand-in', () => ollama.close());
  discord.addGuild({
    id: GUILD_ID,
    ownerId: OWNER_ID,
    roles: [{ id: GUILD_ID, permissions: VIEW_HISTORY_SEND }],
  });
  for (const c of opts.corpus.channels)
    discord.addChannel({ id: c.id, guildId: GUILD_ID, type: 0, name: c.name });
  discord.addMember(GUILD_ID, { userId: MEMBER_ID, roles: [] });

  // Core 0 for the server alone; this process (load, stand-ins) and Chroma on the others.
  let serverCpus: string | undefined;
  const restore: { pid: number; cpus: string }[] = [];
  const unpin = () => {
    for (const r of restore.splice(0)) setAffinity(r.pid, r.cpus);
  };
  const cpus = availableParallelism();
  if (opts.pin && cpus >= 2) {
    const chroma = chromaPid(opts.chromaDir);
    for (const pid of [process.pid, ...(chroma === undefined ? [] : [chroma])]) {
      const before = getAffinity(pid);
      if (before !== undefined && setAffinity(pid, `1-${cpus - 1}`)) restore.push({ pid, cpus: before });
    }
    serverCpus = '0';
    cleanup.add('restore CPU affinity', unpin);
  }

  const signer = createSigner();
  const appId = discord.applicationId;
  const env = {
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_APPLICATION_ID: appId,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    OLLAMA_HOST: ollama.url,
    CHROMA_URL: opts.chromaUrl,
    CHROMA_COLLECTION: opts.set.collectionPrefix,
    DATA_DIR: opts.dir,
    DATABASE_URL: opts.set.dbPath,
    LOG_LEVEL: 'info',
  };
  const logFile = path.join(opts.dir, 'server.log');
  const rand = prng(11);
  const channelOf = () => opts.corpus.channels[Math.floor(rand() * opts.corpus.channels.length)]?.id ?? '';
  const ask = () =>
    signedAsk(signer.sign, questionFor(opts.set.messages, undefined, rand), channelOf(), appId);

  // Each phase gets a fresh service process, so that one phase's backlog of Discord edits does not
  // weigh on the next phase's figures.
  const startService = () => startServerChild('askbot', { env, cpus: serverCpus, logFile, cleanup });

  // Phase 1: idle memory, answer overhead (one question at a time), signed PING under load.
  let server: ServerChild = await startService();
  await sleep(2000);
  const idle = residentMiB(server.pid);
  opts.log(`  answer overhead: ${opts.asks} questions, one at a time …`);
  const e2e: number[] = [];
  const overhead: number[] = [];
  const model: number[] = [];
  let answered = 0;
  for (let i = 0; i < opts.asks + 5; i++) {
    const req = ask();
    const from = discord.requests.length;
    const before = await chatSeconds(server.url);
    const sent = Date.now();
    const res = await fetch(`${server.url}/interactions`, {
      method: 'POST',
      body: req.body,
      headers: req.headers,
    });
    const ack = (await res.json()) as { type?: number };
    if (ack.type !== 5) throw new Error(`/ask was not deferred: ${JSON.stringify(ack)}`);
    const done = await until(() => {
      const edits = discord.webhookMessages.get(req.token)?.edits ?? [];
      return isFinal(edits[edits.length - 1]?.content);
    }, 30_000);
    const at = lastEditAt(discord, req.token, from);
    if (!done || at === undefined) throw new Error('an /ask got no final edit within 30 s');
    const chatMs = ((await chatSeconds(server.url)) - before) * 1000;
    if (i < 5) continue; // warm-up
    const content = discord.webhookMessages.get(req.token)?.original?.content ?? '';
    if (content.startsWith('Stand-in answer')) answered++;
    e2e.push(at - sent);
    model.push(chatMs);
    overhead.push(at - sent - chatMs);
  }
  opts.log(`  signed PING, ${opts.connections} connections × ${opts.seconds} s …`);
  const pings = Array.from({ length: 2000 }, () => signedPing(signer.sign, appId));
  const closed = (url: string, pool: SignedRequest[] | undefined, seconds: number, p = '/interactions') =>
    load({ url, path: p, pool, seconds, connections: opts.connections });
  await closed(server.url, pings, opts.warmupSeconds);
  const ping = await closed(server.url, pings, opts.seconds);
  await server.stop();

  // Phase 2: signed /ask as fast as the service acknowledges them; memory under that load; then
  // how fast the final edits of all those questions (nearly all "busy") reach Discord.
  opts.log(`  signed /ask, ${opts.connections} connections × ${opts.seconds} s …`);
  server = await startService();
  const warmAsks = Array.from({ length: 500 }, ask);
  const asks = Array.from({ length: opts.pool }, ask);
  await closed(server.url, warmAsks, 1);
  const sampler = sampleResident(server.pid);
  const askLoad = await closed(server.url, asks, opts.seconds);
  const underLoad = sampler.stop();
  const tokens = asks.slice(0, askLoad.used).map((a) => a.token);
  const edited = () => {
    let n = 0;
    for (const t of tokens) if (isFinal(discord.webhookMessages.get(t)?.edits.at(-1)?.content)) n++;
    return n;
  };
  const loadEnded = performance.now();
  const editedAtEnd = edited();
  const drained = await until(() => edited() >= tokens.length, opts.drainSeconds * 1000, 250);
  const waited = (performance.now() - loadEnded) / 1000;
  const finalEdits = edited();
  const after = residentMiB(server.pid);
  await server.stop();

  // Phase 3: a steady half of that rate, open loop: busy, not saturated.
  const halfRate = Math.max(1, Math.floor(askLoad.requestsPerSec / 2));
  opts.log(`  signed /ask at a steady ${halfRate} per second (open loop) × ${opts.seconds} s …`);
  server = await startService();
  const halfAsks = Array.from({ length: Math.ceil(halfRate * (opts.seconds + 1)) + 10 }, ask);
  await openLoop({
    url: server.url,
    path: '/interactions',
    pool: halfAsks.slice(0, halfRate),
    rate: halfRate,
    seconds: 1,
  });
  const askHalf = await openLoop({
    url: server.url,
    path: '/interactions',
    pool: halfAsks.slice(halfRate),
    rate: halfRate,
    seconds: opts.seconds,
  });
  await server.stop();

  opts.log('  bare Hono hello-world on the same stack …');
  const hello = await startServerChild('hello', { env: {}, cpus: serverCpus, logFile, cleanup });
  await sleep(2000);
  const helloIdle = residentMiB(hello.pid);
  await closed(hello.url, undefined, opts.warmupSeconds, '/');
  const helloSampler = sampleResident(hello.pid);
  const helloLoad = await closed(hello.url, undefined, opts.seconds, '/');
  const helloUnderLoad = helloSampler.stop();
  await hello.stop();
  // The benchmarks after this one use every core again (and so do processes started from here).
  unpin();

  const e2eD = distribution(e2e);
  const overheadD = distribution(overhead);
  return {
    pinned:
      serverCpus === undefined
        ? 'not pinned (no taskset, or one core)'
        : `server alone on CPU ${serverCpus}; load generator, stand-ins and Chroma on CPU 1-${cpus - 1}`,
    connections: opts.connections,
    durationSec: opts.seconds,
    ack: {
      ask: withoutUsed(askLoad),
      askHalfRate: withoutUsed(askHalf),
      ping: withoutUsed(ping),
      hello: withoutUsed(helloLoad),
      ratioAskToHelloRps: ratio(askLoad.requestsPerSec, helloLoad.requestsPerSec),
      ratioPingToHelloRps: ratio(ping.requestsPerSec, helloLoad.requestsPerSec),
      ratioAskToHelloP99: ratio(askLoad.p99Ms, helloLoad.p99Ms),
      askFinalEdits: `${finalEdits} of ${tokens.length} ${drained ? 'within' : 'after'} ${round(waited)} s`,
      finalEditsPerSec: round((finalEdits - editedAtEnd) / waited),
      halfRate,
      targetP99Ms: 50,
      targetMetSaturated: askLoad.p99Ms < 50,
      targetMetHalfRate: askHalf.p99Ms < 50,
    },
    answer: {
      asks: e2e.length,
      answered,
      endToEndP50Ms: round(e2eD.p50),
      endToEndP95Ms: round(e2eD.p95),
      modelP50Ms: round(distribution(model).p50),
      overheadP50Ms: round(overheadD.p50),
      overheadP95Ms: round(overheadD.p95),
    },
    memory: {
      idleMiB: round(idle?.rss ?? Number.NaN),
      underLoadPeakMiB: round(underLoad.peak),
      underLoadMeanMiB: round(underLoad.mean),
      afterLoadMiB: round(after?.rss ?? Number.NaN),
      helloIdleMiB: round(helloIdle?.rss ?? Number.NaN),
      helloUnderLoadPeakMiB: round(helloUnderLoad.peak),
      ratioIdleToHello: ratio(idle?.rss ?? Number.NaN, helloIdle?.rss ?? Number.NaN),
      ratioLoadPeakToHelloPeak: ratio(underLoad.peak, helloUnderLoad.peak),
    },
  };
}
