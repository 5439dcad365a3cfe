import { runHelpAction } from '../help/actions';
import { runHelp } from '../help/answer';
import { runSettings } from '../settings/job';
import type { JobResult } from './abort';
import { runAsk } from './ask';
import type { JobDeps, JobRun } from './deps';
import { runFeedback } from './feedback';
import { runForget } from './forget';
import { runStatus } from './status';

/** Does one job of any kind; see each kind's module. */
export function runJob(deps: JobDeps, run: JobRun): Promise<JobResult> {
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
  }
}
