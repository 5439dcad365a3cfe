/**
 * The `insights` job (quick lane): reads the report of the period from the store and edits the
 * deferred reply (or, for a page button, the message the button is on) with the page asked for.
 */
import { describeError } from '../errors';
import { insightsText } from '../i18n/messages/insights';
import type { JobResult } from '../jobs/abort';
import type { JobDeps, JobRun } from '../jobs/deps';
import type { InsightsPayload } from './command';
import { buildReport } from './report';
import { insightsContent, pageButtons, pageCount } from './view';

/** Builds the report and shows the page; a store failure is said in one sentence. */
export async function runInsights(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const p = job.payload as unknown as InsightsPayload & { locale?: string };
  const started = deps.clock.now();
  try {
    const report = await buildReport(deps.store, job.guildId, p.days, started);
    const page = Math.min(Math.max(0, Math.floor(p.page)), pageCount(report) - 1);
    await deps.replier.editOriginal(job.token, {
      content: insightsContent(report, page, p.locale),
      components: pageButtons(report, page, p.locale),
    });
    deps.log.info(
      {
        interaction: job.id,
        guild: job.guildId,
        days: p.days,
        page,
        questions: report.total,
        ms: deps.clock.now() - started,
      },
      'insights shown',
    );
    return 'shown';
  } catch (err) {
    deps.log.error({ interaction: job.id, guild: job.guildId, err: describeError(err) }, 'insights failed');
    await deps.replier.editOriginal(job.token, {
      content: insightsText.format(p.locale, 'failed'),
      components: [],
    });
    return 'failed';
  }
}
