/**
 * Discord's effective-permission algorithm over plain data.
 * @see https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */

export const ADMINISTRATOR = 1n << 3n;
export const MANAGE_GUILD = 1n << 5n;
export const MANAGE_MESSAGES = 1n << 13n;
export const VIEW_CHANNEL = 1n << 10n;
export const READ_MESSAGE_HISTORY = 1n << 16n;
export const CONNECT = 1n << 20n;
export const MANAGE_THREADS = 1n << 34n;
export const ALL_PERMISSIONS = (1n << 64n) - 1n;

const GUILD_VOICE = 2;
const GUILD_CATEGORY = 4;
const GUILD_STAGE_VOICE = 13;

export interface RoleData {
  id: string;
  /** Decimal string, as Discord sends it. */
  permissions: string;
}
export interface OverwriteData {
  id: string;
  /** 0 role, 1 member. */
  type: 0 | 1;
  allow: string;
  deny: string;
}
/** The @everyone role's id equals the guild id. */
export interface GuildData {
  id: string;
  ownerId: string;
  roles: RoleData[];
  /** The server's preferred language (`preferred_locale`), when known. */
  locale?: string | undefined;
}
export interface ChannelData {
  id: string;
  type: number;
  parentId: string | null;
  nsfw: boolean;
  overwrites: OverwriteData[];
}
/** `roleIds` excludes @everyone. */
export interface MemberData {
  userId: string;
  roleIds: string[];
}

function rolePermissions(guild: GuildData, roleId: string): bigint {
  const role = guild.roles.find((r) => r.id === roleId);
  return role ? BigInt(role.permissions) : 0n;
}

function has(perms: bigint, bit: bigint): boolean {
  return (perms & bit) === bit;
}

/** Guild-level permissions: owner or ADMINISTRATOR ⇒ all bits. */
export function basePermissions(guild: GuildData, member: MemberData): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let perms = rolePermissions(guild, guild.id);
  for (const roleId of member.roleIds) perms |= rolePermissions(guild, roleId);
  return has(perms, ADMINISTRATOR) ? ALL_PERMISSIONS : perms;
}

/**
 * Permissions in a channel after @everyone, role and member overwrites, in that order; without
 * VIEW_CHANNEL every bit is implicitly denied.
 * @see https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export function channelPermissions(guild: GuildData, member: MemberData, channel: ChannelData): bigint {
  let perms = basePermissions(guild, member);
  if (has(perms, ADMINISTRATOR)) return ALL_PERMISSIONS;

  const everyone = channel.overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);

  // Role overwrites are pooled, so any role allowing a bit beats another role denying it.
  const roleIds = new Set(member.roleIds);
  roleIds.delete(guild.id);
  let allow = 0n;
  let deny = 0n;
  for (const o of channel.overwrites) {
    if (o.type === 0 && roleIds.has(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;

  const own = channel.overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);

  return has(perms, VIEW_CHANNEL) ? perms : 0n;
}

/** Reading history needs VIEW_CHANNEL and READ_MESSAGE_HISTORY. */
export function canReadHistory(perms: bigint): boolean {
  return has(perms, VIEW_CHANNEL | READ_MESSAGE_HISTORY);
}

function isVoice(channel: ChannelData): boolean {
  return channel.type === GUILD_VOICE || channel.type === GUILD_STAGE_VOICE;
}

/** A thread known from the store: governed by its parent's permissions; private threads (type 12) also need membership or MANAGE_THREADS (or admin/owner). */
export interface ThreadData {
  id: string;
  parentId: string;
  private: boolean;
}

export interface ScopeInput {
  guild: GuildData;
  member: MemberData;
  /** The guild's non-thread channels; each carries its own overwrites (category overwrites are not inherited at runtime). */
  channels: ChannelData[];
  threads: ThreadData[];
  /** Ids of private threads the member belongs to. */
  threadMemberships: ReadonlySet<string>;
  /** false ⇒ nsfw channels and their threads are excluded. */
  allowNsfw: boolean;
}

/**
 * Ids of every channel and thread whose history the member may read. Categories hold no messages
 * and are left out; voice channels also need CONNECT.
 * @see https://discord.com/developers/docs/resources/message#get-channel-messages
 */
export function readableChannelIds(input: ScopeInput): Set<string> {
  const { guild, member, channels, threads, threadMemberships, allowNsfw } = input;
  const readable = new Set<string>();
  const parentPerms = new Map<string, bigint>();

  for (const channel of channels) {
    if (channel.type === GUILD_CATEGORY) continue;
    if (channel.nsfw && !allowNsfw) continue;
    const perms = channelPermissions(guild, member, channel);
    if (!canReadHistory(perms)) continue;
    if (isVoice(channel) && !has(perms, CONNECT)) continue;
    readable.add(channel.id);
    parentPerms.set(channel.id, perms);
  }

  for (const thread of threads) {
    const perms = parentPerms.get(thread.parentId);
    if (perms === undefined) continue;
    if (thread.private && !threadMemberships.has(thread.id) && !has(perms, MANAGE_THREADS)) continue;
    readable.add(thread.id);
  }
  return readable;
}

/*
 * isLessVisible asks: is there an audience (a user id and a set of non-admin roles) that can read
 * `asked` but not `source`? Every step of channelPermissions is, per bit, a condition of one of
 * two shapes over the role set S: "some role in S has property P" or "no role in S has property
 * P". A conjunction of such conditions is satisfiable exactly when each "some" set still has a
 * member outside the union of the "no" sets, because adding a role satisfying P never breaks
 * another "some" condition. So the search over every role combination reduces to a small formula
 * in disjunctive normal form, evaluated once per user id of interest.
 */

interface Term {
  /** Roles S must not contain. */
  forbid: ReadonlySet<string>;
  /** S must contain at least one role from each. */
  need: readonly ReadonlySet<string>[];
}
type Formula = Term[];

const TRUE: Formula = [{ forbid: new Set(), need: [] }];
const FALSE: Formula = [];

function some(roles: ReadonlySet<string>): Formula {
  return roles.size === 0 ? FALSE : [{ forbid: new Set(), need: [roles] }];
}
function none(roles: ReadonlySet<string>): Formula {
  return [{ forbid: roles, need: [] }];
}
function or(...formulas: Formula[]): Formula {
  return formulas.flat();
}
function and(a: Formula, b: Formula): Formula {
  const out: Formula = [];
  for (const x of a) {
    for (const y of b) {
      const term = { forbid: new Set([...x.forbid, ...y.forbid]), need: [...x.need, ...y.need] };
      if (satisfiable(term)) out.push(term);
    }
  }
  return out;
}
function satisfiable(term: Term): boolean {
  return term.need.every((roles) => [...roles].some((r) => !term.forbid.has(r)));
}

interface ChannelModel {
  everyone: { allow: bigint; deny: bigint } | undefined;
  roleAllow: (bit: bigint) => Set<string>;
  roleDeny: (bit: bigint) => Set<string>;
  member: (userId: string) => { allow: bigint; deny: bigint } | undefined;
}

function modelChannel(guild: GuildData, channel: ChannelData, roles: readonly string[]): ChannelModel {
  const roleSet = new Set(roles);
  const parse = (o: OverwriteData) => ({ allow: BigInt(o.allow), deny: BigInt(o.deny) });
  const roleOverwrites = channel.overwrites.filter((o) => o.type === 0 && roleSet.has(o.id));
  const pick = (side: 'allow' | 'deny', bit: bigint) =>
    new Set(roleOverwrites.filter((o) => has(BigInt(o[side]), bit)).map((o) => o.id));
  const everyone = channel.overwrites.find((o) => o.type === 0 && o.id === guild.id);
  return {
    everyone: everyone && parse(everyone),
    roleAllow: (bit) => pick('allow', bit),
    roleDeny: (bit) => pick('deny', bit),
    member: (userId) => {
      const o = channel.overwrites.find((w) => w.type === 1 && w.id === userId);
      return o && parse(o);
    },
  };
}

interface GuildModel {
  everyoneBase: bigint;
  /** Non-admin roles other than @everyone. */
  roles: string[];
  rolesWithBase: (bit: bigint) => Set<string>;
}

/** Whether `bit` survives channelPermissions for user `userId` with role set S (bit-level; admin excluded). */
function bitSet(g: GuildModel, ch: ChannelModel, userId: string, bit: bigint, want: boolean): Formula {
  const own = ch.member(userId);
  if (own && has(own.allow, bit)) return want ? TRUE : FALSE;
  if (own && has(own.deny, bit)) return want ? FALSE : TRUE;

  // After the @everyone overwrite: a constant, or "some role grants it at guild level".
  let afterEveryone: Formula;
  if (ch.everyone && has(ch.everyone.allow, bit)) afterEveryone = want ? TRUE : FALSE;
  else if (ch.everyone && has(ch.everyone.deny, bit)) afterEveryone = want ? FALSE : TRUE;
  else if (has(g.everyoneBase, bit)) afterEveryone = want ? TRUE : FALSE;
  else afterEveryone = want ? some(g.rolesWithBase(bit)) : none(g.rolesWithBase(bit));

  const allowed = ch.roleAllow(bit);
  const denied = ch.roleDeny(bit);
  return want
    ? or(some(allowed), and(none(denied), afterEveryone))
    : and(none(allowed), or(some(denied), afterEveryone));
}

/**
 * True when some audience that can read `asked` cannot read `source`, so quoting `source` in
 * `asked` could reveal it. Every combination of non-admin roles is considered, with no member
 * overwrite and with each member overwrite of either channel, which covers (and is more
 * conservative than) @everyone alone and @everyone plus any single role. Threads are resolved to
 * their parents by the caller; a private-thread source is always less visible, and when both are
 * private threads the caller must compare thread ids first (same thread ⇒ not less visible).
 * @see https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export function isLessVisible(
  guild: GuildData,
  asked: ChannelData,
  source: ChannelData,
  opts: { sourceIsPrivateThread?: boolean; askedIsPrivateThread?: boolean } = {},
): boolean {
  if (opts.sourceIsPrivateThread) return true;
  // An asked private thread's audience is a subset of its parent's readers, so the parent stands in.
  if (asked.id === source.id) return false;

  const everyoneBase = rolePermissions(guild, guild.id);
  if (has(everyoneBase, ADMINISTRATOR)) return false;
  const roles = guild.roles
    .filter((r) => r.id !== guild.id && !has(BigInt(r.permissions), ADMINISTRATOR))
    .map((r) => r.id);
  const g: GuildModel = {
    everyoneBase,
    roles,
    rolesWithBase: (bit) => new Set(roles.filter((id) => has(rolePermissions(guild, id), bit))),
  };
  const a = modelChannel(guild, asked, roles);
  const s = modelChannel(guild, source, roles);

  // The empty string matches no member overwrite: a member known only by their roles.
  const userIds = new Set([''] as string[]);
  for (const o of [...asked.overwrites, ...source.overwrites]) if (o.type === 1) userIds.add(o.id);
  userIds.delete(guild.ownerId);

  for (const userId of userIds) {
    const readsAsked = and(
      bitSet(g, a, userId, VIEW_CHANNEL, true),
      bitSet(g, a, userId, READ_MESSAGE_HISTORY, true),
    );
    if (readsAsked.length === 0) continue;
    const missesSource = or(
      bitSet(g, s, userId, VIEW_CHANNEL, false),
      bitSet(g, s, userId, READ_MESSAGE_HISTORY, false),
    );
    if (and(readsAsked, missesSource).length > 0) return true;
  }
  return false;
}
