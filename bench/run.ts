/**
 * `npm run bench`: every benchmark of the product side by side in one run, each against its peer,
 * printed as a table and written to bench/results.json. BENCH_QUICK=1 shrinks every size tenfold.
 * What each figure means: bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { startLocalChroma } from '../src/vector/local-server';
import { generateCorpus, precomputeVectors } from './corpus';
import { benchEndpoint } from './endpoint';
import { benchIndexer, indexingResult, writeSearchSet } from './indexing';
import { BENCH_DIR, Cleanup, hasTaskset } from './processes';
import { type Row, renderTable, reportRows } from './report';
import { benchRetrieval } from './retrieval';
import { benchSignature } from './signature';

const quick = process.env.BENCH_QUICK === '1';
const scale = quick ? 10 : 1;
const sizes = {
  large: 100_000 / scale,
  small: 10_000 / scale,
  channels: 200,
  readable: 50,
  queries: quick ? 30 : 200,
  asks: quick ? 30 : 200,
  seconds: quick ? 3 : 10,
  warmupSeconds: quick ? 1 : 3,
  connections: 10,
  pool: 20_000 / scale,
  drainSeconds: quick ? 10 : 30,
  signatureMs: quick ? 500 : 2000,
};

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const log = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = (() => {
  const t0 = performance.now();
  return () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
})();

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const stop = (signal: string) => {
    log(`\n${signal}: stopping …`);
    cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Read before the endpoint benchmark pins this process to a subset of the cores.
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    taskset: hasTaskset(),
  };
  const pin = machine.taskset && machine.cores >= 2;
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-bench-'));
  cleanup.trackDir(dir);
  try {
    log(`askbot benchmarks${quick ? ' (BENCH_QUICK: sizes ÷10)' : ''}; scratch data in ${dir}`);

    log(`[${elapsed()}] signature verification …`);
    const signature = await benchSignature({ ms: sizes.signatureMs, applicationId: '100000000000000001' });

    log(`[${elapsed()}] generating ${sizes.large} messages and their vectors …`);
    const corpus = generateCorpus(sizes.large, sizes.channels);
    const vectors = precomputeVectors(corpus.messages);

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

    log(`[${elapsed()}] retrieval at ${sizes.small} messages …`);
    const chromaSmall = await freshChroma('chroma-small');
    const small = await writeSearchSet({
      name: 'bench_small',
      dir,
      chromaUrl: chromaSmall.url,
      corpus,
      messages: corpus.messages.slice(0, sizes.small),
      vectors,
    });
    const retrievalSmall = await benchRetrieval(small.set, corpus, sizes);
    small.set.db.$client.close();

    log(
      `[${elapsed()}] endpoint on the ${sizes.small} message set: answer overhead, ack under load, memory …`,
    );
    const endpoint = await benchEndpoint({
      set: small.set,
      corpus,
      chromaUrl: chromaSmall.url,
      chromaDir: chromaSmall.dir,
      dir,
      ...sizes,
      pin,
      cleanup,
      log,
    });
    await chromaSmall.done();

    log(`[${elapsed()}] indexing ${sizes.large} messages end to end …`);
    const chromaIndexer = await freshChroma('chroma-indexer');
    const indexer = await benchIndexer({ corpus, vectors, chromaUrl: chromaIndexer.url, dir });
    await chromaIndexer.done();

    log(`[${elapsed()}] raw SQLite write and raw Chroma upsert of the same ${sizes.large} messages …`);
    const chromaLarge = await freshChroma('chroma-large');
    const large = await writeSearchSet({
      name: 'bench_large',
      dir,
      chromaUrl: chromaLarge.url,
      corpus,
      messages: corpus.messages,
      vectors,
    });
    const indexing = indexingResult(corpus, indexer, large);

    log(`[${elapsed()}] retrieval at ${sizes.large} messages …`);
    const retrievalLarge = await benchRetrieval(large.set, corpus, sizes);
    large.set.db.$client.close();
    await chromaLarge.done();

    const results = {
      date: new Date().toISOString(),
      quick,
      machine,
      sizes,
      contract: {
        target: 'first answer to a command under 50 ms at p99 on one core under load',
        saturated: { askP99Ms: endpoint.ack.ask.p99Ms, met: endpoint.ack.targetMetSaturated },
        halfRate: { askP99Ms: endpoint.ack.askHalfRate.p99Ms, met: endpoint.ack.targetMetHalfRate },
      },
      ack: {
        ...endpoint.ack,
        pinned: endpoint.pinned,
        connections: endpoint.connections,
        seconds: endpoint.durationSec,
      },
      signature,
      indexing,
      retrieval: { small: retrievalSmall, large: retrievalLarge },
      answer: endpoint.answer,
      memory: endpoint.memory,
    };
    const file = path.join(BENCH_DIR, 'results.json');
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    const rows: Row[] = reportRows(results);
    process.stdout.write(`\n${renderTable(rows)}\n`);
    process.stdout.write(
      `\n${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}; ${endpoint.pinned}.\n` +
        `Contract (first answer < 50 ms at p99 on one core under load): /ask p99 ${endpoint.ack.ask.p99Ms} ms ` +
        `saturated (${met(endpoint.ack.targetMetSaturated)}), ${endpoint.ack.askHalfRate.p99Ms} ms at half that rate ` +
        `(${met(endpoint.ack.targetMetHalfRate)}).\n` +
        `Written to ${path.relative(process.cwd(), file)} in ${elapsed()}.\n`,
    );
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
