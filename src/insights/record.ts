/**
 * What each answer path records about a question (issue 21): its kind, its outcome, the sources
 * the answer was built from. Recording never fails an answer: a store error is logged.
 */
import type { Answer } from '../answering/pipeline';
import { describeError } from '../errors';
import type { AskPayload } from '../jobs/payloads';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { QuestionKind, QuestionOutcome, QuestionRecord, Store } from '../store/types';

/** The outcome of an answer the pipeline produced. */
export interface OutcomeOf {
  outcome: QuestionOutcome;
  detail: string;
}

/**
 * The outcome of an answer: `nothing_found`; `degraded` when it was built from the keyword search
 * alone (Chroma or the embedding model down) or is the sources alone (the chat model unavailable);
 * `cut_off` when the model stopped at its token budget (Ollama's `done_reason: "length"`: pass
 * `{ cutOff: true }`, or an answer carrying `doneReason: 'length'` is read as such); else `answered`.
 */
export function outcomeOf(answer: Answer, opts: { cutOff?: boolean } = {}): OutcomeOf {
  if (answer.kind === 'nothing_found') return { outcome: 'nothing_found', detail: answer.degraded ?? '' };
  if (answer.kind === 'sources_only') return { outcome: 'degraded', detail: 'model_unavailable' };
  const cutOff = opts.cutOff ?? (answer as { doneReason?: unknown }).doneReason === 'length';
  if (cutOff) return { outcome: 'cut_off', detail: answer.degraded ?? '' };
  if (answer.degraded !== undefined) return { outcome: 'degraded', detail: 'keywords_only' };
  return { outcome: 'answered', detail: '' };
}

/** The messages an answer was built from, with their channels; those its text cites marked. */
export function sourcesOf(answer: Answer): QuestionRecord['sources'] {
  if (answer.kind === 'nothing_found') return [];
  const cited = answer.kind === 'answer' ? new Set(answer.cited) : undefined;
  return answer.sources.map((s, i) => ({
    messageId: s.message.id,
    channelId: s.message.channelId,
    cited: cited === undefined || cited.has(i + 1),
  }));
}

/** `/ask`, a follow-up, or "Ask about this message". */
export function kindOf(p: Pick<AskPayload, 'target' | 'parentAnswerId'>): QuestionKind {
  if (p.target !== undefined) return 'message';
  return p.parentAnswerId === undefined ? 'ask' : 'follow_up';
}

/** The record of an asked question (`/ask`, follow-up, message command) and what became of it. */
export function askedQuestion(
  job: { id: string; guildId: string; userId: string; receivedAt: number },
  p: AskPayload,
  what: Answer | { failed: string },
): QuestionRecord {
  const ended = 'failed' in what ? { outcome: 'failed' as const, detail: what.failed } : outcomeOf(what);
  return {
    id: job.id,
    guildId: job.guildId,
    channelId: p.channelId,
    userId: job.userId,
    kind: kindOf(p),
    // "Ask about this message" is answered for the asker alone: private like `private: true`.
    private: p.ephemeral,
    // The message command's question is the bot's own sentence: the target's words say what was asked about.
    text: p.target === undefined ? p.question : p.target.content || p.question,
    ...ended,
    askedAt: job.receivedAt,
    sources: 'failed' in what ? [] : sourcesOf(what),
  };
}

/** Records a question; a store failure is logged, never thrown (the answer matters more). */
export async function recordQuestion(
  deps: { store: Store; log: Logger; metrics?: Metrics; insights?: { recorded(): void } | undefined },
  q: QuestionRecord,
): Promise<void> {
  try {
    await deps.store.insights.record(q);
    deps.metrics?.questionsRecorded.inc({ kind: q.kind, outcome: q.outcome });
    deps.insights?.recorded();
  } catch (err) {
    deps.log.warn({ question: q.id, err: describeError(err) }, 'could not record the question for insights');
  }
}

/**
 * A question the queue refused at the acknowledgement (busy, or the member's limit), as the queue
 * kept it beside its jobs; recorded by a worker later, off the acknowledgement path.
 */
export function refusedQuestion(r: {
  id: string;
  guildId: string;
  userId: string;
  payload: Record<string, unknown>;
  receivedAt: number;
  reason: string;
}): QuestionRecord {
  const p = r.payload as unknown as AskPayload;
  return {
    id: r.id,
    guildId: r.guildId,
    channelId: typeof p.channelId === 'string' ? p.channelId : '',
    userId: r.userId,
    kind: kindOf(p),
    private: p.ephemeral === true,
    text: p.target === undefined ? String(p.question ?? '') : p.target.content || String(p.question ?? ''),
    outcome: 'busy',
    detail: r.reason,
    askedAt: r.receivedAt,
    sources: [],
  };
}
