import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process, on their own registry (so tests can build several apps). */
export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry, prefix: 'askbot_' });
  const registers = [registry];
  return {
    registry,
    interactions: new Counter({
      name: 'askbot_interactions_total',
      help: 'Interactions received, by type and outcome of the first answer',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'askbot_interaction_ack_seconds',
      help: 'Time from request to the first (acknowledging) response',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers,
    }),
    answers: new Counter({
      name: 'askbot_answers_total',
      help: '/ask outcomes: answered, cached, nothing_found, or the error code',
      labelNames: ['outcome'] as const,
      registers,
    }),
    answerSeconds: new Histogram({
      name: 'askbot_answer_seconds',
      help: 'Time from the interaction to the final edit of a successful answer',
      buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'askbot_queue_depth',
      help: 'Questions waiting for a free model slot',
      registers,
    }),
    activeAnswers: new Gauge({
      name: 'askbot_answers_active',
      help: 'Questions being answered now',
      registers,
    }),
    cacheLookups: new Counter({
      name: 'askbot_cache_lookups_total',
      help: 'Answer cache lookups by result',
      labelNames: ['result'] as const,
      registers,
    }),
    dependencySeconds: new Histogram({
      name: 'askbot_dependency_call_seconds',
      help: 'Latency of calls to Ollama and Chroma',
      labelNames: ['dependency', 'operation'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    dependencyErrors: new Counter({
      name: 'askbot_dependency_errors_total',
      help: 'Failed calls to Ollama and Chroma',
      labelNames: ['dependency', 'operation'] as const,
      registers,
    }),
    indexRuns: new Counter({
      name: 'askbot_index_runs_total',
      help: 'Indexer runs by result',
      labelNames: ['status'] as const,
      registers,
    }),
    messagesIndexed: new Counter({
      name: 'askbot_messages_indexed_total',
      help: 'Messages stored by the indexer, by change',
      labelNames: ['change'] as const,
      registers,
    }),
    messagesStored: new Gauge({
      name: 'askbot_messages_stored',
      help: 'Live, non-empty messages in the store (all guilds)',
      registers,
    }),
    lastIndexRun: new Gauge({
      name: 'askbot_index_last_run_timestamp_seconds',
      help: 'When the last indexer run finished',
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Times a dependency call into the latency histogram and counts its failures. */
export async function timed<T>(
  metrics: Metrics,
  dependency: 'ollama' | 'chroma',
  operation: string,
  f: () => Promise<T>,
): Promise<T> {
  const end = metrics.dependencySeconds.startTimer({ dependency, operation });
  try {
    return await f();
  } catch (err) {
    metrics.dependencyErrors.inc({ dependency, operation });
    throw err;
  } finally {
    end();
  }
}
