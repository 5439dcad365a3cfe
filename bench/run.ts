/**
 * `npm run bench`: every benchmark of the product side by side in one run, each against its peer,
 * printed as a table and written to bench/results.json. BENCH_QUICK=1 shrinks every size tenfold
 * and every load to a few seconds. What each figure means: bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/open';
import { startLocalChroma } from '../src/vector/local-server';
import { benchAck } from './ack';
import { benchBurst } from './burst';
import { benchColdStart } from './cold-start';
import { type BenchMessage, type Corpus, generateCorpus, precomputeVectors } from './corpus';
import { benchEndpoints } from './endpoints';
import { benchFailover } from './failover';
import { benchIndexer, indexingResult, inFewerChannels, storeMessages, writeSearchSet } from './indexing';
import { benchInsights } from './insights';
import { benchKeyword } from './keyword';
import { benchOllamaHosts } from './ollama-hosts';
import { benchOperations } from './operations';
import { postgresVersion, throwawayDatabase } from './postgres';
import { BENCH_DIR, Cleanup, hasTaskset } from './processes';
import { benchQuality, qualitySizes } from './quality';
import { benchQueueWrite } from './queue-write';
import { type Results, renderTable, reportRows } from './report';
import { benchRetrieval, retrievalSizes } from './retrieval';
import { benchSignature } from './signature';
import { benchTokenizers } from './tokenizers';
import { startWorld } from './world';

const quick = process.env.BENCH_QUICK === '1';
const scale = quick ? 10 : 1;
const sizes = {
  /** The search set of the process benchmarks (the workers retrieve from it) and of indexing. */
  small: 10_000 / scale,
  /** The keyword search figure. */
  large: 100_000 / scale,
  channels: 200,
  /** The indexing figure's second server: the same messages in this many channels. */
  fewerChannels: 20,
  readable: 50,
  queries: quick ? 30 : 200,
  asks: quick ? 5 : 30,
  seconds: quick ? 2 : 8,
  warmupSeconds: quick ? 1 : 2,
  connections: 10,
  pool: 20_000 / scale,
  signatureMs: quick ? 500 : 2000,
  enqueueCalls: quick ? 200 : 1000,
  burst: quick ? 40 : 300,
  burstInFlight: quick ? 20 : 50,
  hostAnswers: quick ? 12 : 48,
  numParallel: 2,
  /** Spawns per role and figure in the cold-start part (the first one a warm-up). */
  coldStarts: quick ? 3 : 6,
  coldBurst: quick ? 200 : 1000,
};

/** Parts that need none of the shared set-up (corpus, Chroma, the world of processes). */
const ALONE = new Set(['signature', 'queueWrite', 'insights']);

const log = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = (() => {
  const t0 = performance.now();
  return () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
})();

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  const stop = (signal: string) => {
    log(`\n${signal}: stopping …`);
    cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Read before the ack benchmark pins this process to a subset of the cores.
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    taskset: hasTaskset(),
    postgres: await postgresVersion(),
  };
  const pin = machine.taskset && machine.cores >= 2;
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-bench-'));
  cleanup.trackDir(dir);
  const results: Results = { errors: {} };
  /** Runs one part; a part that fails is reported as such and the others still run. */
  // BENCH_ONLY=ack,burst runs just those parts (the shared set-up still runs unless every part picked is in
  // ALONE), e.g. to re-measure one.
  const only = process.env.BENCH_ONLY?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const step = async <K extends Exclude<keyof Results, 'errors'>>(
    name: K,
    title: string,
    f: () => Promise<Results[K]>,
  ) => {
    if (only !== undefined && !only.includes(name)) return;
    log(`[${elapsed()}] ${title} …`);
    try {
      results[name] = await f();
    } catch (err) {
      results.errors[name] = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  };
  const withPostgres = async <T>(f: (url: string) => Promise<T>): Promise<T | undefined> => {
    if (machine.postgres === undefined) return undefined;
    const db = await throwawayDatabase(cleanup);
    try {
      return await f(db.url);
    } finally {
      await db.drop();
    }
  };
  // Each part gets its own empty Chroma server, so that every figure is measured on a Chroma
  // holding exactly its own data (a query's cost grows with everything the server stores).
  const freshChroma = async (name: string) => {
    const chromaDir = path.join(dir, name);
    const chroma = await startLocalChroma(chromaDir, { readyTimeoutMs: 60_000 });
    cleanup.add(name, () => chroma.stop());
    return {
      url: chroma.url,
      dir: chromaDir,
      async done() {
        await chroma.stop();
        rmSync(chromaDir, { recursive: true, force: true });
      },
    };
  };

  /** Writes bench/results.json and prints the table; the exit code. */
  const finish = (): number => {
    const file = path.join(BENCH_DIR, 'results.json');
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), quick, machine, sizes, seconds: elapsed(), ...results }, null, 2)}\n`,
    );
    const ack = results.ack;
    process.stdout.write(
      `\n${renderTable(reportRows(results))}\n\n` +
        `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, PostgreSQL ${machine.postgres ?? 'none'}${ack === undefined ? '' : `; ${ack.pinned}`}.\n` +
        (ack === undefined
          ? ''
          : `Goal (acknowledgement p99 < ${ack.targetP99Ms} ms at half the saturated rate, one core): ROLE=all ${ack.all.askHalfRate.p99Ms} ms ` +
            `(${ack.targetMetAll ? 'met' : 'NOT met'}), endpoint + worker ${ack.split.askHalfRate.p99Ms} ms ` +
            `(${ack.targetMetSplit ? 'met' : 'NOT met'}).\n`) +
        `Written to ${path.relative(process.cwd(), file)}; the whole run took ${elapsed()}.\n`,
    );
    const failed = Object.keys(results.errors);
    if (failed.length > 0) log(`parts that failed: ${failed.join(', ')}`);
    return failed.length > 0 ? 1 : 0;
  };

  try {
    log(
      `askbot benchmarks${quick ? ' (BENCH_QUICK: sizes ÷10)' : ''}; scratch data in ${dir}; PostgreSQL ${machine.postgres ?? 'not answering: its figures are left out'}`,
    );
    await step('signature', 'signature verification', () =>
      benchSignature({ ms: sizes.signatureMs, applicationId: '100000000000000001' }),
    );
    await step(
      'queueWrite',
      `the durable write: ${sizes.enqueueCalls} enqueues on SQLite and PostgreSQL`,
      async () =>
        benchQueueWrite({
          dir,
          calls: sizes.enqueueCalls,
          postgresUrl: undefined,
          cleanup,
        }).then(async (r) => ({
          ...r,
          postgres: (
            await withPostgres((url) =>
              benchQueueWrite({ dir, calls: sizes.enqueueCalls, postgresUrl: url, cleanup }),
            )
          )?.postgres,
        })),
    );

    await step('insights', 'insights: grouping, /insights report at N questions, the digest chart', () =>
      benchInsights({
        dir,
        quick,
        postgres: machine.postgres === undefined ? undefined : withPostgres,
        log,
      }),
    );
    // The parts above need none of the shared corpus, Chroma or processes below: skip them when
    // BENCH_ONLY picks none of the parts that do.
    if (only?.every((name) => ALONE.has(name))) return finish();

    const retrieval = retrievalSizes(quick);
    log(`[${elapsed()}] generating ${Math.max(...retrieval.sizes, sizes.large)} messages …`);
    const corpus = generateCorpus(Math.max(...retrieval.sizes, sizes.large), sizes.channels);
    const smallMessages = corpus.messages.slice(0, sizes.small);
    const vectors = precomputeVectors(smallMessages);

    log(`[${elapsed()}] the ${sizes.small} message search set (SQLite and Chroma) …`);
    const chromaSmall = await freshChroma('chroma-small');
    const small = await writeSearchSet({
      name: 'bench_small',
      dir,
      chromaUrl: chromaSmall.url,
      corpus,
      messages: smallMessages,
      vectors,
    });
    await step('indexing', `indexing ${sizes.small} messages end to end`, async () => {
      const indexInto = async (c: Corpus, messages: BenchMessage[]) => {
        const chroma = await freshChroma('chroma-indexer');
        try {
          const run = await benchIndexer({ corpus: c, messages, vectors, chromaUrl: chroma.url, dir });
          return indexingResult(c, run, small);
        } finally {
          await chroma.done();
        }
      };
      const spread = await indexInto(corpus, smallMessages);
      // The same messages as a server of fewer, longer channels: fewer requests per message.
      const fewer = inFewerChannels(corpus, smallMessages, sizes.fewerChannels);
      return { ...spread, fewerChannels: await indexInto(fewer.corpus, fewer.messages) };
    });

    const world = await startWorld({ corpus, set: small.set, chromaUrl: chromaSmall.url, hosts: 2, cleanup });
    await step('coldStart', 'cold start and memory of each role, beside the peer', async () => {
      const run = (postgresUrl: string | undefined) =>
        benchColdStart({
          world,
          set: small.set,
          chromaUrl: chromaSmall.url,
          dir,
          postgresUrl,
          runs: sizes.coldStarts,
          burst: sizes.coldBurst,
          cpus: pin ? '0' : undefined,
          cleanup,
          log,
        });
      return (await withPostgres(run)) ?? (await run(undefined));
    });
    await step('ack', 'acknowledgements under load: peers, ROLE=all, ROLE=endpoint + ROLE=worker', () =>
      benchAck({
        world,
        set: small.set,
        chromaDir: chromaSmall.dir,
        dir,
        seconds: sizes.seconds,
        warmupSeconds: sizes.warmupSeconds,
        connections: sizes.connections,
        asks: sizes.asks,
        pool: sizes.pool,
        pin,
        cleanup,
        log,
      }),
    );
    await step('burst', `a burst of ${sizes.burst} questions, ${sizes.burstInFlight} in flight`, () =>
      benchBurst({
        world,
        set: small.set,
        dir,
        count: sizes.burst,
        inFlight: sizes.burstInFlight,
        waitSeconds: quick ? 90 : 300,
        cpus: pin ? '0' : undefined,
        cleanup,
        log,
      }),
    );
    await step('ollamaHosts', 'answers per second with two Ollama hosts against one', () =>
      benchOllamaHosts({
        world,
        set: small.set,
        dir,
        answers: sizes.hostAnswers,
        numParallel: sizes.numParallel,
        cleanup,
        log,
      }),
    );
    await step('endpoints', 'two ROLE=endpoint processes against one, on PostgreSQL', () =>
      withPostgres((url) =>
        benchEndpoints({
          world,
          postgresUrl: url,
          dir,
          seconds: sizes.seconds,
          warmupSeconds: sizes.warmupSeconds,
          connections: sizes.connections,
          pool: sizes.pool,
          cleanup,
          log,
        }),
      ),
    );
    await step('failover', 'SIGKILL of a worker mid-answer, two ROLE=worker on PostgreSQL', () =>
      withPostgres((url) =>
        benchFailover({ world, corpus, set: small.set, postgresUrl: url, dir, cleanup, log }),
      ),
    );
    await small.set.store.close();
    await chromaSmall.done();

    await step(
      'keyword',
      `keyword search at ${sizes.large} messages, PostgreSQL against SQLite`,
      async () => {
        const store = openSqliteStore(path.join(dir, 'keyword.sqlite'));
        try {
          const messages = corpus.messages.slice(0, sizes.large);
          await storeMessages(store, corpus, messages, 1000);
          const run = (postgresUrl: string | undefined) =>
            benchKeyword({
              corpus,
              messages,
              sqlite: store,
              postgresUrl,
              queries: sizes.queries,
              readable: sizes.readable,
              log,
            });
          return (await withPostgres(run)) ?? (await run(undefined));
        } finally {
          await store.close();
        }
      },
    );

    await step(
      'tokenizers',
      `keyword search across scripts: three indexes a dialect at ${sizes.large} messages`,
      async () => {
        const run = (postgresUrl: string | undefined) =>
          benchTokenizers({
            dir,
            corpus,
            messages: corpus.messages.slice(0, sizes.large),
            postgresUrl,
            queries: sizes.queries,
            readable: sizes.readable,
            log,
          });
        return (await withPostgres(run)) ?? (await run(undefined));
      },
    );

    await step('quality', 'retrieval quality: answers in conversations (bench/quality.ts)', async () => {
      const chroma = await freshChroma('chroma-quality');
      try {
        return await benchQuality({ dir, chromaUrl: chroma.url, ...qualitySizes(quick), log });
      } finally {
        await chroma.done();
      }
    });

    await step('retrieval', 'retrieval (bench/retrieval.ts)', async () => {
      const chroma = await freshChroma('chroma-retrieval');
      try {
        return await benchRetrieval({ dir, chromaUrl: chroma.url, corpus, ...retrieval, log });
      } finally {
        await chroma.done();
      }
    });

    await step('operations', `backup while writing and migrate-store, ${sizes.large} messages`, () =>
      benchOperations({
        dir,
        corpus,
        messages: corpus.messages.slice(0, sizes.large),
        postgres: machine.postgres === undefined ? undefined : withPostgres,
        cleanup,
        log,
      }),
    );

    return finish();
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
