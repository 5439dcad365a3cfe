import type { Sentence } from './i18n/catalogue';
import { errorText } from './i18n/messages/errors';

/**
 * Every failure the product expects carries a stable code, one sentence a Discord user can read
 * (from the `errors` catalogue, in the reader's language), and (in `message`) what an operator
 * should do, in English. Third-party errors are converted into these in one
 * place per client (llm/errors.ts, vector/errors.ts, discord/errors.ts).
 */
export type ErrorCode =
  | 'OLLAMA_UNREACHABLE'
  | 'OLLAMA_MODEL_MISSING'
  | 'OLLAMA_TIMEOUT'
  | 'OLLAMA_BUSY'
  | 'OLLAMA_FAILED'
  | 'OLLAMA_INPUT_REJECTED'
  | 'OLLAMA_UNAUTHORIZED'
  | 'CHROMA_UNREACHABLE'
  | 'CHROMA_TIMEOUT'
  | 'CHROMA_FAILED'
  | 'CHROMA_UNAUTHORIZED'
  /** The embedding model's vectors no longer fit the index (same model name, another dimension). */
  | 'VECTOR_DIMENSION_MISMATCH'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_FAILED'
  | 'INDEX_EMPTY'
  | 'QUEUE_FULL'
  | 'ANSWER_TIMEOUT'
  | 'DISCORD_FAILED'
  | 'SHUTTING_DOWN'
  | 'INTERNAL';

export class AppError extends Error {
  override name = 'AppError';
  /** One plain sentence for the Discord user, in English; `sentence` writes it in any language. */
  readonly userMessage: string;
  /** The user's sentence from a catalogue (absent for one given as plain English text). */
  readonly sentence: Sentence | undefined;
  constructor(
    readonly code: ErrorCode,
    /** What the operator should know or do; goes to logs, never to Discord. */
    message: string,
    /**
     * One plain sentence for the Discord user, no internals: a catalogue sentence
     * (`errorText.sentence('ollamaBusy')`), or English text until it has one.
     */
    userMessage: string | Sentence,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.sentence = typeof userMessage === 'string' ? undefined : userMessage;
    this.userMessage = typeof userMessage === 'string' ? userMessage : userMessage.format('en-US');
  }
}

/**
 * The user-facing sentence for any error in the reader's `locale` (a Discord locale; absent:
 * English): AppErrors say what is wrong, anything else stays generic (the details are in the logs).
 */
export function userMessageOf(err: unknown, locale?: string | null): string {
  if (err instanceof AppError) return err.sentence?.format(locale) ?? err.userMessage;
  return errorText.format(locale, 'internal');
}

export function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof AppError ? err.code : 'INTERNAL';
}

/** A short description of an unknown thrown value for logs (no stack for expected errors). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
