import { describe, expect, it } from 'vitest';
import {
  ADMINISTRATOR,
  ALL_PERMISSIONS,
  basePermissions,
  type ChannelData,
  CONNECT,
  canReadHistory,
  channelPermissions,
  type GuildData,
  isLessVisible,
  MANAGE_THREADS,
  type MemberData,
  type OverwriteData,
  READ_MESSAGE_HISTORY,
  readableChannelIds,
  type ScopeInput,
  type ThreadData,
  VIEW_CHANNEL,
} from './permissions';

const READ = VIEW_CHANNEL | READ_MESSAGE_HISTORY;
const SEND = 1n << 11n;
const s = (bits: bigint) => bits.toString();

const GUILD_ID = '100';
const OWNER = '900';
const MEMBER_ROLE = '201';
const MOD_ROLE = '202';
const ADMIN_ROLE = '203';
const MUTED_ROLE = '204';
const THREAD_MOD_ROLE = '205';

const guild: GuildData = {
  id: GUILD_ID,
  ownerId: OWNER,
  roles: [
    { id: GUILD_ID, permissions: s(READ | SEND) },
    { id: MEMBER_ROLE, permissions: '0' },
    { id: MOD_ROLE, permissions: '0' },
    { id: ADMIN_ROLE, permissions: s(ADMINISTRATOR) },
    { id: MUTED_ROLE, permissions: '0' },
    { id: THREAD_MOD_ROLE, permissions: s(MANAGE_THREADS) },
  ],
};

const role = (id: string, allow: bigint, deny: bigint): OverwriteData => ({
  id,
  type: 0,
  allow: s(allow),
  deny: s(deny),
});
const user = (id: string, allow: bigint, deny: bigint): OverwriteData => ({
  id,
  type: 1,
  allow: s(allow),
  deny: s(deny),
});
const channel = (id: string, overwrites: OverwriteData[], extra: Partial<ChannelData> = {}): ChannelData => ({
  id,
  type: 0,
  parentId: null,
  nsfw: false,
  overwrites,
  ...extra,
});
const member = (userId: string, ...roleIds: string[]): MemberData => ({ userId, roleIds });

const general = channel('1', []);
const modOnly = channel('2', [role(GUILD_ID, 0n, VIEW_CHANNEL), role(MOD_ROLE, VIEW_CHANNEL, 0n)]);
const membersOnly = channel('3', [role(GUILD_ID, 0n, VIEW_CHANNEL), role(MEMBER_ROLE, VIEW_CHANNEL, 0n)]);
const conflicting = channel('4', [role(MEMBER_ROLE, 0n, VIEW_CHANNEL), role(MOD_ROLE, VIEW_CHANNEL, 0n)]);
const memberBeatsRole = channel('5', [role(MOD_ROLE, VIEW_CHANNEL, 0n), user('7', 0n, VIEW_CHANNEL)]);
const noHistory = channel('6', [role(GUILD_ID, 0n, READ_MESSAGE_HISTORY)]);
const onlyUser8 = channel('7', [role(GUILD_ID, 0n, VIEW_CHANNEL), user('8', VIEW_CHANNEL, 0n)]);
const viewDeniedButHistoryAllowed = channel('8', [role(GUILD_ID, READ_MESSAGE_HISTORY, VIEW_CHANNEL)]);
const mutedDenied = channel('9', [role(MUTED_ROLE, 0n, VIEW_CHANNEL)]);

describe('basePermissions', () => {
  it.each([
    ['@everyone only', member('1'), READ | SEND],
    ['plus a role', member('1', THREAD_MOD_ROLE), READ | SEND | MANAGE_THREADS],
    ['admin role', member('1', ADMIN_ROLE), ALL_PERMISSIONS],
    ['owner without roles', member(OWNER), ALL_PERMISSIONS],
    ['unknown role ignored', member('1', '999'), READ | SEND],
  ])('%s', (_, m, expected) => {
    expect(basePermissions(guild, m)).toBe(expected);
  });
});

describe('channelPermissions and canReadHistory', () => {
  it.each([
    ['no overwrites', general, member('1'), true],
    ['@everyone deny, no role', modOnly, member('1'), false],
    ['@everyone deny + role allow', modOnly, member('1', MOD_ROLE), true],
    ['@everyone deny + other role', modOnly, member('1', MEMBER_ROLE), false],
    ['role deny alone', conflicting, member('1', MEMBER_ROLE), false],
    ['role deny vs role allow: allow wins', conflicting, member('1', MEMBER_ROLE, MOD_ROLE), true],
    ['member overwrite beats role overwrite', memberBeatsRole, member('7', MOD_ROLE), false],
    ['member overwrite grants', onlyUser8, member('8'), true],
    ['member overwrite for someone else', onlyUser8, member('9'), false],
    ['admin ignores overwrites', modOnly, member('1', ADMIN_ROLE), true],
    ['owner ignores overwrites', modOnly, member(OWNER), true],
    ['READ_MESSAGE_HISTORY denied', noHistory, member('1'), false],
    ['no VIEW_CHANNEL implies no read', viewDeniedButHistoryAllowed, member('1'), false],
  ])('%s', (_, ch, m, readable) => {
    expect(canReadHistory(channelPermissions(guild, m, ch))).toBe(readable);
  });

  it('denies every bit implicitly without VIEW_CHANNEL', () => {
    expect(channelPermissions(guild, member('1'), viewDeniedButHistoryAllowed)).toBe(0n);
  });

  it('keeps VIEW_CHANNEL but not history when history is denied', () => {
    const perms = channelPermissions(guild, member('1'), noHistory);
    expect(perms & VIEW_CHANNEL).toBe(VIEW_CHANNEL);
    expect(perms & READ_MESSAGE_HISTORY).toBe(0n);
  });

  it.each([
    [0n, false],
    [VIEW_CHANNEL, false],
    [READ_MESSAGE_HISTORY, false],
    [READ, true],
    [ALL_PERMISSIONS, true],
  ])('canReadHistory(%s) → %s', (perms, expected) => {
    expect(canReadHistory(perms)).toBe(expected);
  });
});

describe('readableChannelIds', () => {
  const category = channel('10', [], { type: 4 });
  const nsfw = channel('11', [], { nsfw: true, parentId: '10' });
  const voice = channel('12', [], { type: 2 });
  const voiceWithConnect = channel('13', [role(GUILD_ID, CONNECT, 0n)], { type: 2 });
  const threads: ThreadData[] = [
    { id: '20', parentId: general.id, private: false },
    { id: '21', parentId: general.id, private: true },
    { id: '22', parentId: modOnly.id, private: false },
    { id: '23', parentId: nsfw.id, private: false },
    { id: '24', parentId: '404', private: false },
    { id: '25', parentId: modOnly.id, private: true },
  ];
  const base: ScopeInput = {
    guild,
    member: member('1'),
    channels: [category, general, modOnly, noHistory, nsfw, voice, voiceWithConnect],
    threads,
    threadMemberships: new Set(),
    allowNsfw: false,
  };
  const sorted = (ids: Set<string>) => [...ids].sort((a, b) => Number(a) - Number(b));

  it.each<[string, Partial<ScopeInput>, string[]]>([
    ['plain member: public threads follow the parent', {}, ['1', '13', '20']],
    ['nsfw allowed', { allowNsfw: true }, ['1', '11', '13', '20', '23']],
    ['private thread member', { threadMemberships: new Set(['21', '25']) }, ['1', '13', '20', '21']],
    [
      'mod sees mod-only and its public thread',
      { member: member('1', MOD_ROLE) },
      ['1', '2', '13', '20', '22'],
    ],
    [
      'MANAGE_THREADS opens private threads of readable parents',
      { member: member('1', MOD_ROLE, THREAD_MOD_ROLE) },
      ['1', '2', '13', '20', '21', '22', '25'],
    ],
    [
      'admin sees every readable channel except nsfw and categories',
      { member: member('1', ADMIN_ROLE) },
      ['1', '2', '6', '12', '13', '20', '21', '22', '25'],
    ],
    [
      'owner with nsfw',
      { member: member(OWNER), allowNsfw: true },
      ['1', '2', '6', '11', '12', '13', '20', '21', '22', '23', '25'],
    ],
  ])('%s', (_, patch, expected) => {
    expect(sorted(readableChannelIds({ ...base, ...patch }))).toEqual(expected);
  });
});

describe('isLessVisible', () => {
  it.each<[string, ChannelData, ChannelData, boolean]>([
    ['same channel', modOnly, modOnly, false],
    ['same visibility', general, channel('50', []), false],
    ['#mod-only quoted in #general', general, modOnly, true],
    ['#general quoted in #mod-only (source more visible)', modOnly, general, false],
    ['#general quoted in role-limited channel', membersOnly, general, false],
    ['role-limited quoted in #general', general, membersOnly, true],
    ['member-overwrite-only channel quoted in #general', general, onlyUser8, true],
    ['#general quoted in member-overwrite-only channel', onlyUser8, general, false],
    ['history denied quoted in #general', general, noHistory, true],
    ['channel hidden from a muted role quoted in #general', general, mutedDenied, true],
    ['mod-only quoted in members-only', membersOnly, modOnly, true],
    ['members-only quoted in mod-only', modOnly, membersOnly, true],
    ['a user denied on the source', general, memberBeatsRole, true],
  ])('%s → %s', (_, asked, source, expected) => {
    expect(isLessVisible(guild, asked, source)).toBe(expected);
  });

  it.each([
    [{ sourceIsPrivateThread: true }, true],
    [{ sourceIsPrivateThread: true, askedIsPrivateThread: true }, true],
    [{ askedIsPrivateThread: true }, false],
  ])('threads resolved to the same parent: %j → %s', (opts, expected) => {
    expect(isLessVisible(guild, general, general, opts)).toBe(expected);
  });

  it('ignores admin roles, which see everything', () => {
    const adminOnly = channel('60', [role(GUILD_ID, 0n, VIEW_CHANNEL)]);
    expect(isLessVisible(guild, adminOnly, modOnly)).toBe(false);
  });

  it('finds an audience that needs two roles together', () => {
    // Only someone with MOD_ROLE reads the asked channel; only MUTED_ROLE loses the source, so the
    // leak is to a muted moderator, which no single-role audience shows.
    expect(isLessVisible(guild, modOnly, mutedDenied)).toBe(true);
  });

  it('agrees with brute force over every role combination', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const bits = [0n, VIEW_CHANNEL, READ_MESSAGE_HISTORY, READ];
    const pick = () => bits[Math.floor(random() * bits.length)] ?? 0n;
    const roleIds = ['301', '302', '303'];
    const userIds = ['401', '402'];
    const overwrites = (): OverwriteData[] => {
      const out: OverwriteData[] = [];
      for (const id of [GUILD_ID, ...roleIds]) if (random() < 0.6) out.push(role(id, pick(), pick()));
      for (const id of userIds) if (random() < 0.3) out.push(user(id, pick(), pick()));
      return out;
    };

    const outcomes = new Set<boolean>();
    for (let round = 0; round < 400; round++) {
      const g: GuildData = {
        id: GUILD_ID,
        ownerId: OWNER,
        roles: [
          { id: GUILD_ID, permissions: s(pick()) },
          ...roleIds.map((id) => ({ id, permissions: s(random() < 0.1 ? ADMINISTRATOR : pick()) })),
        ],
      };
      const asked = channel('1', overwrites());
      const source = channel('2', overwrites());
      let expected = false;
      for (const userId of ['400', ...userIds]) {
        for (let mask = 0; mask < 1 << roleIds.length; mask++) {
          const m = member(userId, ...roleIds.filter((_, i) => mask & (1 << i)));
          const readsAsked = canReadHistory(channelPermissions(g, m, asked));
          const readsSource = canReadHistory(channelPermissions(g, m, source));
          if (readsAsked && !readsSource) expected = true;
        }
      }
      expect(isLessVisible(g, asked, source), JSON.stringify({ g, asked, source })).toBe(expected);
      outcomes.add(expected);
    }
    expect(outcomes).toEqual(new Set([true, false]));
  });
});
