import type { JobResult } from './abort';
import type { JobDeps, JobRun } from './deps';
import type { FeedbackPayload } from './payloads';

/**
 * A 👍 / 👎 press: the member's rating of that answer (a second press replaces theirs). The press
 * was already thanked ephemerally when it was acknowledged; an answer no longer stored (its guild
 * was forgotten) is not rated.
 */
export async function runFeedback(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { answerId, rating } = run.job.payload as unknown as FeedbackPayload;
  const answer = await deps.store.answers.get(answerId);
  if (answer === undefined || answer.guildId !== run.job.guildId) return 'unknown_answer';
  await deps.store.answers.rate(answerId, run.job.userId, rating, deps.clock.now());
  deps.metrics.feedback.inc({ rating: rating > 0 ? 'up' : 'down' });
  return rating > 0 ? 'rated_up' : 'rated_down';
}
