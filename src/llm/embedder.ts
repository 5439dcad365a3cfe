import type { Ollama } from 'ollama';
import { ollamaError } from './errors';

export type EmbedKind = 'document' | 'query';

/** Turns texts into vectors with one embedding model. */
export interface Embedder {
  readonly model: string;
  embed(texts: string[], kind: EmbedKind): Promise<number[][]>;
}

/**
 * nomic-embed-text is trained with task prefixes; without them retrieval quality drops noticeably.
 * Other models get the text as it is.
 */
export function withTaskPrefix(model: string, text: string, kind: EmbedKind): string {
  if (!/nomic-embed/i.test(model)) return text;
  return `${kind === 'query' ? 'search_query' : 'search_document'}: ${text}`;
}

/** Long messages are cut before embedding; Ollama would truncate to the context anyway. */
const MAX_EMBED_CHARS = 6000;

export function createOllamaEmbedder(client: Ollama, opts: { host: string; model: string }): Embedder {
  return {
    model: opts.model,
    async embed(texts, kind) {
      if (texts.length === 0) return [];
      const input = texts.map((t) => withTaskPrefix(opts.model, t.slice(0, MAX_EMBED_CHARS), kind));
      try {
        const res = await client.embed({ model: opts.model, input, truncate: true });
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
