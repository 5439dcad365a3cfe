import { AppError } from '../errors';

/** The one place where chromadb client errors become AppErrors. */
export function chromaError(err: unknown, url: string): AppError {
  if (err instanceof AppError) return err;
  const name = err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  if (name === 'ChromaConnectionError' || /fetch failed|ECONNREFUSED|Failed to connect/i.test(msg)) {
    return new AppError(
      'CHROMA_UNREACHABLE',
      `Chroma at ${url} is unreachable (${msg}); check CHROMA_URL or that the local server is running.`,
      'The search index (Chroma) is unreachable right now. Please try again later.',
      { cause: err },
    );
  }
  return new AppError(
    'CHROMA_FAILED',
    `Chroma at ${url} failed: ${name}: ${msg}`,
    'The search index (Chroma) returned an error. Please try again later.',
    { cause: err },
  );
}

export function chromaTimeout(url: string, ms: number): AppError {
  return new AppError(
    'CHROMA_TIMEOUT',
    `Chroma at ${url} did not answer within ${ms} ms.`,
    'The search index (Chroma) is not responding right now. Please try again later.',
  );
}

/** True for Chroma's 404 (a collection that does not exist), raw or already wrapped in an AppError. */
export function isChromaNotFound(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.name === 'ChromaNotFoundError') return true;
  }
  return false;
}
