import path from 'node:path';
import pg from 'pg';
import { groupStep } from '../src/insights/grouper';
import { DEFAULT_TOPIC_SIMILARITY, nearestTopic, type VectorTopic } from '../src/insights/grouping';
import { buildReport, DAY_MS } from '../src/insights/report';
import { addInto, decodeVector, encodeVector, unit } from '../src/insights/vectors';
import { insightsContent } from '../src/insights/view';
import type { Embedder } from '../src/llm/embedder';
import { silentLogger } from '../src/log';
import { percentile } from '../src/stats';
import { openPostgresStore } from '../src/store/postgres/open';
import { openSqliteStore } from '../src/store/sqlite/open';
import type { Store } from '../src/store/types';
import { prng } from '../test/random';

/**
 * Insights (issue 21): how fast questions are grouped into topics (by meaning, with a synthetic
 * embedder that answers at once, against grouping by keywords), how long `/insights` takes to
 * build its report at N questions on SQLite and PostgreSQL (against recomputing the topics from the
 * stored vectors on every view, which the incremental grouping avoids), and the digest's chart.
 */
export interface InsightsBenchResult {
  grouping: { questions: number; byMeaningPerSec: number; byKeywordsPerSec: number; topics: number };
  reports: {
    backend: 'sqlite' | 'postgres';
    questions: number;
    p50Ms: number;
    p95Ms: number;
    /** The peer: the same period's topics recomputed from the stored vectors (only where vectors were stored). */
    regroupMs: number | undefined;
  }[];
  chart: { days: number; coldMs: number; p50Ms: number; bytes: number }[];
}

const DIM = 384;
const TOPICS = 300;
const GUILD = '100000000000000001';

/** A vector near its topic's direction: `q<i> t<k>` → topic k. */
function syntheticEmbedder(): Embedder {
  const centers = Array.from({ length: TOPICS }, (_, k) => {
    const rand = prng(1000 + k);
    return unit(Array.from({ length: DIM }, () => rand() - 0.5));
  });
  return {
    model: 'bench-embed',
    async embed(texts) {
      return texts.map((t) => {
        const k = Number(/t(\d+)/.exec(t)?.[1] ?? 0) % TOPICS;
        const rand = prng(Number(/q(\d+)/.exec(t)?.[1] ?? 0));
        const c = centers[k] as Float32Array;
        return [...unit(Array.from({ length: DIM }, (_, i) => (c[i] ?? 0) + 0.06 * (rand() - 0.5)))];
      });
    },
  };
}

const question = (i: number, now: number, days: number) => ({
  id: String(400000000000000000n + BigInt(i)),
  guildId: GUILD,
  channelId: String(200000000000000000n + BigInt(i % 20)),
  userId: String(300000000000000000n + BigInt(i % 500)),
  kind: 'ask' as const,
  private: i % 7 === 0,
  text: `q${i} t${(i * 7919) % TOPICS} how do I get the thing number ${(i * 7919) % TOPICS} to work`,
  outcome: i % 9 === 0 ? ('nothing_found' as const) : ('answered' as const),
  detail: '',
  askedAt: now - ((i * 104_729) % (days * DAY_MS)),
  sources:
    i % 9 === 0
      ? []
      : [
          {
            messageId: String(500000000000000000n + BigInt(i)),
            channelId: String(200000000000000000n + BigInt(i % 13)),
            cited: true,
          },
        ],
});

async function timeGrouping(store: Store, embedder: Embedder | undefined, now: number): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for (;;) {
    const step = await groupStep({
      store,
      embedder,
      clock: { now: () => now },
      log: silentLogger,
      owner: 'bench',
      similarity: DEFAULT_TOPIC_SIMILARITY,
      batchSize: 64,
    });
    if (step.grouped === 0) break;
    n += step.grouped;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Records `count` questions and assigns them to topics through the store (with vectors when asked). */
async function fill(store: Store, count: number, now: number, withVectors: boolean): Promise<void> {
  const embedder = syntheticEmbedder();
  const chunk = 2_000;
  for (let from = 0; from < count; from += chunk) {
    const qs = Array.from({ length: Math.min(chunk, count - from) }, (_, j) => question(from + j, now, 60));
    for (const q of qs) await store.insights.record(q);
    const vectors = withVectors
      ? await embedder.embed(
          qs.map((q) => q.text),
          'plain',
        )
      : [];
    await store.insights.saveGrouping({
      assignments: qs.map((q, j) => ({
        questionId: q.id,
        topicId: `e${(from + j) % TOPICS}`,
        grouping: 'embedding' as const,
        embedding: withVectors ? encodeVector(unit(vectors[j] ?? [])) : '',
      })),
      topics:
        from === 0
          ? Array.from({ length: TOPICS }, (_, k) => ({
              id: `e${k}`,
              guildId: GUILD,
              method: 'embedding' as const,
              model: 'bench-embed',
              vectorSum: '',
              terms: [],
              size: 0,
              labelQuestionId: String(400000000000000000n + BigInt(k + 1)),
              updatedAt: now,
            }))
          : [],
    });
  }
  // Some 👎 (one answer in fifty).
  for (let i = 1; i < Math.min(count, 5_000); i += 50) {
    const q = question(i, now, 60);
    await store.answers.save({
      id: q.id,
      guildId: GUILD,
      channelId: q.channelId,
      userId: q.userId,
      question: q.text,
      answer: 'a',
      sourceIds: [],
      parentId: null,
      createdAt: q.askedAt,
    });
    await store.answers.rate(q.id, '300000000000009999', -1, q.askedAt);
  }
}

async function timeReports(store: Store, now: number, runs: number) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await buildReport(store, GUILD, 30, now);
    insightsContent(r, 0, 'en-US');
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50Ms: percentile(ms, 50) ?? Number.NaN, p95Ms: percentile(ms, 95) ?? Number.NaN };
}

/** The peer: every view regroups the period's questions from their stored vectors (what incremental grouping saves). */
async function timeRegroup(store: Store, now: number): Promise<number> {
  const t0 = performance.now();
  const ids: string[] = [];
  for (let k = 0; k < TOPICS; k++) ids.push(`e${k}`);
  const vectors: Float32Array[] = [];
  for (const id of ids) {
    for (const m of await store.insights.members(id, { publicOnly: false, limit: 1_000_000 }))
      vectors.push(decodeVector(m.embedding));
  }
  const topics: VectorTopic[] = [];
  for (const v of vectors) {
    const near = nearestTopic(v, topics, DEFAULT_TOPIC_SIMILARITY);
    const t = near?.topic ?? { id: String(topics.length), sum: new Float32Array(0) };
    if (near === undefined) topics.push(t);
    t.sum = addInto(t.sum, v);
  }
  await buildReport(store, GUILD, 30, now);
  return performance.now() - t0;
}

export async function benchInsights(opts: {
  dir: string;
  quick: boolean;
  postgres?: (<T>(f: (url: string) => Promise<T>) => Promise<T | undefined>) | undefined;
  log: (line: string) => void;
}): Promise<InsightsBenchResult> {
  const now = Date.UTC(2026, 11, 1);
  const groupN = opts.quick ? 640 : 3_200;
  // Grouping throughput.
  const g = openSqliteStore(path.join(opts.dir, 'insights-group.sqlite'));
  const gk = openSqliteStore(path.join(opts.dir, 'insights-group-kw.sqlite'));
  let grouping: InsightsBenchResult['grouping'];
  try {
    for (let i = 0; i < groupN; i++) {
      await g.insights.record(question(i, now, 30));
      await gk.insights.record(question(i, now, 30));
    }
    const byMeaningPerSec = await timeGrouping(g, syntheticEmbedder(), now);
    const byKeywordsPerSec = await timeGrouping(gk, undefined, now);
    grouping = {
      questions: groupN,
      byMeaningPerSec: Math.round(byMeaningPerSec),
      byKeywordsPerSec: Math.round(byKeywordsPerSec),
      topics: (await g.insights.topics(GUILD, 'embedding')).length,
    };
    opts.log(
      `insights: grouped ${groupN} questions at ${grouping.byMeaningPerSec}/s into ${grouping.topics} topics`,
    );
  } finally {
    await g.close();
    await gk.close();
  }

  const reports: InsightsBenchResult['reports'] = [];
  const sizes = opts.quick ? [1_000, 10_000] : [10_000, 100_000];
  for (const n of sizes) {
    const store = openSqliteStore(path.join(opts.dir, `insights-${n}.sqlite`));
    try {
      const withVectors = n === sizes[0];
      await fill(store, n, now, withVectors);
      const t = await timeReports(store, now, 15);
      reports.push({
        backend: 'sqlite',
        questions: n,
        ...t,
        regroupMs: withVectors ? await timeRegroup(store, now) : undefined,
      });
      opts.log(`insights: report at ${n} questions (SQLite) p50 ${t.p50Ms.toFixed(1)} ms`);
    } finally {
      await store.close();
    }
  }
  if (opts.postgres !== undefined) {
    const n = sizes[0] as number;
    const r = await opts.postgres(async (url) => {
      const { store } = await openPostgresStore(url);
      try {
        await fill(store, n, now, true);
        // A live database has been analyzed by autovacuum long before anyone opens /insights; a
        // freshly filled one has no statistics, and its guessed plans took 1 s instead of 30 ms.
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('ANALYZE');
        } finally {
          await client.end();
        }
        const t = await timeReports(store, now, 15);
        return { backend: 'postgres' as const, questions: n, ...t, regroupMs: await timeRegroup(store, now) };
      } finally {
        await store.close();
      }
    });
    if (r !== undefined) reports.push(r);
  }

  // The chart: cold (Chart.js and Skia loaded) and warm renders.
  const chart: InsightsBenchResult['chart'] = [];
  const t0 = performance.now();
  const { renderChart } = await import('../src/insights/chart');
  for (const days of [7, 30]) {
    const daily = Array.from({ length: days }, (_, i) => ({
      day: 20_400 + i,
      questions: 10 + ((i * 7) % 13),
      gaps: i % 4,
    }));
    const first = performance.now();
    const png = renderChart({ daily }, 'en-US');
    const coldMs = (days === 7 ? first - t0 : 0) + (performance.now() - first);
    const ms: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      renderChart({ daily }, 'en-US');
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    chart.push({
      days,
      coldMs: Math.round(coldMs),
      p50Ms: Math.round(percentile(ms, 50) ?? Number.NaN),
      bytes: png.length,
    });
  }
  return { grouping, reports, chart };
}
