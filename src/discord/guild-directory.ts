import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type { APIChannel, APIGuild, APIGuildChannel, APIRole, GuildChannelType } from 'discord-api-types/v10';
import type { Clock } from '../async';
import type { ChannelData, GuildData } from './permissions';

/** Guild facts needed to compute who may read what, fetched with the bot token. */
export interface GuildDirectory {
  guild(guildId: string): Promise<GuildData>;
  /** The guild's channels (threads excluded), with their permission overwrites. */
  channels(guildId: string): Promise<ChannelData[]>;
  isThreadMember(threadId: string, userId: string): Promise<boolean>;
}

/** Fetches guild data through REST, caching each answer for `ttlMs` (roles and overwrites change rarely). */
export function createGuildDirectory(rest: REST, clock: Clock, ttlMs = 60_000): GuildDirectory {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && clock.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = load();
    cache.set(key, { at: clock.now(), value });
    // A failure is not cached: the next question tries again.
    value.catch(() => cache.delete(key));
    if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
    return value;
  }
  return {
    guild(guildId) {
      return cached(`g:${guildId}`, async () => {
        // The guild object carries its roles (and the owner): one request instead of two.
        const g = (await rest.get(Routes.guild(guildId))) as APIGuild;
        const roles: APIRole[] = g.roles ?? ((await rest.get(Routes.guildRoles(guildId))) as APIRole[]);
        return {
          id: g.id,
          ownerId: g.owner_id,
          roles: roles.map((r) => ({ id: r.id, permissions: r.permissions })),
          locale: g.preferred_locale,
        };
      });
    },
    channels(guildId) {
      return cached(`c:${guildId}`, async () => {
        const list = (await rest.get(Routes.guildChannels(guildId))) as APIChannel[];
        return list.map((c) => toChannelData(c as APIGuildChannel<GuildChannelType>));
      });
    },
    isThreadMember(threadId, userId) {
      return cached(`t:${threadId}:${userId}`, async () => {
        try {
          await rest.get(Routes.threadMembers(threadId, userId));
          return true;
        } catch (err) {
          if (typeof err === 'object' && err !== null && 'status' in err && err.status === 404) return false;
          throw err;
        }
      });
    },
  };
}

export function toChannelData(c: APIGuildChannel<GuildChannelType>): ChannelData {
  return {
    id: c.id,
    type: c.type,
    parentId: c.parent_id ?? null,
    nsfw: 'nsfw' in c ? Boolean(c.nsfw) : false,
    overwrites: (c.permission_overwrites ?? []).map((o) => ({
      id: o.id,
      type: o.type === 1 ? 1 : 0,
      allow: o.allow,
      deny: o.deny,
    })),
  };
}
