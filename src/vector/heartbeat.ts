import { peerAddress } from '../net/url-credentials';
import { chromaError, chromaTimeout } from './errors';

/**
 * Chroma's heartbeat (`GET /api/v2/heartbeat`) at `url` within `timeoutMs` (ms), over plain fetch:
 * the health check of every role, so that an endpoint checks Chroma without loading the chromadb
 * client it never queries with. Rejects as `pingChroma` does: CHROMA_UNREACHABLE,
 * CHROMA_UNAUTHORIZED (a proxy refused the URL's credentials), CHROMA_TIMEOUT or CHROMA_FAILED.
 */
export async function chromaHeartbeat(url: string, timeoutMs: number): Promise<void> {
  const peer = peerAddress(url);
  try {
    const res = await fetch(`${peer.url}/api/v2/heartbeat`, {
      headers: peer.headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.ok) return;
    const err = new Error(`${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`);
    // The names chromadb's client gives these answers (vector/errors.ts decides by name).
    err.name =
      res.status === 401 ? 'ChromaAuthError' : res.status === 403 ? 'ChromaForbiddenError' : 'ChromaError';
    throw err;
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') throw chromaTimeout(url, timeoutMs);
    throw chromaError(err, url);
  }
}
