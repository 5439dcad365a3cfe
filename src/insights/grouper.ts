/**
 * The grouper: puts recorded questions into topics in small batches, off the answer path. One
 * process at a time across all processes does it (a lease in the store); each question is placed
 * once when it is grouped, so a view only reads counts. With the embedding model unreachable the
 * batch is grouped by keywords and marked so; those questions are grouped again by meaning when the
 * model answers.
 */
import { describeError } from '../errors';
import type { Embedder } from '../llm/embedder';
import type { Logger } from '../log';
import type { Store, StoredQuestion, Topic } from '../store/types';
import { cutToLength } from '../text/cut';
import { KEYWORD_SIMILARITY, keywordTerms, nearestKeywordTopic, nearestTopic } from './grouping';
import { relabel } from './topics';
import { addInto, decodeVector, encodeVector, unit } from './vectors';

const LEASE_KEY = 'grouper';
/** Questions embedded and placed per step. */
export const GROUP_BATCH = 64;
/** A question's text is cut to this many UTF-16 units before it is embedded. */
const EMBED_UNITS = 1_000;

export interface GrouperDeps {
  store: Store;
  /** The embedding model (undefined: keywords only). */
  embedder: Embedder | undefined;
  clock: { now(): number };
  log: Logger;
  /** Who holds the lease (the worker's id). */
  owner: string;
  /** Cosine similarity at or above which a question joins a topic (INSIGHTS_TOPIC_SIMILARITY). */
  similarity: number;
  batchSize?: number;
}

export interface GroupStep {
  grouped: number;
  byKeywords: number;
  /** Why the embedding model could not be used this step. */
  embedderError?: string;
  /** Another process holds the lease. */
  skipped?: boolean;
}

interface Working extends Topic {
  sum: Float32Array;
  changed: boolean;
  /** Its size before this step. */
  before: number;
}

/**
 * Whether a changed topic is named again: a small one always (its medoid moves with each member), a
 * large one when it crossed a multiple of 25 members (one more question rarely moves the medoid of
 * a hundred), one without a name always. Keeps a step's reads bounded on a busy server.
 */
export function needsLabel(t: Pick<Topic, 'labelQuestionId' | 'size'> & { before: number }): boolean {
  return t.labelQuestionId === null || t.size <= 100 || Math.floor(t.size / 25) > Math.floor(t.before / 25);
}

/**
 * One step: claims the lease, takes up to a batch of questions not grouped yet (then, when the
 * embedding model answers, questions grouped by keywords), embeds them in one request, places each
 * in its topic, saves the step in one transaction and names the changed topics again.
 */
export async function groupStep(deps: GrouperDeps): Promise<GroupStep> {
  const { store, clock } = deps;
  const now = clock.now();
  if (!(await store.insights.claimLease(LEASE_KEY, deps.owner, now, 120_000))) {
    return { grouped: 0, byKeywords: 0, skipped: true };
  }
  try {
    const batch = deps.batchSize ?? GROUP_BATCH;
    let questions = await store.insights.toGroup(batch, { regroup: deps.embedder !== undefined });
    if (questions.length === 0) return { grouped: 0, byKeywords: 0 };
    let vectors: Float32Array[] | undefined;
    let embedderError: string | undefined;
    if (deps.embedder !== undefined) {
      try {
        const raw = await deps.embedder.embed(
          questions.map((q) => cutToLength(q.text || ' ', EMBED_UNITS)),
          'plain',
        );
        vectors = raw.map(unit);
      } catch (err) {
        embedderError = describeError(err);
        // Keyword-grouped questions wait for the model; new ones are grouped by keywords now.
        questions = questions.filter((q) => q.grouping === null);
      }
    }
    const model = deps.embedder?.model ?? '';
    const topicsByGuild = new Map<string, Map<string, Working>>();
    const topicsOf = async (guildId: string, method: 'embedding' | 'keywords') => {
      const key = `${guildId}:${method}`;
      let map = topicsByGuild.get(key);
      if (map === undefined) {
        const rows = await store.insights.topics(guildId, method, method === 'embedding' ? model : undefined);
        map = new Map(
          rows.map((t) => [t.id, { ...t, sum: decodeVector(t.vectorSum), changed: false, before: t.size }]),
        );
        topicsByGuild.set(key, map);
      }
      return map;
    };
    const assignments: {
      questionId: string;
      topicId: string;
      grouping: 'embedding' | 'keywords';
      embedding: string;
    }[] = [];
    let byKeywords = 0;
    for (const [i, q] of questions.entries()) {
      const v = vectors?.[i];
      if (v !== undefined && v.length > 0) {
        const topics = await topicsOf(q.guildId, 'embedding');
        const near = nearestTopic(v, topics.values(), deps.similarity);
        const t = near?.topic ?? newTopic(q, 'embedding', model, now);
        t.sum = addInto(t.sum, v);
        t.size += 1;
        t.changed = true;
        topics.set(t.id, t);
        assignments.push({
          questionId: q.id,
          topicId: t.id,
          grouping: 'embedding',
          embedding: encodeVector(v),
        });
      } else {
        const topics = await topicsOf(q.guildId, 'keywords');
        const terms = keywordTerms(q.text);
        const t = nearestKeywordTopic(terms, topics.values(), KEYWORD_SIMILARITY) ?? {
          ...newTopic(q, 'keywords', '', now),
          terms,
        };
        t.size += 1;
        t.changed = true;
        topics.set(t.id, t);
        byKeywords++;
        assignments.push({ questionId: q.id, topicId: t.id, grouping: 'keywords', embedding: '' });
      }
    }
    const changed = [...topicsByGuild.values()].flatMap((m) => [...m.values()].filter((t) => t.changed));
    await store.insights.saveGrouping({
      assignments,
      topics: changed.map(({ sum, changed: _changed, before: _before, ...t }) => ({
        ...t,
        vectorSum: encodeVector(sum),
        updatedAt: now,
      })),
    });
    await relabel(
      store,
      changed.filter(needsLabel).map((t) => t.id),
      now,
    );
    if (embedderError !== undefined) {
      deps.log.warn(
        { err: embedderError, questions: byKeywords },
        'questions grouped by keywords: the embedding model could not be reached',
      );
    }
    return {
      grouped: assignments.length,
      byKeywords,
      ...(embedderError === undefined ? {} : { embedderError }),
    };
  } finally {
    await store.insights.releaseLease(LEASE_KEY, deps.owner).catch(() => {});
  }
}

/** A topic founded by `q`: its id is the question's, marked by method (a question regrouped by meaning founds another). */
function newTopic(q: StoredQuestion, method: 'embedding' | 'keywords', model: string, now: number): Working {
  return {
    id: `${method === 'keywords' ? 'k' : 'e'}${q.id}`,
    guildId: q.guildId,
    method,
    model,
    vectorSum: '',
    terms: [],
    size: 0,
    labelQuestionId: null,
    updatedAt: now,
    sum: new Float32Array(0),
    changed: true,
    before: 0,
  };
}

export interface Grouper {
  /** Groups at once (a question was just recorded) instead of at the next tick. */
  nudge(): void;
  /** No more steps; resolves when the one going (if any) has ended. */
  stop(): Promise<void>;
}

/**
 * Runs {@link groupStep} every `intervalMs`, and again at once while a step filled its batch (a
 * backlog is worked off in batches). A failing step (the store down) is logged and tried at the
 * next tick.
 */
export function startGrouper(
  deps: GrouperDeps & {
    intervalMs: number;
    /** Runs before each step (recording the questions the queue refused). */
    before?: () => Promise<void>;
  },
): Grouper {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  /** Runs a step in `ms`, unless one is due sooner (a stream of nudges never postpones it). */
  const schedule = (ms: number, sooner = false) => {
    if (stopped) return;
    const at = Date.now() + ms;
    if (sooner && at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      dueAt = Number.POSITIVE_INFINITY;
      tick();
    }, ms);
    timer.unref?.();
  };
  const tick = () => {
    if (running !== undefined || stopped) return;
    running = (async () => {
      let again = false;
      try {
        await deps.before?.();
        const step = await groupStep(deps);
        again = step.grouped >= (deps.batchSize ?? GROUP_BATCH) && step.embedderError === undefined;
      } catch (err) {
        deps.log.warn(
          { err: describeError(err) },
          'grouping questions into topics failed; trying again later',
        );
      } finally {
        running = undefined;
        schedule(again ? 0 : deps.intervalMs);
      }
    })();
  };
  schedule(Math.min(deps.intervalMs, 1_000));
  return {
    nudge: () => {
      // A step going now picks it up next (it reschedules itself when it ends).
      if (running === undefined) schedule(250, true);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
