import type { Settings } from '../config';
import type { HealthDeps } from '../health';
import type { OllamaPool } from '../llm/hosts';
import type { AdmissionPolicy } from '../queue/types';
import type { Database } from '../store/open';
import { chromaHeartbeat } from '../vector/heartbeat';

// What every role builds from the settings, kept light: an endpoint imports this (see processes.ts).

/** The admission rules of the queue, from the settings (see queue/admission.ts). */
export function admissionPolicy(settings: Settings): AdmissionPolicy {
  return {
    maxWaitMs: settings.ask.maxWaitMs,
    maxPerMember: settings.ask.maxPerMember,
    // Until answers are measured: a small model on one GPU answers in about this long.
    defaultServiceMs: 15_000,
    fallbackSlots: settings.ask.concurrency,
    expiryMarginMs: 60_000,
  };
}

/**
 * The health checks of any role: the database (store and queue), Chroma's heartbeat, each Ollama
 * host. `chroma` is the server's URL, or how to find it when another process runs it (an endpoint
 * beside a worker that started the local Chroma later).
 */
export function healthDeps(
  db: Database,
  chroma: string | undefined | (() => Promise<string | undefined>),
  ollama: Pick<OllamaPool, 'checkHosts'>,
): HealthDeps {
  return {
    pingDatabase: async () => {
      await Promise.all([db.store.ping(), db.queue.ping()]);
    },
    vectors: {
      heartbeat: async () => {
        const url = typeof chroma === 'function' ? await chroma() : chroma;
        if (url === undefined) throw new Error('no Chroma server (set CHROMA_URL)');
        await chromaHeartbeat(url, 1500);
      },
    },
    ollama,
  };
}
