import { replyGoneOf } from '../discord/token-guard';
import { runHelpAction } from '../help/actions';
import { runHelp } from '../help/answer';
import { runInsights } from '../insights/job';
import { runSettings } from '../settings/job';
import type { JobResult } from './abort';
import { runAsk } from './ask';
import type { JobDeps, JobRun } from './deps';
import { runFeedback } from './feedback';
import { runForget } from './forget';
import { runStatus } from './status';

/**
 * Does one job of any kind; see each kind's module. A reply that is gone (the member deleted it,
 * or Discord no longer knows the token) ends any job quietly, with that as its outcome.
 */
export async function runJob(deps: JobDeps, run: JobRun): Promise<JobResult> {
  try {
    return await runKind(deps, run);
  } catch (err) {
    const gone = replyGoneOf(err);
    if (gone === undefined) throw err;
    deps.log.info(
      { interaction: run.job.id, kind: run.job.kind, outcome: gone.reason, reason: gone.message },
      'the reply is gone; the job stopped quietly',
    );
    return gone.reason;
  }
}

function runKind(deps: JobDeps, run: JobRun): Promise<JobResult> {
  switch (run.job.kind) {
    case 'ask':
      return runAsk(deps, run);
    case 'status':
      return runStatus(deps, run);
    case 'feedback':
      return runFeedback(deps, run);
    case 'forget':
      return runForget(deps, run);
    case 'help':
      return runHelp(deps, run);
    case 'help-action':
      return runHelpAction(deps, run);
    case 'settings':
      return runSettings(deps, run);
    case 'insights':
      return runInsights(deps, run);
  }
}
