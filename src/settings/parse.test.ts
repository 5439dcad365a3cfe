import { describe, expect, it } from 'vitest';
import { canManageServer, parseInstructions, parseSettingsCommand } from './parse';

const G = '900000000000000001';
const CH = '930000000000000001';
const ROLE = '920000000000000001';

/** A /settings interaction's data with one subcommand and its options, as Discord nests them. */
const data = (
  sub: string,
  options: { name: string; type: number; value: unknown }[] = [],
  channelType?: number,
) =>
  ({
    id: '1',
    name: 'settings',
    type: 1,
    options: [{ name: sub, type: 1, options }],
    ...(channelType === undefined
      ? {}
      : { resolved: { channels: { [CH]: { id: CH, type: channelType, name: 'help', permissions: '0' } } } }),
  }) as never;

describe('/settings input', () => {
  it.each([
    ['8', true], // ADMINISTRATOR
    ['32', true], // MANAGE_GUILD
    [String((1n << 5n) | (1n << 10n)), true],
    ['0', false],
    [String(1n << 13n), false], // Manage Messages alone is not Manage Server
    [undefined, false],
    ['not a number', false],
  ])('Manage Server in %s is %s', (perms, expected) => {
    expect(canManageServer(perms)).toBe(expected);
  });

  it.each([
    ['show', [], undefined, { kind: 'show' }],
    ['instructions', [], undefined, { kind: 'modal' }],
    [
      'help-channel',
      [
        { name: 'channel', type: 7, value: CH },
        { name: 'enabled', type: 5, value: true },
      ],
      15,
      { kind: 'update', update: { kind: 'help-channel', channelId: CH, channelType: 15, enabled: true } },
    ],
    [
      'help-channel',
      [
        { name: 'channel', type: 7, value: CH },
        { name: 'enabled', type: 5, value: false },
      ],
      0,
      { kind: 'update', update: { kind: 'help-channel', channelId: CH, channelType: 0, enabled: false } },
    ],
    [
      'helper-role',
      [{ name: 'role', type: 8, value: ROLE }],
      undefined,
      { kind: 'update', update: { kind: 'helper-role', roleId: ROLE } },
    ],
    [
      'helper-role',
      [{ name: 'clear', type: 5, value: true }],
      undefined,
      { kind: 'update', update: { kind: 'helper-role', roleId: null } },
    ],
    [
      'exclude-channel',
      [
        { name: 'channel', type: 7, value: CH },
        { name: 'excluded', type: 5, value: true },
      ],
      0,
      { kind: 'update', update: { kind: 'exclude-channel', channelId: CH, excluded: true } },
    ],
    [
      'when-unsure',
      [{ name: 'mode', type: 3, value: 'say' }],
      undefined,
      { kind: 'update', update: { kind: 'when-unsure', mode: 'say' } },
    ],
    [
      'digest',
      [{ name: 'channel', type: 7, value: CH }],
      0,
      { kind: 'update', update: { kind: 'digest', channelId: CH } },
    ],
    [
      'digest',
      [{ name: 'enabled', type: 5, value: false }],
      undefined,
      { kind: 'update', update: { kind: 'digest', channelId: null } },
    ],
  ])('%s %j → %j', (sub, options, channelType, expected) => {
    expect(parseSettingsCommand(data(sub, options, channelType), G)).toEqual(expected);
  });

  it.each([
    // A voice channel is no help channel.
    [
      'help-channel',
      [
        { name: 'channel', type: 7, value: CH },
        { name: 'enabled', type: 5, value: true },
      ],
      2,
    ],
    // Neither or both of role and clear.
    ['helper-role', [], undefined],
    [
      'helper-role',
      [
        { name: 'role', type: 8, value: ROLE },
        { name: 'clear', type: 5, value: true },
      ],
      undefined,
    ],
    // @everyone (its id is the guild's) must never be pinged.
    ['helper-role', [{ name: 'role', type: 8, value: G }], undefined],
    ['when-unsure', [{ name: 'mode', type: 3, value: 'loud' }], undefined],
    ['digest', [], undefined],
    ['digest', [{ name: 'channel', type: 7, value: CH }], 15],
    ['frobnicate', [], undefined],
  ])('refuses %s %j with a sentence', (sub, options, channelType) => {
    const parsed = parseSettingsCommand(data(sub, options as never, channelType), G);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.message).toMatch(/^[a-zA-Z]+$/);
  });

  it('takes instructions of up to 1,000 characters, trimmed, and empty to clear', () => {
    expect(parseInstructions('  Be kind.\r\nPoint to #faq.  ')).toEqual({
      ok: true,
      text: 'Be kind.\nPoint to #faq.',
    });
    expect(parseInstructions('')).toEqual({ ok: true, text: '' });
    expect(parseInstructions(undefined)).toEqual({ ok: true, text: '' });
    expect(parseInstructions('x'.repeat(1000))).toMatchObject({ ok: true });
    const long = parseInstructions('x'.repeat(1001));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.length).toBe(1001);
  });
});
