import { createHash } from 'node:crypto';
import type { Answer } from './pipeline';

/** What makes two questions the same question: guild, scope, options, wording, and the index's version. */
export interface CacheKeyParts {
  guildId: string;
  channelIds: readonly string[];
  question: string;
  /** The guild's index version: any change to its searchable messages (new, edited, deleted, forgotten) changes it. */
  indexVersion: number;
  /** `/ask` options that narrow the search (author, days). */
  options?: string;
}

/**
 * Answers to identical questions are reused for `ttlMs`, per process. The key holds no text, only
 * a hash; it includes the guild's index version, so after any run that saw a deletion (or a member
 * forgotten) no answer cached before it is served again, in any process.
 */
export interface AnswerCache {
  key(parts: CacheKeyParts): string;
  get(key: string): Answer | undefined;
  set(key: string, answer: Answer): void;
}

/** Lower case, one space between words, no trailing punctuation. */
export function normaliseQuestion(q: string): string {
  return q
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[?!.\s]+$/, '')
    .trim();
}

/** An in-memory cache of at most `maxEntries` answers, each kept `ttlMs` (0 disables it). */
export function createAnswerCache(ttlMs: number, now: () => number, maxEntries = 500): AnswerCache {
  const entries = new Map<string, { at: number; answer: Answer }>();
  return {
    key({ guildId, channelIds, question, indexVersion, options = '' }) {
      const h = createHash('sha256');
      h.update(`${guildId}\0${indexVersion}\0${normaliseQuestion(question)}\0${options}\0`);
      h.update([...channelIds].sort().join(','));
      return h.digest('hex');
    },
    get(key) {
      const e = entries.get(key);
      if (e === undefined) return undefined;
      if (now() - e.at >= ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return e.answer;
    },
    set(key, answer) {
      if (ttlMs <= 0) return;
      entries.delete(key);
      entries.set(key, { at: now(), answer });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
