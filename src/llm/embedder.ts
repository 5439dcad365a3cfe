import type { Ollama } from 'ollama';
import type { KeepAlive } from '../config';
import { cutToLength } from '../text/cut';
import { isInputRejected, ollamaError } from './errors';

/** `plain`: no task prefix (questions compared with each other, insights' topics). */
export type EmbedKind = 'document' | 'query' | 'plain';

/** Turns texts into vectors with one embedding model. */
export interface Embedder {
  readonly model: string;
  /**
   * One vector per text, in order. Rejects with an AppError; `OLLAMA_INPUT_REJECTED` when the
   * model refused one of the texts as too long (the whole batch fails: isolate and shorten it).
   */
  embed(texts: string[], kind: EmbedKind): Promise<number[][]>;
}

/**
 * Runs `attempt` on `text`, then on its first half, quarter, … (cut on a grapheme boundary) while
 * the embedding model refuses it as longer than its context (`OLLAMA_INPUT_REJECTED`, Ollama
 * 0.13.5+): the result for the longest prefix it accepts, and that prefix's length in UTF-16 units.
 * Rejects with the last refusal when nothing but white space is left, or at once with any other error.
 */
export async function withLongestAcceptedPrefix<T>(
  text: string,
  attempt: (prefix: string) => Promise<T>,
): Promise<{ value: T; length: number }> {
  let prefix = text;
  for (;;) {
    try {
      return { value: await attempt(prefix), length: prefix.length };
    } catch (err) {
      const shorter = cutToLength(prefix, Math.floor(prefix.length / 2));
      if (!isInputRejected(err) || shorter.trim() === '') throw err;
      prefix = shorter;
    }
  }
}

/**
 * nomic-embed-text is trained with task prefixes; without them retrieval quality drops noticeably.
 * Other models get the text as it is.
 */
export function withTaskPrefix(model: string, text: string, kind: EmbedKind): string {
  if (kind === 'plain' || !/nomic-embed/i.test(model)) return text;
  return `${kind === 'query' ? 'search_query' : 'search_document'}: ${text}`;
}

/**
 * Long texts are cut (on a grapheme boundary) before embedding: older Ollama truncates to the
 * context anyway, and a shorter request is cheaper. Newer Ollama refuses an over-long input
 * instead (ollama/ollama#14186): that is `OLLAMA_INPUT_REJECTED`, for the caller to handle.
 */
const MAX_EMBED_UNITS = 6000;

/**
 * An Embedder over Ollama's `POST /api/embed` (`truncate: true`, nomic task prefixes added,
 * `keep_alive` as OLLAMA_KEEP_ALIVE says).
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings
 */
export function createOllamaEmbedder(
  client: Ollama,
  opts: { host: string; model: string; keepAlive?: KeepAlive },
): Embedder {
  return {
    model: opts.model,
    async embed(texts, kind) {
      if (texts.length === 0) return [];
      const input = texts.map((t) => withTaskPrefix(opts.model, cutToLength(t, MAX_EMBED_UNITS), kind));
      try {
        const res = await client.embed({
          model: opts.model,
          input,
          truncate: true,
          // OLLAMA_KEEP_ALIVE: without it Ollama unloads the embedder after 5 idle minutes, and the
          // next question pays a cold load (which can push the chat model out of a small GPU).
          keep_alive: opts.keepAlive ?? '30m',
        });
        if (res.embeddings.length !== texts.length) {
          throw new Error(`asked for ${texts.length} embeddings, got ${res.embeddings.length}`);
        }
        return res.embeddings;
      } catch (err) {
        throw ollamaError(err, { host: opts.host, model: opts.model });
      }
    },
  };
}
