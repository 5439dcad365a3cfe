import { describeError } from '../errors';
import { forgetMember } from '../forget';
import type { JobResult } from './abort';
import type { JobDeps, JobRun } from './deps';
import type { ForgetPayload } from './payloads';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * `/forget-me` confirmed by its member (the button checked that) or `/forget-me undo`: the member's
 * messages in this guild leave Chroma and the store, answers that used them are dropped, and an
 * opt-out keeps later runs from storing their messages; or the opt-out is lifted.
 */
export async function runForget(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const { action } = job.payload as unknown as ForgetPayload;
  let content: string;
  try {
    if (action === 'opt-in') {
      const was = await deps.store.members.optIn(job.userId, job.guildId);
      content = was
        ? "You're opted back in: messages you write from now on may be indexed again. Messages removed earlier stay removed."
        : "You weren't opted out in this server, so nothing changed.";
    } else {
      const { removed } = await forgetMember(
        { store: deps.store, vectors: deps.vectors },
        { userId: job.userId, guildId: job.guildId, at: deps.clock.now() },
      );
      content =
        `Done: ${fmt(removed)} message${removed === 1 ? '' : 's'} of yours ${removed === 1 ? 'was' : 'were'} removed from my index, ` +
        'with the answers that used them, and your future messages in this server will not be indexed. ' +
        'Changed your mind? `/forget-me undo:True` (only affects messages from then on).';
    }
  } catch (err) {
    deps.log.error({ interaction: job.id, err: describeError(err) }, 'forget failed');
    content =
      "I couldn't finish removing your messages right now (my database or search index is unavailable). Please try `/forget-me` again later.";
    await deps.replier.editOriginal(job.token, { content, components: [] });
    return 'forget_failed';
  }
  await deps.replier.editOriginal(job.token, { content, components: [] });
  return action === 'opt-in' ? 'opted_in' : 'forgotten';
}
