import { Ollama } from 'ollama';
import { AppError } from '../errors';
import { ollamaError } from './errors';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatResult {
  text: string;
  doneReason: string;
  /** The model's own time (load + prompt + generation), from Ollama's metrics. */
  modelMs: number;
  evalCount: number;
}

export interface ChatOptions {
  /** Called with the whole text so far after each streamed piece. */
  onText?: (textSoFar: string) => void;
  signal?: AbortSignal;
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
  maxTokens?: number;
  fetch?: typeof fetch;
}

/**
 * Chat through the `ollama` client, one client per call so that a call can be aborted on its own
 * (the client's `abort()` would stop every stream of an instance) while it still waits for headers.
 */
export function createOllamaChat(opts: OllamaChatOptions): ChatModel {
  const ctx = { host: opts.host, model: opts.model };
  const baseFetch = opts.fetch ?? fetch;
  return {
    model: opts.model,
    async chat(messages, { onText, signal } = {}) {
      const controller = new AbortController();
      const abortFromCaller = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', abortFromCaller, { once: true });
      if (signal?.aborted) controller.abort(signal.reason);
      const firstTokenError = new AppError(
        'OLLAMA_TIMEOUT',
        `Model ${opts.model} on ${opts.host} sent no token within ${opts.firstTokenTimeoutMs} ms.`,
        'The language model took too long to start answering. Please try again later.',
      );
      const firstTokenTimer = setTimeout(() => controller.abort(firstTokenError), opts.firstTokenTimeoutMs);
      const client = new Ollama({
        host: opts.host,
        fetch: (input, init) =>
          baseFetch(input, {
            ...init,
            signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal,
          }),
      });
      try {
        const parts = await client.chat({
          model: opts.model,
          messages,
          stream: true,
          keep_alive: '30m',
          options: { num_ctx: opts.numCtx, num_predict: opts.maxTokens ?? 1024, temperature: 0.2 },
        });
        let text = '';
        let doneReason = '';
        let modelMs = 0;
        let evalCount = 0;
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
          }
        }
        return { text, doneReason, modelMs, evalCount };
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
