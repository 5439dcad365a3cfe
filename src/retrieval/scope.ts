import type { GuildDirectory } from '../discord/guild-directory';
import {
  type ChannelData,
  canReadHistory,
  channelPermissions,
  type GuildData,
  isLessVisible,
  MANAGE_THREADS,
  type MemberData,
  readableChannelIds,
  type ThreadData,
} from '../discord/permissions';
import { describeError } from '../errors';
import type { Store } from '../store/types';

const THREAD_TYPES = new Set([10, 11, 12]);
const PRIVATE_THREAD = 12;

/** Who asks, and where. */
export interface Asker {
  guildId: string;
  channelId: string;
  userId: string;
  roleIds: string[];
  /** The asker's permissions in the asked channel, as Discord computed them (`member.permissions`). */
  permissionsHere?: string | undefined;
}

/** The channels an asker may read, and what is needed to judge the visibility of sources later. */
export interface Scope {
  guild: GuildData;
  channelIds: string[];
  /** Non-thread channels by id, and each stored thread's parent and privacy. */
  channels: Map<string, ChannelData>;
  threads: Map<string, ThreadData>;
}

/** At most this many private-thread membership look-ups (REST calls) for one question. */
export const MAX_THREAD_LOOKUPS = 25;

export interface ScopeDeps {
  store: Pick<Store, 'channels'>;
  directory: GuildDirectory;
  /** The guild's roles or channels could not be read: only the asked channel is searched. */
  onFallback?: (err: unknown) => void;
  /** Private threads left out of the scope: a membership look-up failed, or the look-up budget ran out. */
  onThreadsLeftOut?: (left: { id: string; reason: string }[]) => void;
}

/**
 * Every channel and thread of the asker's guild whose history the asker may read, computed from the
 * guild's roles, the channel overwrites and thread membership, as Discord does. A membership
 * look-up that fails (e.g. 403 Missing Access on one thread) leaves that thread out instead of
 * failing the question; at most MAX_THREAD_LOOKUPS are made, most recent threads first.
 * https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export async function readableScope(deps: ScopeDeps, asker: Asker): Promise<Scope> {
  let guild: GuildData;
  let channelList: ChannelData[];
  try {
    [guild, channelList] = await Promise.all([
      deps.directory.guild(asker.guildId),
      deps.directory.channels(asker.guildId),
    ]);
  } catch (err) {
    // Without the guild's roles and channels (no bot token, Discord failing) the only permissions
    // known for sure are those Discord sent for the asked channel: search that channel alone.
    if (asker.permissionsHere === undefined) throw err;
    deps.onFallback?.(err);
    return askedChannelOnly(deps.store, asker, asker.permissionsHere);
  }
  const channels = new Map(channelList.map((c) => [c.id, c]));
  const threads = new Map<string, ThreadData>();
  for (const row of await deps.store.channels.ofGuild(asker.guildId)) {
    if (THREAD_TYPES.has(row.type) && row.parentId !== null) {
      threads.set(row.id, { id: row.id, parentId: row.parentId, private: row.type === PRIVATE_THREAD });
    }
  }
  const member: MemberData = { userId: asker.userId, roleIds: asker.roleIds };
  const askedParent = channels.get(threads.get(asker.channelId)?.parentId ?? asker.channelId);
  const allowNsfw = askedParent?.nsfw ?? false;

  const base = { guild, member, channels: channelList, threads: [...threads.values()], allowNsfw };
  const withoutPrivate = readableChannelIds({ ...base, threadMemberships: new Set() });
  // Private threads need membership; ask Discord only about those whose parent is readable.
  const toCheck = [...threads.values()].filter((t) => {
    if (!t.private || !withoutPrivate.has(t.parentId)) return false;
    const parent = channels.get(t.parentId);
    return parent !== undefined && (channelPermissions(guild, member, parent) & MANAGE_THREADS) === 0n;
  });
  // Thread ids are snowflakes: the newest threads (the likeliest to matter) are checked first.
  toCheck.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const memberships = new Set<string>();
  const leftOut: { id: string; reason: string }[] = toCheck
    .slice(MAX_THREAD_LOOKUPS)
    .map((t) => ({ id: t.id, reason: `over the ${MAX_THREAD_LOOKUPS} look-ups of one question` }));
  await Promise.all(
    toCheck.slice(0, MAX_THREAD_LOOKUPS).map(async (t) => {
      try {
        if (await deps.directory.isThreadMember(t.id, asker.userId)) memberships.add(t.id);
      } catch (err) {
        leftOut.push({ id: t.id, reason: describeError(err) });
      }
    }),
  );
  if (leftOut.length > 0) deps.onThreadsLeftOut?.(leftOut);
  const ids = readableChannelIds({ ...base, threadMemberships: memberships });
  return { guild, channelIds: [...ids], channels, threads };
}

/**
 * True when an answer built from messages of `sourceChannelIds` must not be shown to everyone who
 * can read `askedChannelId`: some audience of the asked channel cannot read one of the sources.
 */
export function revealsHiddenChannels(
  scope: Scope,
  askedChannelId: string,
  sourceChannelIds: Iterable<string>,
): boolean {
  const resolve = (id: string) => {
    const thread = scope.threads.get(id);
    return { channel: scope.channels.get(thread?.parentId ?? id), privateThread: thread?.private ?? false };
  };
  const asked = resolve(askedChannelId);
  for (const id of new Set(sourceChannelIds)) {
    if (id === askedChannelId) continue;
    const source = resolve(id);
    // Unknown channels are treated as hidden: when in doubt, answer privately.
    if (asked.channel === undefined || source.channel === undefined) return true;
    if (
      isLessVisible(scope.guild, asked.channel, source.channel, {
        sourceIsPrivateThread: source.privateThread,
        askedIsPrivateThread: asked.privateThread,
      })
    ) {
      return true;
    }
  }
  return false;
}

/** The asked channel and its public threads, when the asker can read its history; nothing otherwise. */
async function askedChannelOnly(
  store: Pick<Store, 'channels'>,
  asker: Asker,
  permissions: string,
): Promise<Scope> {
  const perms = BigInt(permissions);
  const guild: GuildData = { id: asker.guildId, ownerId: '', roles: [] };
  const asked: ChannelData = { id: asker.channelId, type: 0, parentId: null, nsfw: false, overwrites: [] };
  const channels = new Map([[asked.id, asked]]);
  const threads = new Map<string, ThreadData>();
  const ids: string[] = [];
  if (canReadHistory(perms)) {
    ids.push(asker.channelId);
    for (const row of await store.channels.ofGuild(asker.guildId)) {
      if ((row.type === 10 || row.type === 11) && row.parentId === asker.channelId) {
        threads.set(row.id, { id: row.id, parentId: asker.channelId, private: false });
        ids.push(row.id);
      }
    }
  }
  return { guild, channelIds: ids, channels, threads };
}
