import type { Store } from '../store/types';

interface Entry {
  version: number;
  counts: Map<string, number>;
}

/** Guilds remembered per store; the least recently asked is forgotten first. */
const MAX_GUILDS = 1000;
const caches = new WeakMap<Store, Map<string, Entry>>();

/**
 * Live messages per channel of a guild (`store.messages.countByChannel`), cached per store and
 * guild until the guild's index version (`store.guilds.version`) moves: each call costs one
 * small read of the version, the grouped count only after the index changed. The version is read
 * first, so the counts cached under it are never older than it.
 */
export async function channelCounts(store: Store, guildId: string): Promise<Map<string, number>> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new Map();
    caches.set(store, cache);
  }
  const version = await store.guilds.version(guildId);
  const hit = cache.get(guildId);
  if (hit !== undefined && hit.version === version) {
    cache.delete(guildId);
    cache.set(guildId, hit);
    return hit.counts;
  }
  const counts = await store.messages.countByChannel(guildId);
  cache.delete(guildId);
  cache.set(guildId, { version, counts });
  if (cache.size > MAX_GUILDS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return counts;
}
