/**
 * Scopes for answers that others read (issue 19): a help-channel answer may only cite what everyone
 * who can read the post can read, and no answer cites a channel excluded with `/settings`.
 */
import type { GuildDirectory } from '../discord/guild-directory';
import type { ThreadData } from '../discord/permissions';
import type { Store } from '../store/types';
import { revealsHiddenChannels, type Scope } from './scope';

const THREAD_TYPES = new Set([10, 11, 12]);
const PRIVATE_THREAD = 12;
const GUILD_CATEGORY = 4;

/**
 * `channelIds` without the excluded channels and the threads whose parent is excluded (`threads`
 * maps a thread to its parent).
 */
export function withoutExcluded(
  channelIds: readonly string[],
  threads: ReadonlyMap<string, Pick<ThreadData, 'parentId'>>,
  excluded: readonly string[],
): string[] {
  if (excluded.length === 0) return [...channelIds];
  const out = new Set(excluded);
  return channelIds.filter((id) => !out.has(id) && !out.has(threads.get(id)?.parentId ?? ''));
}

/**
 * The audience scope of a post in `channelId` (a forum post's thread, or a text channel): every
 * channel and stored thread that everyone who can read the post can read, computed from the
 * guild's roles and overwrites with the same model as an answer's visibility check
 * ({@link revealsHiddenChannels}): for every combination of roles and member overwrites that can
 * read the post, the source must be readable too. Private threads never qualify, NSFW channels only
 * for a post in an NSFW channel, excluded channels never. `thread` describes the post's thread when
 * the store may not know it yet. Rejects when the guild's roles or channels cannot be read: then
 * no one can say who reads what, and nothing may be cited.
 * https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export async function audienceScope(
  deps: { store: Pick<Store, 'channels'>; directory: GuildDirectory },
  post: { guildId: string; channelId: string; thread?: ThreadData | undefined; excluded: readonly string[] },
): Promise<Scope> {
  const [guild, channelList, stored] = await Promise.all([
    deps.directory.guild(post.guildId),
    deps.directory.channels(post.guildId),
    deps.store.channels.ofGuild(post.guildId),
  ]);
  const channels = new Map(channelList.map((c) => [c.id, c]));
  const threads = new Map<string, ThreadData>();
  for (const row of stored) {
    if (THREAD_TYPES.has(row.type) && row.parentId !== null)
      threads.set(row.id, { id: row.id, parentId: row.parentId, private: row.type === PRIVATE_THREAD });
  }
  if (post.thread !== undefined) threads.set(post.thread.id, post.thread);
  const partial: Scope = { guild, channelIds: [], channels, threads };
  const askedParent = channels.get(threads.get(post.channelId)?.parentId ?? post.channelId);
  const nsfwOk = askedParent?.nsfw ?? false;
  // A public thread is exactly as visible as its parent: each channel is judged once.
  const visibleChannels = new Set(
    channelList
      .filter((c) => c.type !== GUILD_CATEGORY && (nsfwOk || !c.nsfw))
      .filter((c) => !revealsHiddenChannels(partial, post.channelId, [c.id]))
      .map((c) => c.id),
  );
  const visible = [
    ...visibleChannels,
    ...[...threads.values()].filter((t) => !t.private && visibleChannels.has(t.parentId)).map((t) => t.id),
  ];
  return { ...partial, channelIds: withoutExcluded(visible, threads, post.excluded) };
}
