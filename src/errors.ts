/**
 * Every failure the product expects carries a stable code, one sentence a Discord user can read,
 * and (in `message`) what an operator should do. Third-party errors are converted into these in one
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
  constructor(
    readonly code: ErrorCode,
    /** What the operator should know or do; goes to logs, never to Discord. */
    message: string,
    /** One plain sentence for the Discord user; no internals. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The user-facing sentence for any error: AppErrors say what is wrong, anything else stays generic. */
export function userMessageOf(err: unknown): string {
  if (err instanceof AppError) return err.userMessage;
  return 'Something went wrong while answering. The operator can find the details in the logs.';
}

export function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof AppError ? err.code : 'INTERNAL';
}

/** A short description of an unknown thrown value for logs (no stack for expected errors). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
