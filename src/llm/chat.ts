import { Ollama } from 'ollama';
import type { KeepAlive, ThinkSetting } from '../config';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { peerAddress } from '../net/url-credentials';
import { ollamaError } from './errors';
import { withJsonErrors } from './ollama';
import {
  isThinkUnsupported,
  isThinkValueRefused,
  type ThinkValue,
  takesThinkLevels,
  thinkValueFor,
  visibleContent,
} from './reasoning';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatResult {
  /** The answer, without any reasoning. */
  text: string;
  /** Ollama's `done_reason`: `stop`, or `length` when the answer hit `num_predict` (or the context). */
  doneReason: string;
  /** The model reasoned before or while answering (`message.thinking`, or an inline `<think>` block). */
  reasoned: boolean;
  /** The model's own time (load + prompt + generation), from Ollama's metrics. */
  modelMs: number;
  /** Tokens generated, reasoning included. */
  evalCount: number;
  /**
   * Prompt tokens Ollama evaluated (`prompt_eval_count`), to compare with the prompt's estimate;
   * lower than the prompt when Ollama reused a cached prefix, undefined when it reported none.
   */
  promptEvalCount?: number;
}

export interface ChatOptions {
  /** Called with the whole answer so far (never reasoning) after each streamed piece. */
  onText?: (textSoFar: string) => void;
  /**
   * Called when the answer starts over on another host after text had reached `onText` (the
   * first host failed mid-stream): the next `onText` is the new answer from its beginning.
   */
  onRestart?: () => void;
  signal?: AbortSignal;
  /**
   * The reply's budget in tokens (`num_predict`), as `buildPrompt` computed it so that prompt +
   * reply fit `num_ctx`; capped at `num_ctx`. Default: the chat's `maxTokens`.
   */
  numPredict?: number;
}

/** `num_predict` as a whole number of tokens in 1..numCtx (Ollama reads -1 as "until the context ends"). */
export function predictWithin(numPredict: number, numCtx: number): number {
  return Math.max(1, Math.min(Math.floor(numPredict), numCtx));
}

/** Streams one answer from a chat model. */
export interface ChatModel {
  readonly model: string;
  /** Whether answers may reason first (OLLAMA_THINK), for the answer budget. */
  readonly thinks?: boolean;
  chat(messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult>;
}

export interface OllamaChatOptions {
  host: string;
  model: string;
  numCtx: number;
  /** Ollama sends nothing (not even headers) until the first token: this bounds that wait. */
  firstTokenTimeoutMs: number;
  /** Longest silence between two streamed pieces, reasoning included (default 30 s). */
  stallTimeoutMs?: number;
  /** `num_predict` when a call passes none (default 1024, capped at `numCtx`). */
  maxTokens?: number;
  /** OLLAMA_THINK (default false). */
  think?: ThinkSetting;
  /** OLLAMA_KEEP_ALIVE (default 30m). */
  keepAlive?: KeepAlive;
  fetch?: typeof fetch;
}

/**
 * Chat through the `ollama` client, one client per call so that a call can be aborted on its own
 * (the client's `abort()` would stop every stream of an instance) while it still waits for headers.
 * Sends `num_ctx`, a `num_predict` within it, `keep_alive` and `think` (see reasoning.ts); a model
 * that refuses `think` is asked again without it, and not sent it again. Reasoning
 * (`message.thinking`, or an inline `<think>` block) never reaches `onText`, but it is progress:
 * it ends the first-token wait and keeps the stall deadline from firing. Returns Ollama's metrics
 * with the text.
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function createOllamaChat(opts: OllamaChatOptions): ChatModel {
  const peer = peerAddress(opts.host);
  const ctx = { host: peer.url, model: opts.model };
  const baseFetch = opts.fetch ?? fetch;
  const stallMs = opts.stallTimeoutMs ?? 30_000;
  const setting = opts.think ?? false;
  // Learnt from Ollama's refusals: the model cannot reason (send no `think`), or takes no levels.
  let think: ThinkValue | undefined = thinkValueFor(setting, opts.model);
  return {
    model: opts.model,
    thinks: setting !== false || takesThinkLevels(opts.model),
    async chat(messages, { onText, signal, numPredict } = {}) {
      const controller = new AbortController();
      const abortFromCaller = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', abortFromCaller, { once: true });
      if (signal?.aborted) controller.abort(signal.reason);
      const firstTokenError = new AppError(
        'OLLAMA_TIMEOUT',
        `Model ${opts.model} on ${peer.url} sent no token within ${opts.firstTokenTimeoutMs} ms.`,
        errorText.sentence('ollamaFirstToken'),
      );
      const stallError = new AppError(
        'OLLAMA_TIMEOUT',
        `Model ${opts.model} on ${peer.url} sent nothing for ${stallMs} ms in the middle of an answer.`,
        errorText.sentence('ollamaStalled'),
      );
      let timer = setTimeout(() => controller.abort(firstTokenError), opts.firstTokenTimeoutMs);
      /** A piece arrived (answer or reasoning): the next must come within the stall deadline. */
      const progress = () => {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(stallError), stallMs);
      };
      const client = new Ollama({
        host: peer.url,
        headers: peer.headers,
        fetch: withJsonErrors((input, init) =>
          baseFetch(input, {
            ...init,
            signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal,
          }),
        ),
      });
      const request = () =>
        client.chat({
          model: opts.model,
          messages,
          stream: true,
          keep_alive: opts.keepAlive ?? '30m',
          ...(think === undefined ? {} : { think }),
          options: {
            num_ctx: opts.numCtx,
            num_predict: predictWithin(numPredict ?? opts.maxTokens ?? 1024, opts.numCtx),
            temperature: 0.2,
          },
        });
      try {
        let parts: Awaited<ReturnType<typeof request>>;
        try {
          parts = await request();
        } catch (err) {
          // A model that cannot reason refuses `think`; a toggle model refuses a level: ask again.
          const refusal = refusedThink(err);
          if (refusal === undefined || controller.signal.aborted) throw err;
          think = refusal === 'unsupported' ? undefined : typeof think === 'string' ? think !== 'low' : think;
          parts = await request();
        }
        let raw = '';
        let shown = '';
        let reasoned = false;
        let doneReason = '';
        let modelMs = 0;
        let evalCount = 0;
        let promptEvalCount: number | undefined;
        for await (const part of parts) {
          const content = part.message?.content ?? '';
          if (part.message?.thinking) {
            reasoned = true;
            progress();
          }
          if (content) {
            progress();
            raw += content;
            const visible = visibleContent(raw);
            if (visible.reasoning) reasoned = true;
            if (visible.text !== shown) {
              shown = visible.text;
              if (shown.trim() !== '') onText?.(shown);
            }
          }
          if (part.done) {
            doneReason = part.done_reason ?? '';
            modelMs = (part.total_duration ?? 0) / 1e6;
            evalCount = part.eval_count ?? 0;
            // Omitted when zero (Go omitempty), so a missing count stays undefined.
            if (part.prompt_eval_count) promptEvalCount = part.prompt_eval_count;
          }
        }
        // A stream that ended inside `<think>` (the budget ran out while reasoning) has no answer.
        return {
          text: visibleContent(raw).text,
          doneReason,
          reasoned,
          modelMs,
          evalCount,
          ...(promptEvalCount === undefined ? {} : { promptEvalCount }),
        };
      } catch (err) {
        if (controller.signal.aborted && controller.signal.reason instanceof AppError)
          throw controller.signal.reason;
        throw ollamaError(err, ctx);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abortFromCaller);
      }
    },
  };
}

/** Which of Ollama's `think` refusals `err` is (a 400 before the stream), if any. */
function refusedThink(err: unknown): 'unsupported' | 'value' | undefined {
  const status =
    typeof err === 'object' && err !== null && 'status_code' in err ? err.status_code : undefined;
  const message = err instanceof Error ? err.message : '';
  if (status !== 400) return undefined;
  if (isThinkUnsupported(message)) return 'unsupported';
  return isThinkValueRefused(message) ? 'value' : undefined;
}
