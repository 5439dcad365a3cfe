import { defuseMassMentions } from '../discord/mentions';
import { AppError } from '../errors';
import type { Sentence } from '../i18n/catalogue';
import type { AnswerLanguage } from '../i18n/language';
import { answerText } from '../i18n/messages/answer';
import type { ChatModel } from '../llm/chat';
import { buildPrompt, citedNumbers, type PromptMessage, type Turn } from '../llm/prompt';
import { estimateDrift } from '../llm/tokens';
import type { Logger } from '../log';
import { acceptedFirst } from '../retrieval/accepted';
import { type RetrievalDeps, type Retrieved, retrieve, type Source } from '../retrieval/search';
import type { SearchScope } from '../store/types';

export interface PipelineDeps extends RetrievalDeps {
  chat: ChatModel;
  numCtx: number;
  log: Logger;
}

/** One question as the pipeline takes it: what to answer, where to look, what came before. */
export interface Question {
  /** The question as asked (what the model answers). */
  text: string;
  /** What retrieval searches for: the question, with the earlier question of a follow-up. */
  searchText: string;
  scope: SearchScope;
  /** Earlier turns of the conversation, oldest first (already checked against the asker's scope). */
  history?: Turn[];
  /** "Ask about this message": the message, shown to the model on its own. */
  target?: PromptMessage;
  /** Sources that come first whatever retrieval finds (the target's own conversation). */
  pinned?: Source[];
  channelName?: (id: string) => string | undefined;
  /** The language the model must answer in (i18n/language.ts answerLanguage). */
  language?: AnswerLanguage;
  /** The server's own guidance for answers (`/settings instructions`), '' or undefined for none. */
  guidance?: string | undefined;
  /** Messages never used as sources (a help post's own question). */
  excludeIds?: ReadonlySet<string> | undefined;
}

/** Why part of the answer path was unavailable, for the one line the answer says about it. */
export type Degradation = 'vector_unavailable' | 'embedding_unavailable' | 'vector_dimension_mismatch';

export type Answer =
  | { kind: 'nothing_found'; degraded?: Degradation | undefined }
  | {
      kind: 'answer';
      text: string;
      /** Every source given to the model, numbered from 1. */
      sources: Source[];
      /** The numbers the text cites (or every source when it cites none). */
      cited: number[];
      /** The answer stopped at its token budget (Ollama's `done_reason: "length"`): it says so in one line. */
      cutOff?: boolean;
      degraded?: Degradation | undefined;
    }
  | {
      /** The language model could not answer: the sources alone, with why. */
      kind: 'sources_only';
      /** Why the model is unavailable, in a few words for the user (English). */
      reason: string;
      /** The same in the catalogue, to be written in the asker's language. */
      why?: Sentence | undefined;
      sources: Source[];
      degraded?: Degradation | undefined;
    };

/** Ollama failures after which the answer is the retrieved messages alone, with why in a few words. */
const MODEL_UNAVAILABLE: Record<string, (model: string) => Sentence> = {
  OLLAMA_UNREACHABLE: () => answerText.sentence('modelUnreachable'),
  OLLAMA_MODEL_MISSING: (model) => answerText.sentence('modelMissing', { model }),
  OLLAMA_BUSY: () => answerText.sentence('modelBusy'),
  OLLAMA_TIMEOUT: () => answerText.sentence('modelTimeout'),
  OLLAMA_FAILED: () => answerText.sentence('modelFailed'),
  OLLAMA_INPUT_REJECTED: () => answerText.sentence('inputRejected'),
  OLLAMA_UNAUTHORIZED: () => answerText.sentence('modelUnauthorized'),
};

/**
 * Why a reasoning model gave no answer: it spent its whole token budget (`num_predict`, see
 * answerBudget in llm/prompt.ts) reasoning. Said plainly instead of "an empty answer". In English;
 * the asker reads it in their own language (answer catalogue, `reasoningSpentBudget`).
 */
export const REASONING_SPENT_BUDGET = answerText.source.reasoningSpentBudget;

/** How many retrieved messages a sources-only answer lists. */
const SOURCES_ONLY_LIMIT = 5;

/** Pinned conversations first, then those found that are not one of them (by conversation or by hit). */
function merge(pinned: Source[], found: Source[]): Source[] {
  const keys = new Set(pinned.map((s) => s.key));
  const shown = new Set(pinned.flatMap((s) => s.messages.map((m) => m.id)));
  return [...pinned, ...found.filter((s) => !keys.has(s.key) && !shown.has(s.hit.id))];
}

/**
 * Answers one question short of Discord: retrieve within the asker's scope (keyword search alone
 * when Chroma or the embedding model is down), and when something relevant was found, generate a
 * grounded answer; when the chat model cannot answer, the retrieved messages alone. `beforeGenerate`
 * sees the sources before the model runs (to choose where to stream); `onText` gets the text so far.
 * Rejects when `signal` aborts (timeout, shutdown) and on failures of the store.
 */
export async function answerQuestion(
  deps: PipelineDeps,
  q: Question,
  hooks: {
    /** Sees the sources, and what part of the search was unavailable, before the model runs. */
    beforeGenerate?: (sources: Source[], degraded: Degradation | undefined) => Promise<void>;
    onText?: (text: string) => void;
    /** The answer starts over on another Ollama host: the next `onText` replaces what was shown. */
    onRestart?: () => void;
    signal?: AbortSignal;
  } = {},
): Promise<Answer> {
  const found: Retrieved = await retrieve(deps, { question: q.searchText, scope: q.scope });
  // retrieve() logs why, when it degraded.
  const degraded = found.degraded?.reason;
  const excluded = q.excludeIds;
  const kept =
    excluded === undefined ? found.sources : found.sources.filter((s) => !excluded.has(s.message.id));
  // Answers accepted in help channels lead (issue 19).
  const sources = merge(q.pinned ?? [], await acceptedFirst(deps, q.scope, kept));
  if (sources.length === 0) return { kind: 'nothing_found', degraded };
  const prompt = buildPrompt({
    question: q.text,
    sources,
    ...(q.history && q.history.length > 0 ? { history: q.history } : {}),
    ...(q.target ? { target: q.target } : {}),
    model: deps.chat.model,
    numCtx: deps.numCtx,
    reasoning: deps.chat.thinks === true,
    ...(q.channelName ? { channelName: q.channelName } : {}),
    ...(q.language ? { language: q.language } : {}),
    ...(q.guidance ? { guidance: q.guidance } : {}),
  });
  await hooks.beforeGenerate?.(prompt.sources, degraded);
  /** The answer when the model gave none: the most relevant messages, under `why`. */
  const sourcesOnly = (why: Sentence): Answer => ({
    kind: 'sources_only',
    reason: why.format('en-US'),
    why,
    sources: prompt.sources.slice(0, SOURCES_ONLY_LIMIT),
    degraded,
  });
  try {
    const result = await deps.chat.chat(prompt.messages, {
      numPredict: prompt.numPredict,
      ...(hooks.onText ? { onText: hooks.onText } : {}),
      ...(hooks.onRestart ? { onRestart: hooks.onRestart } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    const drift = estimateDrift(prompt.promptTokens, result.promptEvalCount);
    if (drift !== undefined) {
      deps.log[drift.underCounted ? 'warn' : 'debug'](
        { tokenizer: prompt.tokenizer, ...drift },
        drift.underCounted ? 'prompt estimate was below the real count' : 'prompt tokens',
      );
    }
    const cutOff = result.doneReason === 'length';
    const text = defuseMassMentions(result.text.trim());
    if (text === '') {
      // Nothing to show but the sources: say why, plainly (a reasoning model that spent its budget).
      deps.log.warn(
        { doneReason: result.doneReason, reasoned: result.reasoned, evalCount: result.evalCount },
        'the chat model wrote no answer; answering with the sources alone',
      );
      return sourcesOnly(
        answerText.sentence(cutOff && result.reasoned ? 'reasoningSpentBudget' : 'modelWroteNothing'),
      );
    }
    if (cutOff) {
      deps.log.info(
        { numPredict: prompt.numPredict, evalCount: result.evalCount, reasoned: result.reasoned },
        'the answer was cut off at its token budget',
      );
    }
    const cited = citedNumbers(text, prompt.sources.length);
    return {
      kind: 'answer',
      text,
      sources: prompt.sources,
      cited: cited.length > 0 ? cited : prompt.sources.map((_, i) => i + 1),
      ...(cutOff ? { cutOff } : {}),
      degraded,
    };
  } catch (err) {
    const why = err instanceof AppError ? MODEL_UNAVAILABLE[err.code] : undefined;
    if (hooks.signal?.aborted || why === undefined || !(err instanceof AppError)) throw err;
    deps.log.warn(
      { code: err.code, err: err.message },
      'chat model unavailable; answering with the sources alone',
    );
    return sourcesOnly(why(deps.chat.model));
  }
}
