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
