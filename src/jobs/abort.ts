import { answerText } from '../i18n/messages/answer';

/**
 * Why a worker stopped a job before it ended, as the abort reason of the job's signal: the job
 * decides from it what (if anything) it may still send.
 */

/** Another worker took the job over (this one stalled past its lease): send nothing more. */
export class LeaseLost extends Error {
  override name = 'LeaseLost';
}

/** The process is stopping gracefully: say so, and put the job back in line. */
export class ShuttingDown extends Error {
  override name = 'ShuttingDown';
}

/** What a job handler returns: its outcome (the job ends), or RELEASE (the job goes back in line). */
export const RELEASE = Symbol('release');
export type JobResult = string | typeof RELEASE;

/** In English; the asker reads it in their own language (answer catalogue, `restarting`). */
export const RESTARTING_NOTE = answerText.source.restarting;
