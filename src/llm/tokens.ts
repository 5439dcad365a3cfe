/**
 * Counting prompt tokens for the chat model, so that the prompt and the reply fit `num_ctx`
 * whatever the script of the text. Ollama does not refuse an over-long prompt: it silently drops
 * its front, system rules included, so an under-count here is a bug and an over-count only costs
 * a source or two.
 *
 * - Llama 3 family (llama3, llama3.1, llama3.2, llama3.3): the real tokenizer
 *   (`llama3-tokenizer-js`, the same BPE vocabulary and split rules as Meta's), exact.
 * - Any other model: `gpt-tokenizer`'s cl100k_base count times {@link FALLBACK_FACTOR}, an
 *   estimate that was never below the Llama 3 count on Latin, Cyrillic, Greek, CJK, Arabic,
 *   Hindi, Thai, emoji-heavy and code text (Llama 3's vocabulary extends cl100k's with the same
 *   split rules, so its count is at most cl100k's; the factor is margin for smaller vocabularies).
 *
 * Both tokenizers load lazily, once per process, on the first count (or `warm()`): about 0.35 s
 * and 85 MiB for Llama 3, 0.08 s and 36 MiB for cl100k on the 2-core build machine.
 */
import { createRequire } from 'node:module';
import type { Llama3Tokenizer } from 'llama3-tokenizer-js';

/** Counts tokens of text as one model family sees it. */
export interface TokenCounter {
  /** Tokens of `text` (no BOS/EOS): exact when `exact`, otherwise never fewer than the model's. */
  count(text: string): number;
  /** True when `count` is the model family's own tokenizer. */
  readonly exact: boolean;
  /** Which tokenizer counts: `llama3` or `cl100k×1.25`. */
  readonly name: string;
  /** Loads the tokenizer now if it is not loaded yet; returns the load time in ms (0 when it was loaded). */
  warm(): number;
}

/**
 * The fallback's margin over cl100k. Measured need against the real Llama 3 tokenizer: 1.00 (the
 * highest Llama 3 ÷ cl100k ratio over 29 script samples and 3,000 random multi-script strings);
 * the rest covers 32k-vocabulary families (Llama 2, Mistral 7B), which spend ~15-20% more tokens
 * than cl100k on Latin text. Check `estimateDrift` in the logs when running such a model on CJK.
 */
export const FALLBACK_FACTOR = 1.25;

/**
 * Tokens a chat template adds once beyond the messages' content: BOS, Llama 3.x's "Cutting
 * Knowledge Date" and "Today Date" lines, and the final assistant header. Measured for the
 * Llama 3.x template: 25 once plus 5 per message; kept generous for other templates.
 * https://github.com/ollama/ollama/blob/main/docs/template.md
 */
export const TEMPLATE_TOKENS = 32;

/** Tokens a chat template adds per message: role header and end of turn (Llama 3.x: 5). */
export const TEMPLATE_TOKENS_PER_MESSAGE = 8;

const require = createRequire(import.meta.url);

function lazy<T>(load: () => T): { get(): T; warm(): number } {
  let value: T | undefined;
  let loaded = false;
  return {
    get() {
      if (!loaded) {
        value = load();
        loaded = true;
      }
      return value as T;
    },
    warm() {
      if (loaded) return 0;
      const start = performance.now();
      this.get();
      return performance.now() - start;
    },
  };
}

// The package builds its tokenizer when the module is evaluated, so it is required on first use
// (synchronously, through its CommonJS bundle) rather than imported at start.
const llama3 = lazy(
  () =>
    (
      require('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs') as {
        llama3Tokenizer: Llama3Tokenizer;
      }
    ).llama3Tokenizer,
);

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;
const cl100k = lazy(
  () => (require('gpt-tokenizer/encoding/cl100k_base') as { countTokens: CountTokens }).countTokens,
);
// Text that looks like a special token is counted as plain text (more tokens, never fewer).
const plainText = { disallowedSpecial: new Set<string>() };

const llama3Counter: TokenCounter = {
  count: (text) => llama3.get().encode(text, { bos: false, eos: false }).length,
  exact: true,
  name: 'llama3',
  warm: () => llama3.warm(),
};

const fallbackCounter: TokenCounter = {
  count: (text) => Math.ceil(cl100k.get()(text, plainText) * FALLBACK_FACTOR),
  exact: false,
  name: `cl100k×${FALLBACK_FACTOR}`,
  warm: () => cl100k.warm(),
};

/**
 * True for Ollama model names of the Llama 3 family (`llama3`, `llama3.1:8b`, `llama3.2:3b`,
 * `llama3.3`, `llama3.2-vision`, `hf.co/…/Llama-3.2-3B-Instruct-GGUF:Q4_K_M`), which share one tokenizer.
 */
export function isLlama3Family(model: string): boolean {
  const base = (model.split('/').pop() ?? '').split(':')[0]?.toLowerCase() ?? '';
  return /^(?:meta-)?llama-?3(?:\.[0-3])?(?![\d.])/.test(base);
}

/** The token counter for an Ollama model name: exact for the Llama 3 family, a safe over-estimate otherwise. */
export function tokenCounterFor(model: string): TokenCounter {
  return isLlama3Family(model) ? llama3Counter : fallbackCounter;
}

/** How far a prompt estimate was from Ollama's own count, for the logs. */
export interface Drift {
  estimated: number;
  actual: number;
  /** estimated − actual: positive is an over-estimate (safe), negative an under-count. */
  delta: number;
  /** actual ÷ estimated, e.g. 0.93. */
  ratio: number;
  /** True when Ollama counted more tokens than estimated: the window may have overflowed. */
  underCounted: boolean;
}

/**
 * Compares the prompt estimate with Ollama's `prompt_eval_count` (tokens). Undefined when Ollama
 * reported no count (it omits zero metrics) or nothing was estimated. Ollama counts only the
 * tokens it evaluated, so a prompt prefix reused from its cache shows as an over-estimate.
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function estimateDrift(estimated: number, actual: number | undefined): Drift | undefined {
  if (actual === undefined || actual <= 0 || estimated <= 0) return undefined;
  const delta = estimated - actual;
  return { estimated, actual, delta, ratio: actual / estimated, underCounted: delta < 0 };
}
