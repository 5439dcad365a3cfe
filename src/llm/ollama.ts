import { Ollama } from 'ollama';
import { peerAddress } from '../net/url-credentials';
import { truncate } from '../text/cut';

/**
 * An `ollama` client whose every request ends within `timeoutMs` (the client has no timeout of its
 * own), while `AbortSignal`s of streams keep working. A `user:password@` in `host` is sent as HTTP
 * Basic authentication (for a host behind a reverse proxy).
 */
export function createOllamaClient(host: string, timeoutMs: number): Ollama {
  const peer = peerAddress(host);
  return new Ollama({
    host: peer.url,
    headers: peer.headers,
    fetch: withJsonErrors((input, init) => {
      const t = AbortSignal.timeout(timeoutMs);
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, t]) : t });
    }),
  });
}

/**
 * `fetch` whose error answers that are not JSON (a proxy's 401 or 502 page) come back as Ollama's
 * own `{"error": "<text>"}`: the `ollama` client reads those itself, where for any other body it
 * writes "Getting text from response" to the console, in the middle of the service's JSON log.
 */
export function withJsonErrors(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    if (res.ok || res.headers.get('content-type')?.includes('application/json')) return res;
    const text = truncate((await res.text().catch(() => '')).trim(), 200);
    return new Response(JSON.stringify({ error: text || `${res.status} ${res.statusText}` }), {
      status: res.status,
      statusText: res.statusText,
      headers: { 'content-type': 'application/json' },
    });
  };
}
