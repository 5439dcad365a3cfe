import { describe, expect, it } from 'vitest';
import { prng } from '../../test/random';
import {
  centroidSimilarity,
  DEFAULT_TOPIC_SIMILARITY,
  jaccard,
  keywordMedoid,
  keywordTerms,
  medoid,
  nearestKeywordTopic,
  nearestTopic,
  type VectorTopic,
} from './grouping';
import { addInto, decodeVector, dot, encodeVector, unit } from './vectors';

// ---------------------------------------------------------------------------------------------
// Generated questions as embeddings, calibrated to published nomic-embed-text-v1.5 similarities of
// untagged sentences (huggingface/candle, examples/nomic-bert): paraphrases ≈ 0.97, related but
// different ≈ 0.74, unrelated 0.48–0.58. No model's weights can be loaded here (none ships in the
// npm registry), so the questions are points with those pair similarities: each topic a direction
// sharing the space's common component (anisotropy: unrelated pairs ≈ 0.53), each paraphrase its
// topic plus noise (pairs 0.84–0.96), each topic with a "near miss" sibling (same subject, another
// question: pairs ≈ 0.74). This measures the grouping (incremental, centroid linkage, threshold)
// on that distribution, not the model.

const DIM = 384;

function gaussianUnit(rand: () => number): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const a = 2 * Math.PI * rand();
    v[i] = r * Math.cos(a);
    if (i + 1 < DIM) v[i + 1] = r * Math.sin(a);
  }
  return unit(v);
}

/** √c·base + √(1−c)·noise, normalised: two of these share cosine ≈ c. */
function mix(base: Float32Array, c: number, rand: () => number): Float32Array {
  const z = gaussianUnit(rand);
  const out = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) out[i] = Math.sqrt(c) * (base[i] ?? 0) + Math.sqrt(1 - c) * (z[i] ?? 0);
  return unit(out);
}

interface Generated {
  vectors: Float32Array[];
  /** The true topic of each question. */
  truth: number[];
  /** Pairs of true topics that are near misses of each other. */
  siblings: Map<number, number>;
}

function generate(seed: number, topics = 12, perTopic = 10, paraphraseLow = 0.84): Generated {
  const rand = prng(seed);
  const common = gaussianUnit(rand);
  const vectors: Float32Array[] = [];
  const truth: number[] = [];
  const siblings = new Map<number, number>();
  const centers: Float32Array[] = [];
  for (let k = 0; k < topics; k++) {
    const center = mix(common, 0.7, rand);
    centers.push(center);
    // Its near miss: the same subject, another question (question pairs ≈ 0.74).
    centers.push(mix(center, 0.676, rand)); // cos(center, sibling) = √0.676 ≈ 0.82
    siblings.set(2 * k, 2 * k + 1);
    siblings.set(2 * k + 1, 2 * k);
  }
  centers.forEach((center, k) => {
    for (let i = 0; i < perTopic; i++) {
      const p = paraphraseLow + (0.96 - paraphraseLow) * rand();
      vectors.push(mix(center, p, rand));
      truth.push(k);
    }
  });
  // Questions arrive in any order.
  const order = vectors.map((_, i) => i).sort(() => rand() - 0.5);
  return {
    vectors: order.map((i) => vectors[i] as Float32Array),
    truth: order.map((i) => truth[i] as number),
    siblings,
  };
}

/** The grouper's placement rule over a stream of questions: the nearest centroid at or above `threshold`, else a new topic. */
function groupAll(vectors: Float32Array[], threshold: number): number[] {
  const topics: (VectorTopic & { n: number })[] = [];
  return vectors.map((v) => {
    const near = nearestTopic(v, topics, threshold);
    const t = near?.topic ?? { id: String(topics.length), sum: new Float32Array(0), n: topics.length };
    if (near === undefined) topics.push(t);
    t.sum = addInto(t.sum, v);
    return t.n;
  });
}

function pairStats(g: Generated, assigned: number[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let nearMissPairs = 0;
  let nearMissApart = 0;
  const sims = { paraphrase: [] as number[], nearMiss: [] as number[], unrelated: [] as number[] };
  for (let i = 0; i < assigned.length; i++) {
    for (let j = i + 1; j < assigned.length; j++) {
      const same = g.truth[i] === g.truth[j];
      const together = assigned[i] === assigned[j];
      const sibling = g.siblings.get(g.truth[i] as number) === g.truth[j];
      const s = dot(g.vectors[i] as Float32Array, g.vectors[j] as Float32Array);
      (same ? sims.paraphrase : sibling ? sims.nearMiss : sims.unrelated).push(s);
      if (same && together) tp++;
      else if (!same && together) fp++;
      else if (same && !together) fn++;
      if (sibling) {
        nearMissPairs++;
        if (!together) nearMissApart++;
      }
    }
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return {
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-9, precision + recall),
    nearMissApart: nearMissApart / Math.max(1, nearMissPairs),
    topics: new Set(assigned).size,
    sims,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number) => Math.round(x * 1000) / 1000;

describe('grouping questions by meaning', () => {
  it('groups paraphrases, keeps distinct topics and near misses apart at the default threshold', () => {
    const THRESHOLDS = [0.75, 0.78, 0.8, DEFAULT_TOPIC_SIMILARITY, 0.85, 0.88, 0.9];
    const SEEDS = [1, 2, 3, 4, 5];
    // Paraphrase pairs 0.84–0.96 (close rewordings), and a looser set 0.78–0.96.
    const runsAt = new Map<string, ReturnType<typeof pairStats>[]>();
    const rows: Record<string, number | string>[] = [];
    for (const low of [0.84, 0.78]) {
      for (const threshold of [...new Set(THRESHOLDS)].sort()) {
        const runs = SEEDS.map((seed) => {
          const g = generate(seed, 12, 10, low);
          return pairStats(g, groupAll(g.vectors, threshold));
        });
        runsAt.set(`${low}:${threshold}`, runs);
        rows.push({
          paraphrases: `p≥${low}`,
          threshold,
          precision: round(mean(runs.map((r) => r.precision))),
          recall: round(mean(runs.map((r) => r.recall))),
          f1: round(mean(runs.map((r) => r.f1))),
          nearMissApart: round(mean(runs.map((r) => r.nearMissApart))),
          topics: `${mean(runs.map((r) => r.topics)).toFixed(1)} of 24`,
        });
      }
    }
    const sims = runsAt.get(`0.84:${DEFAULT_TOPIC_SIMILARITY}`)?.[0]?.sims;
    if (sims === undefined) throw new Error('no run');
    // The generated pairs have the published figures' shape.
    expect(mean(sims.paraphrase)).toBeGreaterThan(0.86);
    expect(mean(sims.nearMiss)).toBeGreaterThan(0.7);
    expect(mean(sims.nearMiss)).toBeLessThan(0.78);
    expect(mean(sims.unrelated)).toBeGreaterThan(0.45);
    expect(mean(sims.unrelated)).toBeLessThan(0.6);
    console.info(
      `pair similarities: paraphrase ${round(mean(sims.paraphrase))} (min ${round(Math.min(...sims.paraphrase))}), ` +
        `near miss ${round(mean(sims.nearMiss))} (max ${round(Math.max(...sims.nearMiss))}), ` +
        `unrelated ${round(mean(sims.unrelated))} (max ${round(Math.max(...sims.unrelated))})`,
    );
    console.table(rows);
    const at = (low: number, t: number) => runsAt.get(`${low}:${t}`) ?? [];
    for (const low of [0.84, 0.78]) {
      for (const r of at(low, DEFAULT_TOPIC_SIMILARITY)) {
        expect(r.f1).toBeGreaterThan(0.95);
        expect(r.nearMissApart).toBeGreaterThan(0.95);
      }
    }
    // Lower, near misses merge; higher, paraphrases split: the default sits between.
    expect(mean(at(0.84, 0.75).map((r) => r.nearMissApart))).toBeLessThan(0.5);
    expect(mean(at(0.78, 0.9).map((r) => r.recall))).toBeLessThan(0.8);
  });

  it('places a question once: a later question never moves an earlier one', () => {
    const g = generate(7);
    const first = groupAll(g.vectors.slice(0, 60), DEFAULT_TOPIC_SIMILARITY);
    const all = groupAll(g.vectors, DEFAULT_TOPIC_SIMILARITY);
    expect(all.slice(0, 60)).toEqual(first);
  });

  it('names a topic by its medoid: the member with the greatest summed similarity to the others', () => {
    const g = generate(3, 3, 15);
    const members = g.vectors.map((vector, i) => ({ id: String(i), vector }));
    const sum = members.reduce<Float32Array>((s, m) => addInto(s, m.vector), new Float32Array(0));
    const brute = members
      .map((m) => ({ id: m.id, score: members.reduce((s, o) => s + dot(m.vector, o.vector), 0) }))
      .sort((a, b) => b.score - a.score)[0]?.id;
    expect(medoid(members, sum)).toBe(brute);
    // Only the candidates may name it (the public questions).
    const publicOnes = members.filter((m) => Number(m.id) % 2 === 1);
    expect(Number(medoid(publicOnes, sum)) % 2).toBe(1);
  });

  it('measures similarity to a topic against its centroid', () => {
    const rand = prng(11);
    const a = gaussianUnit(rand);
    const t: VectorTopic = { id: 't', sum: addInto(addInto(new Float32Array(0), a), a) };
    expect(centroidSimilarity(a, t)).toBeCloseTo(1, 5);
    expect(nearestTopic(gaussianUnit(rand), [t], 0.5)).toBeUndefined();
  });

  it('keeps vectors exactly through the store’s text form', () => {
    const v = unit([3, 4, 0, -1e-7]);
    expect([...decodeVector(encodeVector(v))]).toEqual([...v]);
    expect(decodeVector('')).toHaveLength(0);
    expect(decodeVector('abc')).toHaveLength(0);
  });
});

describe('grouping by keywords (the embedding model down)', () => {
  it('joins questions whose search terms mostly agree, and not near misses', () => {
    const reset = keywordTerms('How do I reset my password?');
    expect(reset).toEqual(['reset', 'password']);
    expect(jaccard(reset, keywordTerms('I forgot my password, how can I reset it?'))).toBeGreaterThanOrEqual(
      0.5,
    );
    expect(jaccard(reset, keywordTerms('How do I reset my email address?'))).toBeLessThan(0.5);
    const topics = [
      { id: 'pw', terms: reset },
      { id: 'deploy', terms: keywordTerms('Where is the deploy script?') },
    ];
    expect(nearestKeywordTopic(keywordTerms('password reset not working'), topics)?.id).toBe('pw');
    expect(nearestKeywordTopic(keywordTerms('which script deploys the bot?'), topics)).toBeUndefined();
    expect(
      keywordMedoid([
        { id: 'a', terms: ['reset', 'password'] },
        { id: 'b', terms: ['reset', 'password', 'forgot'] },
        { id: 'c', terms: ['password', 'forgot', 'email'] },
      ]),
    ).toBe('b');
  });
});
