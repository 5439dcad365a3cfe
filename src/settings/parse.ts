/**
 * `/settings` interactions → one validated change, checked once where they enter (the
 * acknowledgement); the worker applies what comes out of here as it is.
 */
import {
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteractionData,
  ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import { ADMINISTRATOR, MANAGE_GUILD } from '../discord/permissions';
import type { SettingsUpdate } from '../store/types';
import { DIGEST_CHANNEL_TYPES, HELP_CHANNEL_TYPES, INSTRUCTIONS_MAX } from './types';

/** What a `/settings` use asks for. */
export type ParsedSettings =
  | { kind: 'show' }
  | { kind: 'modal' }
  | { kind: 'update'; update: SettingsUpdate }
  /** A sentence of the settings catalogue that says what is wrong. */
  | { kind: 'invalid'; message: InvalidKey };

/** The settings catalogue's keys for input errors. */
export type InvalidKey =
  | 'unknownSubcommand'
  | 'helpChannelType'
  | 'helperRoleUsage'
  | 'helperRoleEveryone'
  | 'digestUsage'
  | 'digestType'
  | 'whenUnsureUsage';

/**
 * Whether `permissions` (the member's computed permissions, as Discord sends them with every guild
 * interaction) include Manage Server; an administrator has every permission.
 * https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
 */
export function canManageServer(permissions: string | undefined): boolean {
  if (permissions === undefined || !/^\d+$/.test(permissions)) return false;
  const bits = BigInt(permissions);
  return (bits & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n;
}

type Option = APIApplicationCommandInteractionDataOption;

/**
 * The subcommand and its options from a `/settings` interaction's data (options nested in the
 * subcommand's `options`), with the resolved channels' types.
 * https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
 */
export function parseSettingsCommand(
  data: APIChatInputApplicationCommandInteractionData,
  guildId: string,
): ParsedSettings {
  const sub = data.options?.[0];
  if (sub?.type !== ApplicationCommandOptionType.Subcommand)
    return { kind: 'invalid', message: 'unknownSubcommand' };
  const opts = sub.options ?? [];
  const get = (name: string): Option | undefined => opts.find((o) => o.name === name);
  const bool = (name: string): boolean | undefined => {
    const o = get(name);
    return o?.type === ApplicationCommandOptionType.Boolean ? o.value : undefined;
  };
  const channel = (name: string): { id: string; type: number | undefined } | undefined => {
    const o = get(name);
    if (o?.type !== ApplicationCommandOptionType.Channel) return undefined;
    const resolved = data.resolved?.channels?.[o.value];
    return { id: o.value, type: resolved?.type };
  };
  switch (sub.name) {
    case 'show':
      return { kind: 'show' };
    case 'instructions':
      return { kind: 'modal' };
    case 'help-channel': {
      const c = channel('channel');
      const enabled = bool('enabled');
      if (c === undefined || enabled === undefined) return { kind: 'invalid', message: 'helpChannelType' };
      if (c.type === undefined || !HELP_CHANNEL_TYPES.includes(c.type))
        return { kind: 'invalid', message: 'helpChannelType' };
      return {
        kind: 'update',
        update: { kind: 'help-channel', channelId: c.id, channelType: c.type, enabled },
      };
    }
    case 'helper-role': {
      const role = get('role');
      const clear = bool('clear') === true;
      const roleId = role?.type === ApplicationCommandOptionType.Role ? role.value : undefined;
      if ((roleId === undefined) === !clear) return { kind: 'invalid', message: 'helperRoleUsage' };
      // The @everyone role's id is the guild's: pinging it is what allowed_mentions must never do.
      if (roleId === guildId) return { kind: 'invalid', message: 'helperRoleEveryone' };
      return { kind: 'update', update: { kind: 'helper-role', roleId: roleId ?? null } };
    }
    case 'exclude-channel': {
      const c = channel('channel');
      const excluded = bool('excluded');
      if (c === undefined || excluded === undefined) return { kind: 'invalid', message: 'unknownSubcommand' };
      return { kind: 'update', update: { kind: 'exclude-channel', channelId: c.id, excluded } };
    }
    case 'when-unsure': {
      const mode = get('mode');
      const value = mode?.type === ApplicationCommandOptionType.String ? mode.value : undefined;
      if (value !== 'silent' && value !== 'say') return { kind: 'invalid', message: 'whenUnsureUsage' };
      return { kind: 'update', update: { kind: 'when-unsure', mode: value } };
    }
    case 'digest': {
      const c = channel('channel');
      const enabled = bool('enabled');
      if (c !== undefined && enabled !== false) {
        if (c.type === undefined || !DIGEST_CHANNEL_TYPES.includes(c.type))
          return { kind: 'invalid', message: 'digestType' };
        return { kind: 'update', update: { kind: 'digest', channelId: c.id } };
      }
      if (c === undefined && enabled === false)
        return { kind: 'update', update: { kind: 'digest', channelId: null } };
      return { kind: 'invalid', message: 'digestUsage' };
    }
    default:
      return { kind: 'invalid', message: 'unknownSubcommand' };
  }
}

/**
 * The text of the instructions modal as it will be stored: line ends as `\n`, surrounding space
 * trimmed, '' to clear; longer than INSTRUCTIONS_MAX is refused (never cut silently).
 */
export function parseInstructions(
  raw: string | undefined,
): { ok: true; text: string } | { ok: false; length: number } {
  const text = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  if (text.length > INSTRUCTIONS_MAX) return { ok: false, length: text.length };
  return { ok: true, text };
}
