import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';

/**
 * Ollama's refusals of an input longer than the model's context: `the input length exceeds the
 * context length` from /api/embed (400; some builds answer 500), and the older runner's wording
 * `input (length) exceeds maximum context length`.
 * @see https://github.com/ollama/ollama/issues/14186
 */
const CONTEXT_EXCEEDED = /exceeds (the |the model's )?(maximum )?context (length|window)/i;

/** The one place where `ollama` client errors become AppErrors that say what to do. */
export function ollamaError(err: unknown, ctx: { host: string; model: string }): AppError {
  if (err instanceof AppError) return err;
  const name = err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  const status =
    typeof err === 'object' && err !== null && 'status_code' in err ? Number(err.status_code) : undefined;
  if (name === 'TimeoutError') {
    return new AppError(
      'OLLAMA_TIMEOUT',
      `Ollama at ${ctx.host} did not answer in time for model ${ctx.model}.`,
      errorText.sentence('ollamaTimeout'),
      { cause: err },
    );
  }
  if (CONTEXT_EXCEEDED.test(msg)) {
    // Ollama 0.13.5 and later answer this whatever `truncate` says (ollama/ollama#14186); it is the
    // input's fault, not the host's: no retry, no circuit breaker, and another host would say the same.
    return new AppError(
      'OLLAMA_INPUT_REJECTED',
      `Ollama at ${ctx.host} refused an input longer than the context of model ${ctx.model} (${status === undefined ? '' : `${status}: `}${msg}).`,
      errorText.sentence('ollamaInputRejected'),
      { cause: err },
    );
  }
  if (status === 401 || status === 403) {
    // Ollama has no authentication of its own: a reverse proxy in front of it refused the request.
    return new AppError(
      'OLLAMA_UNAUTHORIZED',
      `Ollama at ${ctx.host} refused the request (${status}): check the user and password in OLLAMA_HOST (http://user:password@host).`,
      errorText.sentence('ollamaUnauthorized'),
      { cause: err },
    );
  }
  if (status === 404 || /not found/i.test(msg)) {
    return new AppError(
      'OLLAMA_MODEL_MISSING',
      `Model ${ctx.model} is not available on Ollama at ${ctx.host}: run \`ollama pull ${ctx.model}\` there.`,
      errorText.sentence('ollamaModelMissing', { model: ctx.model }),
      { cause: err },
    );
  }
  if (status === 503 || status === 429) {
    return new AppError(
      'OLLAMA_BUSY',
      `Ollama at ${ctx.host} is overloaded (${status}: ${msg}).`,
      errorText.sentence('ollamaBusy'),
      { cause: err },
    );
  }
  if (
    status === undefined &&
    (name === 'TypeError' || /fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(msg))
  ) {
    return new AppError(
      'OLLAMA_UNREACHABLE',
      `Ollama at ${ctx.host} is unreachable (${msg}); check OLLAMA_HOST and that \`ollama serve\` is running.`,
      errorText.sentence('ollamaUnreachable'),
      { cause: err },
    );
  }
  return new AppError(
    'OLLAMA_FAILED',
    `Ollama at ${ctx.host} failed for model ${ctx.model}: ${status ?? ''} ${msg}`.trim(),
    errorText.sentence('ollamaFailed'),
    { cause: err },
  );
}

/** The input itself was refused (too long for the model): shorten or skip it; retrying cannot help. */
export function isInputRejected(err: unknown): boolean {
  return err instanceof AppError && err.code === 'OLLAMA_INPUT_REJECTED';
}

/** Transient failures worth a retry: the server may come back or drain its queue. */
export function isTransient(err: AppError): boolean {
  return err.code === 'OLLAMA_UNREACHABLE' || err.code === 'OLLAMA_BUSY' || err.code === 'OLLAMA_FAILED';
}
