import { defuseMassMentions } from '../discord/mentions';
import { type RetrievalDeps, retrieve, type Source } from '../retrieval/search';
import type { ChatModel } from './chat';
import { buildPrompt, citedNumbers } from './prompt';

export interface AnswerDeps extends RetrievalDeps {
  chat: ChatModel;
  numCtx: number;
}

export interface AnswerRequest {
  question: string;
  guildId: string;
  /** Channels (and threads) the asker may read. */
  channelIds: string[];
  channelName?: (id: string) => string | undefined;
}

export type Answer =
  | { kind: 'nothing_found' }
  | {
      kind: 'answer';
      text: string;
      /** Every source given to the model, numbered from 1. */
      sources: Source[];
      /** The numbers the text cites (or every source when it cites none). */
      cited: number[];
      modelMs: number;
    };

/**
 * The whole /ask pipeline short of Discord: retrieve, and when something relevant was found,
 * generate a grounded answer. `beforeGenerate` sees the sources before the model runs (to choose
 * where to stream); `onText` receives the text so far.
 */
export async function answerQuestion(
  deps: AnswerDeps,
  req: AnswerRequest,
  hooks: {
    beforeGenerate?: (sources: Source[]) => Promise<void>;
    onText?: (text: string) => void;
    signal?: AbortSignal;
  } = {},
): Promise<Answer> {
  const found = await retrieve(deps, req);
  if (found.length === 0) return { kind: 'nothing_found' };
  const prompt = buildPrompt({
    question: req.question,
    sources: found,
    model: deps.chat.model,
    numCtx: deps.numCtx,
    ...(req.channelName ? { channelName: req.channelName } : {}),
  });
  await hooks.beforeGenerate?.(prompt.sources);
  const result = await deps.chat.chat(prompt.messages, {
    numPredict: prompt.numPredict,
    ...(hooks.onText ? { onText: hooks.onText } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  });
  const text = defuseMassMentions(result.text.trim()) || 'The model returned an empty answer.';
  const cited = citedNumbers(text, prompt.sources.length);
  return {
    kind: 'answer',
    text,
    sources: prompt.sources,
    cited: cited.length > 0 ? cited : prompt.sources.map((_, i) => i + 1),
    modelMs: result.modelMs,
  };
}
