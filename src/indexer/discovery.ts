import { DiscordAPIError, type REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type { APIGuild, APIGuildChannel, APIGuildMember, GuildChannelType } from 'discord-api-types/v10';
import { toChannelData } from '../discord/guild-directory';
import { canReadHistory, channelPermissions, type GuildData, type MemberData } from '../discord/permissions';
import type { Logger } from '../log';
import type { ChannelInfo, Store, StoredChannel } from '../store/types';
import {
  classifyDiscordError,
  describeDiscordError,
  endsRun,
  fatalDiscordError,
  isGuildUnreachable,
  StoppedError,
  withLinkedSignal,
  withRetry,
} from './failures';

/** Channels whose own messages are crawled: GUILD_TEXT and GUILD_ANNOUNCEMENT. */
export const MESSAGE_CHANNEL_TYPES: ReadonlySet<number> = new Set([0, 5]);
/** Channels that can hold threads: text, announcement, forum (posts are threads) and media. */
export const THREAD_PARENT_TYPES: ReadonlySet<number> = new Set([0, 5, 15, 16]);
/** ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD. */
export const THREAD_TYPES: ReadonlySet<number> = new Set([10, 11, 12]);

/** The fields of a Discord channel or thread object the indexer reads. */
export interface WireChannel {
  id: string;
  type: number;
  guild_id?: string;
  name?: string | null;
  parent_id?: string | null;
  nsfw?: boolean;
  last_message_id?: string | null;
  thread_metadata?: { archived: boolean; archive_timestamp: string };
  permission_overwrites?: { id: string; type: number; allow: string; deny: string }[];
  /** A forum or media channel's tags. @see https://discord.com/developers/docs/resources/channel#forum-tag-object */
  available_tags?: { id: string; name: string; moderated?: boolean }[];
  /** The tag ids applied to a forum or media post (a thread). */
  applied_tags?: string[];
}

interface ThreadPage {
  threads: WireChannel[];
  has_more?: boolean;
}

/** A channel or thread to crawl, with the id of its newest message when Discord listed one. */
export interface CrawlTarget extends ChannelInfo {
  /** Discord's `last_message_id` at discovery (may name a deleted message); undefined when unknown. */
  lastMessageId?: string | null | undefined;
}

export interface Discovery {
  /** Everything handed to `onTargets`, in that order: text channels first, then threads. */
  targets: CrawlTarget[];
  /** Guilds or channels that could not be listed. */
  failures: { id: string; error: string }[];
  /** Guilds whose channels were listed. */
  reachableGuilds: string[];
  /** The names of the guilds Discord described (GET /guilds/{id}), by id. */
  guildNames: Map<string, string>;
  /** Guilds the bot is no longer in, or that are gone (403/404 on the guild itself). */
  unreachableGuilds: { guildId: string; error: string }[];
  /** Archived threads with nothing new since the last crawl and no message in the rescan window. */
  skippedArchived: number;
}

/**
 * Takes what discovery found as soon as it is listed: `channels` (every channel and thread in scope,
 * to record: the /ask path reads thread parents from them) and `targets` (what to crawl). Discovery
 * waits for it before listing on, so that a target's channel row can be recorded before its crawl.
 */
export type OnTargets = (targets: CrawlTarget[], channels: ChannelInfo[]) => Promise<void>;

export interface DiscoveryContext {
  /** The bot's user id, to compute which channels its token may read. */
  botUserId: string;
  store: Store;
  rest: REST;
  log: Logger;
  signal: AbortSignal;
  guildIds: string[];
  channelIds: string[];
  /** Start of the rescan window (unix ms). */
  rescanFromMs: number;
  /** A `--full` run re-reads every thread, archived and unchanged ones too. */
  full: boolean;
  retryBaseMs: number;
}

/**
 * Lists what one run crawls: the text and announcement channels of the configured guilds (or the
 * configured channels), their active threads and archived public threads, and every post of their
 * forum (15) and media (16) channels, active and archived (a post is a public thread whose starter
 * message has the post's id; the forum's tags and each post's applied tags are recorded), plus
 * channels recorded earlier that Discord no longer lists, so that the crawl learns whether they
 * were deleted. Channels excluded with `/settings exclude-channel` (and their threads) are left
 * out. A guild that answers 403 or 404 is reported as unreachable (the bot
 * was removed from it), not as a failure of each of its channels.
 *
 * What it finds goes to `onTargets` as it is listed, so that the crawl starts while the threads are
 * still being listed: per guild, its text and announcement channels as soon as the guild's channels
 * and the bot's permissions are known, then each batch of threads (active ones, then each parent's
 * archived pages), then the stale channels, which need the complete thread list.
 * @see https://discord.com/developers/docs/resources/guild#get-guild
 * @see https://discord.com/developers/docs/resources/guild#list-active-guild-threads
 * @see https://discord.com/developers/docs/resources/channel#list-public-archived-threads
 */
export async function discover(ctx: DiscoveryContext, onTargets: OnTargets): Promise<Discovery> {
  const out: Discovery = {
    targets: [],
    failures: [],
    reachableGuilds: [],
    guildNames: new Map(),
    unreachableGuilds: [],
    skippedArchived: 0,
  };
  // Every target is counted in `out.targets` as it is handed on, once: a configured channel that
  // is gone may come back as a stale row of its guild, and the crawl may have flagged it by then.
  const handed = new Set<string>();
  const found: OnTargets = async (listed, channels) => {
    const targets = listed.filter((t) => !handed.has(t.id));
    if (targets.length === 0 && channels.length === 0) return;
    for (const t of targets) handed.add(t.id);
    out.targets.push(...targets);
    await onTargets(targets, channels);
  };
  const get = async <T>(route: `/${string}`, query?: URLSearchParams): Promise<T> => {
    if (ctx.signal.aborted) throw new StoppedError();
    try {
      return (await withRetry(
        () => withLinkedSignal(ctx.signal, (signal) => ctx.rest.get(route, { query, signal })),
        {
          retries: 3,
          baseMs: ctx.retryBaseMs,
          isRetryable: (e) => classifyDiscordError(e) === 'transient',
          signal: ctx.signal,
        },
      )) as T;
    } catch (err) {
      if (ctx.signal.aborted) throw new StoppedError();
      if (classifyDiscordError(err) === 'fatal') throw fatalDiscordError(err);
      throw err;
    }
  };

  if (ctx.channelIds.length === 0) {
    for (const guildId of ctx.guildIds) await discoverGuild(ctx, get, found, out, guildId, undefined);
    return out;
  }

  // Only the configured channels: look each up to learn its guild (and whether it still exists).
  const byGuild = new Map<string, Set<string>>();
  for (const id of ctx.channelIds) {
    let channel: WireChannel;
    try {
      channel = await get<WireChannel>(Routes.channel(id));
    } catch (err) {
      if (endsRun(err)) throw err;
      const known = await ctx.store.channels.get(id);
      if (known !== undefined && !known.deleted && classifyDiscordError(err) === 'gone') {
        await found([toInfo(known)], []); // the crawl will record the deletion
      } else {
        out.failures.push({ id, error: describeDiscordError(err) });
      }
      continue;
    }
    const guildId = channel.guild_id;
    if (guildId === undefined || (ctx.guildIds.length > 0 && !ctx.guildIds.includes(guildId))) {
      ctx.log.warn(
        { channelId: id, guildId },
        'INDEX_CHANNEL_IDS names a channel outside INDEX_GUILD_IDS; skipped',
      );
      continue;
    }
    const scope = byGuild.get(guildId) ?? new Set<string>();
    scope.add(id);
    // A configured thread needs its parent listed, for its archived threads and its permissions.
    if (THREAD_TYPES.has(channel.type) && channel.parent_id) scope.add(`parent:${channel.parent_id}`);
    byGuild.set(guildId, scope);
  }
  for (const [guildId, scope] of byGuild) await discoverGuild(ctx, get, found, out, guildId, scope);
  return out;
}

type Getter = <T>(route: `/${string}`, query?: URLSearchParams) => Promise<T>;

async function discoverGuild(
  ctx: DiscoveryContext,
  get: Getter,
  found: OnTargets,
  out: Discovery,
  guildId: string,
  scope: Set<string> | undefined,
): Promise<void> {
  let guild: APIGuild;
  let listed: WireChannel[];
  try {
    guild = await get<APIGuild>(Routes.guild(guildId));
    listed = await get<WireChannel[]>(Routes.guildChannels(guildId));
  } catch (err) {
    if (endsRun(err)) throw err;
    if (isGuildUnreachable(err)) {
      out.unreachableGuilds.push({ guildId, error: describeGuildError(err) });
    } else {
      out.failures.push({ id: guildId, error: `guild ${guildId}: ${describeDiscordError(err)}` });
    }
    return;
  }
  out.reachableGuilds.push(guildId);
  if (typeof guild.name === 'string' && guild.name !== '') out.guildNames.set(guildId, guild.name);
  const readable = await botCanRead(ctx, get, guild);
  // Channels the server's moderators excluded (`/settings exclude-channel`), with their threads.
  const excluded = new Set(await ctx.store.settings.excludedChannelIds(guildId));
  const inScope = (id: string, parentId: string | null) =>
    scope === undefined || scope.has(id) || (parentId !== null && scope.has(parentId));
  const parents = new Map<string, WireChannel>();
  const unreadable = new Set<string>();
  /** The ids of this guild's channels and threads recorded by this run (Discord still lists them). */
  const seen = new Set<string>();
  const channels: ChannelInfo[] = [];
  const targets: CrawlTarget[] = [];
  for (const c of listed) {
    if (!THREAD_PARENT_TYPES.has(c.type) || excluded.has(c.id)) continue;
    if (scope !== undefined && !scope.has(c.id) && !scope.has(`parent:${c.id}`)) continue;
    if (!readable(c)) {
      // Discord answers an empty list, not an error, without Read Message History: crawling it
      // would flag every recent message as deleted. Report it and leave its stored messages alone.
      out.failures.push({
        id: c.id,
        error: `#${c.name ?? c.id}: the bot lacks View Channel or Read Message History there`,
      });
      unreadable.add(c.id);
      continue;
    }
    parents.set(c.id, c);
    const info = channelInfo(c, guildId, c.nsfw === true);
    channels.push(info);
    seen.add(c.id);
    if (MESSAGE_CHANNEL_TYPES.has(c.type) && inScope(c.id, null))
      targets.push({ ...info, lastMessageId: c.last_message_id });
  }
  // Text channels first: their crawl starts while the threads are listed.
  await found(targets, channels);

  const threads = new Set<string>();
  /** Records the threads of one listing not seen yet, and hands on those to crawl. */
  const take = async (list: WireChannel[]) => {
    const recorded: ChannelInfo[] = [];
    const toCrawl: CrawlTarget[] = [];
    for (const t of list) {
      if (threads.has(t.id)) continue; // an active thread wins over its archived listing
      threads.add(t.id);
      const parentId = t.parent_id ?? null;
      if (!inScope(t.id, parentId) || excluded.has(t.id)) continue;
      const info = channelInfo(t, guildId, parents.get(parentId ?? '')?.nsfw === true);
      recorded.push(info);
      seen.add(t.id);
      if (!ctx.full && (await archivedAndUnchanged(ctx, t))) out.skippedArchived++;
      else toCrawl.push({ ...info, lastMessageId: t.last_message_id });
    }
    await found(toCrawl, recorded);
  };

  let active: ThreadPage | undefined;
  try {
    active = await get<ThreadPage>(Routes.guildActiveThreads(guildId));
  } catch (err) {
    if (endsRun(err)) throw err;
    out.failures.push({
      id: guildId,
      error: `active threads of guild ${guildId}: ${describeDiscordError(err)}`,
    });
  }
  if (active) await take(active.threads.filter((t) => t.parent_id && parents.has(t.parent_id)));
  for (const parent of parents.values()) {
    let before: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '100' });
      if (before !== undefined) query.set('before', before);
      let page: ThreadPage;
      try {
        page = await get<ThreadPage>(Routes.channelThreads(parent.id, 'public'), query);
      } catch (err) {
        if (endsRun(err)) throw err;
        if (classifyDiscordError(err) !== 'gone') {
          out.failures.push({ id: parent.id, error: `archived threads: ${describeDiscordError(err)}` });
        }
        break;
      }
      await take(page.threads);
      const last = page.threads.at(-1)?.thread_metadata?.archive_timestamp;
      if (page.has_more !== true || last === undefined || last === before) break;
      before = last;
    }
  }

  // Recorded before but no longer listed: deleted, or a thread that left the public lists. One
  // request tells which (404 flags it deleted). Only now is the thread list complete.
  const stale: CrawlTarget[] = [];
  for (const row of await ctx.store.channels.allOfGuild(guildId)) {
    if (row.deleted || seen.has(row.id) || unreadable.has(row.id) || excluded.has(row.id)) continue;
    if (row.parentId !== null && excluded.has(row.parentId)) continue;
    if (row.parentId !== null && unreadable.has(row.parentId)) continue;
    if (!MESSAGE_CHANNEL_TYPES.has(row.type) && !THREAD_TYPES.has(row.type)) continue;
    if (!inScope(row.id, row.parentId)) continue;
    stale.push(toInfo(row));
  }
  await found(stale, []);
}

/** The summary's words for a guild that answered 403 or 404. */
function describeGuildError(err: unknown): string {
  if (!(err instanceof DiscordAPIError)) return describeDiscordError(err);
  const what =
    err.status === 404 ? 'the guild is gone or the bot is not in it' : 'the bot is no longer in this guild';
  return `${what} (${err.status} ${err.message}, code ${err.code})`;
}

/**
 * Whether the bot may read a channel's history, from the guild's roles, the bot's roles and the
 * channel's overwrites. When the bot's member record cannot be read, every channel is tried.
 */
async function botCanRead(
  ctx: DiscoveryContext,
  get: Getter,
  g: APIGuild,
): Promise<(c: WireChannel) => boolean> {
  const guild: GuildData = {
    id: g.id,
    ownerId: g.owner_id,
    roles: g.roles.map((r) => ({ id: r.id, permissions: r.permissions })),
  };
  let member: MemberData;
  try {
    const m = await get<APIGuildMember>(Routes.guildMember(g.id, ctx.botUserId));
    member = { userId: ctx.botUserId, roleIds: m.roles };
  } catch (err) {
    if (endsRun(err)) throw err;
    ctx.log.warn(
      { guildId: g.id, err: describeDiscordError(err) },
      "could not read the bot's permissions; trying every channel",
    );
    return () => true;
  }
  return (c) =>
    canReadHistory(
      channelPermissions(guild, member, toChannelData(c as unknown as APIGuildChannel<GuildChannelType>)),
    );
}

/** An archived thread whose last message we already have and that had no message in the rescan window. */
async function archivedAndUnchanged(ctx: DiscoveryContext, t: WireChannel): Promise<boolean> {
  const meta = t.thread_metadata;
  if (meta?.archived !== true) return false;
  const archivedAt = Date.parse(meta.archive_timestamp);
  if (Number.isNaN(archivedAt) || archivedAt >= ctx.rescanFromMs) return false;
  const row = await ctx.store.channels.get(t.id);
  if (row === undefined || row.deleted || row.lastError !== null || row.lastMessageId === null) return false;
  const last = t.last_message_id;
  return last === null || last === undefined || BigInt(row.lastMessageId) >= BigInt(last);
}

/**
 * What is recorded of a channel or thread, tags included: a forum's `available_tags` name the ids a
 * post's `applied_tags` holds, so that a "Solved" post is known as such.
 */
function channelInfo(c: WireChannel, guildId: string, nsfw: boolean): ChannelInfo {
  const info: ChannelInfo = {
    id: c.id,
    guildId,
    parentId: c.parent_id ?? null,
    type: c.type,
    name: c.name ?? '',
    nsfw,
  };
  if (Array.isArray(c.available_tags))
    info.availableTags = c.available_tags
      .filter((t) => typeof t?.id === 'string' && typeof t.name === 'string')
      .map((t) => ({ id: t.id, name: t.name, moderated: t.moderated === true }));
  if (Array.isArray(c.applied_tags)) info.appliedTags = c.applied_tags.filter((t) => typeof t === 'string');
  return info;
}

function toInfo(row: StoredChannel | ChannelInfo): ChannelInfo {
  return {
    id: row.id,
    guildId: row.guildId,
    parentId: row.parentId,
    type: row.type,
    name: row.name,
    nsfw: row.nsfw,
  };
}
