import { Ollama } from 'ollama';

/**
 * An `ollama` client whose every request ends within `timeoutMs` (the client has no timeout of its
 * own), while `AbortSignal`s of streams keep working.
 */
export function createOllamaClient(host: string, timeoutMs: number): Ollama {
  return new Ollama({
    host,
    fetch: (input, init) => {
      const t = AbortSignal.timeout(timeoutMs);
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, t]) : t });
    },
  });
}

/**
 * A host URL fit for logs, /health and /status: any `user:password@` part is dropped, so a proxy
 * credential written into OLLAMA_HOST never leaves the process.
 */
export function displayHost(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}
