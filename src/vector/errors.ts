import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';
import { displayUrl } from '../net/url-credentials';

/** Chroma's refusal of a vector whose length is not the collection's (its first vector fixed it). */
const DIMENSION = /expecting embedding with dimension of (\d+), got (\d+)/i;

/**
 * The line for an index whose vectors have another dimension than the embedding model gives now:
 * the model was re-pulled or reconfigured under the same name. Code VECTOR_DIMENSION_MISMATCH.
 */
export function dimensionMismatch(
  model: string,
  index: number,
  now: number,
  opts: { collection?: string; cause?: unknown } = {},
): AppError {
  return new AppError(
    'VECTOR_DIMENSION_MISMATCH',
    `The embedding model ${model} now returns ${now}-dimensional vectors, but the search index${opts.collection ? ` (${opts.collection})` : ''} holds ${index}-dimensional ones (the model was re-pulled or changed under the same name): run \`npm run index -- --reembed\` to embed every stored message again into fresh collections.`,
    errorText.sentence('vectorDimensionMismatch'),
    opts.cause === undefined ? {} : { cause: opts.cause },
  );
}

/** The one place where chromadb client errors become AppErrors. */
export function chromaError(err: unknown, serverUrl: string, model?: string): AppError {
  if (err instanceof AppError) return err;
  const url = displayUrl(serverUrl);
  const name = err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  const dims = DIMENSION.exec(msg);
  if (dims !== null) {
    return dimensionMismatch(model ?? 'OLLAMA_EMBED_MODEL', Number(dims[1]), Number(dims[2]), { cause: err });
  }
  // By name, as below, so that this module does not load the chromadb client (an endpoint's health
  // check uses it without one): chromadb names its 401 error ChromaAuthError, its 403 ChromaForbiddenError.
  if (name === 'ChromaAuthError' || name === 'ChromaForbiddenError') {
    // The local server has no authentication: a proxy in front of a Chroma server refused the request.
    return new AppError(
      'CHROMA_UNAUTHORIZED',
      `Chroma at ${url} refused the request (${msg}): check the user and password in CHROMA_URL (http://user:password@host:8000).`,
      errorText.sentence('chromaUnauthorized'),
      { cause: err },
    );
  }
  if (name === 'ChromaConnectionError' || /fetch failed|ECONNREFUSED|Failed to connect/i.test(msg)) {
    return new AppError(
      'CHROMA_UNREACHABLE',
      `Chroma at ${url} is unreachable (${msg}); check CHROMA_URL or that the local server is running.`,
      errorText.sentence('chromaUnreachable'),
      { cause: err },
    );
  }
  return new AppError(
    'CHROMA_FAILED',
    `Chroma at ${url} failed: ${name}: ${msg}`,
    errorText.sentence('chromaFailed'),
    { cause: err },
  );
}

/** Chroma failed several times in a row: calls fail at once until its heartbeat answers again. */
export function chromaCircuitOpen(serverUrl: string, probeMs: number): AppError {
  return new AppError(
    'CHROMA_UNREACHABLE',
    `Chroma at ${displayUrl(serverUrl)} failed repeatedly; calls are paused until its heartbeat answers again, probed every ${probeMs} ms (circuit open).`,
    errorText.sentence('chromaUnreachable'),
  );
}

export function chromaTimeout(serverUrl: string, ms: number): AppError {
  return new AppError(
    'CHROMA_TIMEOUT',
    `Chroma at ${displayUrl(serverUrl)} did not answer within ${ms} ms.`,
    errorText.sentence('chromaTimeout'),
  );
}

/** True for Chroma's 404 (a collection that does not exist), raw or already wrapped in an AppError. */
export function isChromaNotFound(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.name === 'ChromaNotFoundError') return true;
  }
  return false;
}
