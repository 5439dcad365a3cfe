import { describeError } from '../errors';
import { forgetMember } from '../forget';
import { forgetText } from '../i18n/messages/forget';
import type { JobResult } from './abort';
import type { JobDeps, JobRun } from './deps';
import type { ForgetPayload } from './payloads';

/**
 * `/forget-me` confirmed by its member (the button checked that) or `/forget-me undo`: the member's
 * messages in this guild leave Chroma and the store, answers that used them are dropped, and an
 * opt-out keeps later runs from storing their messages; or the opt-out is lifted.
 */
export async function runForget(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const { action, locale } = job.payload as unknown as ForgetPayload;
  const t = forgetText.for(locale);
  let content: string;
  try {
    if (action === 'opt-in') {
      const was = await deps.store.members.optIn(job.userId, job.guildId);
      content = t(was ? 'optedIn' : 'notOptedOut');
    } else {
      const { removed } = await forgetMember(
        { store: deps.store, vectors: deps.vectors },
        { userId: job.userId, guildId: job.guildId, at: deps.clock.now() },
      );
      content = t('done', { removed });
    }
  } catch (err) {
    deps.log.error({ interaction: job.id, err: describeError(err) }, 'forget failed');
    content = t('failed');
    await deps.replier.editOriginal(job.token, { content, components: [] });
    return 'forget_failed';
  }
  await deps.replier.editOriginal(job.token, { content, components: [] });
  return action === 'opt-in' ? 'opted_in' : 'forgotten';
}
