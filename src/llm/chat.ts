import { Ollama } from 'ollama';
import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { peerAddress } from '../net/url-credentials';
import { ollamaError } from './errors';
import { withJsonErrors } from './ollama';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatResult {
  text: string;
  doneReason: string;
  /** The model's own time (load + prompt + generation), from Ollama's metrics. */
  modelMs: number;
  /** Tokens generated. */
  evalCount: number;
  /**
   * Prompt tokens Ollama evaluated (`prompt_eval_count`), to compare with the prompt's estimate;
   * lower than the prompt when Ollama reused a cached prefix, undefined when it reported none.
   */
  promptEvalCount?: number;
}

export interface ChatOptions {
  /** Called with the whole text so far after each streamed piece. */
  onText?: (textSoFar: string) => void;
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
  chat(messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult>;
}

export interface OllamaChatOptions {
  host: string;
  model: string;
  numCtx: number;
  /** Ollama sends nothing (not even headers) until the first token: this bounds that wait. */
  firstTokenTimeoutMs: number;
  /** `num_predict` when a call passes none (default 1024, capped at `numCtx`). */
  maxTokens?: number;
  fetch?: typeof fetch;
}

/**
 * Chat through the `ollama` client, one client per call so that a call can be aborted on its own
 * (the client's `abort()` would stop every stream of an instance) while it still waits for headers.
 * Sends `num_ctx` and a `num_predict` within it; returns Ollama's metrics with the text.
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function createOllamaChat(opts: OllamaChatOptions): ChatModel {
  const peer = peerAddress(opts.host);
  const ctx = { host: peer.url, model: opts.model };
  const baseFetch = opts.fetch ?? fetch;
  return {
    model: opts.model,
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
      const firstTokenTimer = setTimeout(() => controller.abort(firstTokenError), opts.firstTokenTimeoutMs);
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
      try {
        const parts = await client.chat({
          model: opts.model,
          messages,
          stream: true,
          keep_alive: '30m',
          options: {
            num_ctx: opts.numCtx,
            num_predict: predictWithin(numPredict ?? opts.maxTokens ?? 1024, opts.numCtx),
            temperature: 0.2,
          },
        });
        let text = '';
        let doneReason = '';
        let modelMs = 0;
        let evalCount = 0;
        let promptEvalCount: number | undefined;
        for await (const part of parts) {
          if (part.message?.content) {
            clearTimeout(firstTokenTimer);
            text += part.message.content;
            onText?.(text);
          }
          if (part.done) {
            doneReason = part.done_reason ?? '';
            modelMs = (part.total_duration ?? 0) / 1e6;
            evalCount = part.eval_count ?? 0;
            // Omitted when zero (Go omitempty), so a missing count stays undefined.
            if (part.prompt_eval_count) promptEvalCount = part.prompt_eval_count;
          }
        }
        return {
          text,
          doneReason,
          modelMs,
          evalCount,
          ...(promptEvalCount === undefined ? {} : { promptEvalCount }),
        };
      } catch (err) {
        if (controller.signal.aborted && controller.signal.reason instanceof AppError)
          throw controller.signal.reason;
        throw ollamaError(err, ctx);
      } finally {
        clearTimeout(firstTokenTimer);
        signal?.removeEventListener('abort', abortFromCaller);
      }
    },
  };
}
