/**
 * Counting prompt tokens for the chat model, so that the prompt and the reply fit `num_ctx`
 * whatever the script of the text. Ollama does not refuse an over-long prompt: it silently drops
 * its front, system rules included, so an under-count here is a bug and an over-count only costs
 * a source or two.
 *
 * - Llama 3 family (llama3, llama3.1, llama3.2, llama3.3): the real tokenizer
 *   (`llama3-tokenizer-js`, the same BPE vocabulary and split rules as Meta's), exact.
 * - Any other model: `gpt-tokenizer`'s cl100k_base count times {@link FALLBACK_FACTOR}, plus
 *   what 32,000-token SentencePiece vocabularies (Llama 2, Mistral 7B) spend beyond it on digits
 *   (one token each), runs of white space, Hangul, CJK, accented Latin, symbols and characters
 *   outside the BMP (byte fallback: up to 4 tokens each) — {@link scriptSurcharge}. Checked never
 *   to be below the Llama 3, Llama 2 or Mistral count on 16 scripts, random text of 7 ranges and
 *   1,500 random multi-script strings (lowest estimate ÷ count: 1.04).
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
  /** Which tokenizer counts: `llama3` or `cl100k×1.35+script`. */
  readonly name: string;
  /** Loads the tokenizer now if it is not loaded yet; returns the load time in ms (0 when it was loaded). */
  warm(): number;
  /**
   * `count(parts.join(separator))`, from the parts' counts as `countPart` gives them (typically
   * remembered from earlier counts), so a text made of parts already counted costs little more.
   * Same result as counting the joined text.
   */
  countJoined(parts: readonly string[], separator: string, countPart: (text: string) => number): number;
}

/**
 * The fallback's margin over cl100k. Measured need: Llama 3 ÷ cl100k at most 1.00 (29 script
 * samples, 3,000 random multi-script strings); Llama 2 and Mistral 7B ÷ cl100k up to 1.32 on ASCII
 * text and code, more on other scripts, which {@link scriptSurcharge} adds. `estimateDrift` in the
 * logs shows how far any model is from it.
 */
export const FALLBACK_FACTOR = 1.35;

/**
 * Tokens a 32,000-token SentencePiece vocabulary (Llama 2, Mistral 7B) spends on `text` beyond
 * cl100k × {@link FALLBACK_FACTOR}, per character: a digit 0.6 (it is one token there, a third of
 * one in cl100k), a white-space character after another 0.5, a character outside the BMP 1.5 (byte
 * fallback), Hangul 0.7, CJK and kana 0.3, accented Latin and combining marks 0.5, punctuation and
 * symbols of U+2000–U+2BFF 0.5. Measured against both tokenizers; see the module comment.
 */
export function scriptSurcharge(text: string): number {
  let extra = 0;
  let afterSpace = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const space = cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d;
    if (space && afterSpace) extra += 0.5;
    afterSpace = space;
    if (cp >= 0x30 && cp <= 0x39) extra += 0.6;
    else if (cp >= 0x80) extra += SURCHARGES.find(([lo, hi]) => cp >= lo && cp <= hi)?.[2] ?? 0;
  }
  return extra;
}

/** [first, last code point, tokens]: see {@link scriptSurcharge}. */
const SURCHARGES: readonly (readonly [number, number, number])[] = [
  [0x0080, 0x036f, 0.5], // Latin-1, Latin Extended, IPA, combining marks
  [0x1100, 0x11ff, 0.7], // Hangul Jamo
  [0x1e00, 0x1eff, 0.5], // Latin Extended Additional (Vietnamese)
  [0x2000, 0x2bff, 0.5], // punctuation, symbols, arrows, math operators
  [0x3130, 0x318f, 0.7], // Hangul compatibility Jamo (before the CJK range it lies in: the first match counts)
  [0x2e80, 0x9fff, 0.3], // CJK radicals, kana, CJK ideographs
  [0xac00, 0xd7af, 0.7], // Hangul syllables
  [0xf900, 0xfaff, 0.3], // CJK compatibility ideographs
  [0xff00, 0xffef, 0.3], // full-width forms
  [0x10000, 0x10ffff, 1.5], // outside the BMP: emoji, styled letters, rare CJK (byte fallback)
];

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

type LoadListener = (tokenizer: string, ms: number) => void;
const loadListeners: LoadListener[] = [];

/**
 * Calls `listener` with the tokenizer's name and its load time (ms) whenever a tokenizer's
 * vocabulary is loaded in this process or thread (at most once each), e.g. to log it.
 */
export function onTokenizerLoaded(listener: LoadListener): void {
  loadListeners.push(listener);
}

function lazy<T>(name: string, load: () => T): { get(): T; warm(): number } {
  let value: T | undefined;
  let loaded = false;
  return {
    get() {
      if (!loaded) {
        const start = performance.now();
        value = load();
        loaded = true;
        const ms = performance.now() - start;
        for (const listener of loadListeners) listener(name, ms);
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
  'llama3',
  () =>
    (
      require('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs') as {
        llama3Tokenizer: Llama3Tokenizer;
      }
    ).llama3Tokenizer,
);

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;
const cl100k = lazy(
  'cl100k',
  () => (require('gpt-tokenizer/encoding/cl100k_base') as { countTokens: CountTokens }).countTokens,
);
// Text that looks like a special token is counted as plain text (more tokens, never fewer).
const plainText = { disallowedSpecial: new Set<string>() };

/**
 * Llama 3's pre-tokenizer (the `Split` pattern of its tokenizer.json, in JavaScript's syntax as
 * llama3-tokenizer-js writes it): BPE runs within each of its pieces, never across two, so a
 * text's count is the sum of its pieces' counts. tokens.test.ts checks it against the package.
 */
const LLAMA3_PIECES =
  /(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** The last piece of `text` as Llama 3's pre-tokenizer splits it. */
function lastPiece(text: string): string {
  let last = '';
  for (const m of text.matchAll(LLAMA3_PIECES)) last = m[0];
  return last;
}

/**
 * The Llama 3 count of parts joined by line breaks, from the parts' own counts. Where a part
 * begins and ends with a visible character, the pre-tokenizer splits the joined text as it splits
 * each part, except that a part's last piece may take the line breaks after it (`.` + `\n` is one
 * piece, `.\n`); no piece joins a line break to the visible character after it. So each border
 * costs the count of that last piece with the separator, instead of the piece alone. Anything else
 * (a part that begins or ends with white space, text that could be a special token such as
 * `<|eot_id|>`, another separator) is counted joined.
 */
function llama3CountJoined(
  parts: readonly string[],
  separator: string,
  countPart: (text: string) => number,
): number {
  const plain =
    /^[\r\n]+$/.test(separator) && parts.every((p) => /^\S/.test(p) && /\S$/.test(p) && !p.includes('<|'));
  if (!plain) return countPart(parts.join(separator));
  let n = 0;
  parts.forEach((part, i) => {
    n += countPart(part);
    if (i === parts.length - 1) return;
    const last = lastPiece(part);
    n += countPart(last + separator) - countPart(last);
  });
  return n;
}

const llama3Counter: TokenCounter = {
  count: (text) => llama3.get().encode(text, { bos: false, eos: false }).length,
  exact: true,
  name: 'llama3',
  warm: () => llama3.warm(),
  countJoined: llama3CountJoined,
};

const fallbackCounter: TokenCounter = {
  count: (text) => Math.ceil(cl100k.get()(text, plainText) * FALLBACK_FACTOR + scriptSurcharge(text)),
  exact: false,
  name: `cl100k×${FALLBACK_FACTOR}+script`,
  warm: () => cl100k.warm(),
  // An estimate with a per-text rounding and surcharge: counted joined, as it is cheap.
  countJoined: (parts, separator, countPart) => countPart(parts.join(separator)),
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
