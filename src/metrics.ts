import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

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
    feedback: new Counter({
      name: 'askbot_feedback_total',
      help: 'Ratings of answers (👍 up, 👎 down)',
      labelNames: ['rating'] as const,
      registers,
    }),
    queueOldestWait: new Gauge({
      name: 'askbot_queue_oldest_wait_seconds',
      help: 'How long the oldest waiting question has waited',
      registers,
    }),
    queueExpectedWait: new Gauge({
      name: 'askbot_queue_expected_wait_seconds',
      help: 'How long a new question would wait now (from measured answer times and live workers)',
      registers,
    }),
    workers: new Gauge({
      name: 'askbot_workers',
      help: 'Answer workers alive, and their answer slots',
      labelNames: ['state'] as const,
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
    // Help channels (issue 19).
    watchPolls: new Counter({
      name: 'askbot_watch_polls_total',
      help: 'Polls of watched help channels (one Discord request each), by kind (forums, channel) and result',
      labelNames: ['kind', 'result'] as const,
      registers,
    }),
    helpPostsOffered: new Counter({
      name: 'askbot_help_posts_offered_total',
      help: 'Help posts found by the watcher and queued for an answer (a post found again is not counted)',
      registers,
    }),
    helpOutcomes: new Counter({
      name: 'askbot_help_posts_total',
      help: 'Help posts handled, by status (answered, left, skipped, failed) and outcome',
      labelNames: ['status', 'outcome'] as const,
      registers,
    }),
    helpHandOffs: new Counter({
      name: 'askbot_help_handoffs_total',
      help: 'Posts handed to the helpers with "Ask a human"',
      registers,
    }),
    // Insights (issue 21).
    questionsRecorded: new Counter({
      name: 'askbot_questions_recorded_total',
      help: 'Questions recorded for insights, by kind (ask, follow_up, message, help) and outcome',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    insightsDigests: new Counter({
      name: 'askbot_insights_digests_total',
      help: 'Weekly insights digests, by result (sent, failed)',
      labelNames: ['result'] as const,
      registers,
    }),
    helpSolved: new Counter({
      name: 'askbot_help_solved_total',
      help: 'Posts marked solved, by whose answer was accepted (bot, member)',
      labelNames: ['by'] as const,
      registers,
    }),
    helpPosts: new Gauge({
      name: 'askbot_help_posts',
      help: 'Help posts of the last 30 days (all guilds, from the database): watched, answered, left to humans, handed off, solved',
      labelNames: ['state'] as const,
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

/**
 * This registry's metrics merged with those of other threads of the process (prom-client JSON from
 * `registry.getMetricsAsJSON()`), summed by name and labels, as Prometheus text.
 */
export async function aggregatedMetrics(
  metrics: Metrics,
  others: unknown[][],
): Promise<{ contentType: string; text: string }> {
  if (others.length === 0)
    return { contentType: metrics.registry.contentType, text: await metrics.registry.metrics() };
  const all = [await metrics.registry.getMetricsAsJSON(), ...others] as Parameters<
    typeof AggregatorRegistry.aggregate
  >[0];
  const merged = AggregatorRegistry.aggregate(all);
  return { contentType: merged.contentType, text: await merged.metrics() };
}
