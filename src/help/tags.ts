/**
 * Forum tags and post names for hand-offs and solved posts, as plain functions.
 * https://discord.com/developers/docs/resources/channel#forum-tag-object
 */
import { truncate } from '../text/cut';

/** A post may carry at most this many tags. https://discord.com/developers/docs/resources/channel#modify-channel-json-params-thread */
export const MAX_APPLIED_TAGS = 5;
/** Thread names are 1–100 characters. */
export const MAX_THREAD_NAME = 100;

/** Tag names (compared without case, emoji or punctuation) that mark a solved post. */
export const SOLVED_TAG_NAMES: readonly string[] = ['solved', 'resolved'];
/** Tag names that mark a post handed to the helpers. */
export const HANDOFF_TAG_NAMES: readonly string[] = [
  'needs human',
  'needs a human',
  'human',
  'handed off',
  'escalated',
  'needs help',
];

const norm = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The first of the forum's tags whose name is one of `names` (the order of `names` wins). */
export function findTag<T extends { id: string; name: string }>(
  available: readonly T[] | undefined,
  names: readonly string[],
): T | undefined {
  for (const wanted of names) {
    const hit = (available ?? []).find((t) => norm(t.name) === wanted);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * The post's tags with `tagId` added: undefined when it already has it (nothing to do) or has no
 * room left (Discord allows five).
 */
export function withTag(applied: readonly string[] | undefined, tagId: string): string[] | undefined {
  const tags = [...(applied ?? [])];
  if (tags.includes(tagId) || tags.length >= MAX_APPLIED_TAGS) return undefined;
  return [...tags, tagId];
}

/** A post's name marked solved with `prefix` (once), within Discord's 100 characters. */
export function solvedName(name: string, prefix: string): string | undefined {
  if (name.startsWith(prefix.trim())) return undefined;
  return truncate(`${prefix}${name}`, MAX_THREAD_NAME);
}
