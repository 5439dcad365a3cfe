import type { AnswerCache } from '../answering/cache';
import type { PipelineDeps } from '../answering/pipeline';
import type { Clock } from '../async';
import type { GuildDirectory } from '../discord/guild-directory';
import type { InteractionReplier } from '../discord/replies';
import type { HealthDeps } from '../health';
import type { HelpDeps } from '../help/deps';
import type { OllamaPool } from '../llm/hosts';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { AdmissionPolicy, Job, JobQueue, JobState } from '../queue/types';
import type { Store } from '../store/types';
import type { VectorIndex } from '../vector/store';

/** Everything a worker needs to do any job: the peers, the store and queue, and the clock. */
export interface JobDeps {
  store: Store;
  queue: JobQueue;
  policy: AdmissionPolicy;
  replier: InteractionReplier;
  directory: GuildDirectory;
  pipeline: PipelineDeps;
  vectors: VectorIndex;
  ollama: OllamaPool;
  health: HealthDeps;
  cache: AnswerCache;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  /** ANSWER_TIMEOUT_MS: the longest one answer may take (the token's own deadline may cut it shorter). */
  answerTimeoutMs: number;
  /** Help channels, settings and hand-offs (issue 19). */
  help: HelpDeps;
  /** Insights (issue 21): told when a question was recorded (its topic is found soon after). */
  insights?: { recorded(): void } | undefined;
}

/** One job being worked on: it, its abort signal (shutdown, lost lease), and its saved progress. */
export interface JobRun {
  job: Job;
  signal: AbortSignal;
  /** Saves delivery progress durably, for a second attempt after a crash. */
  saveState(state: JobState): Promise<void>;
}

/** Time kept before the token dies for a last edit that says what happened. */
export const FINAL_EDIT_MARGIN_MS = 30_000;
/** Below this much time left, an answer is not started: the member is told to ask again. */
export const MIN_ANSWER_MS = 15_000;
