import { createHash } from 'node:crypto';
import type { Answer } from '../llm/answer';

/**
 * Answers to identical questions (same guild, same readable channels, same index state) are reused
 * for `ttlMs`. The key holds no text, only a hash.
 */
export interface AnswerCache {
  key(parts: { guildId: string; channelIds: string[]; question: string; indexVersion: string }): string;
  get(key: string): Answer | undefined;
  set(key: string, answer: Answer): void;
}

export function normaliseQuestion(q: string): string {
  return q
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[?!.\s]+$/, '')
    .trim();
}

export function createAnswerCache(ttlMs: number, now: () => number, maxEntries = 500): AnswerCache {
  const entries = new Map<string, { at: number; answer: Answer }>();
  return {
    key({ guildId, channelIds, question, indexVersion }) {
      const h = createHash('sha256');
      h.update(`${guildId}\0${indexVersion}\0${normaliseQuestion(question)}\0`);
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
