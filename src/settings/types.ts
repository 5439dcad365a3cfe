/**
 * Per-server settings (issue 19): what moderators change with `/settings`, stored in the database
 * (the same for every process), with the operator's environment settings as defaults.
 */
import type { HelpChannel, SettingsUpdate, StoredGuildSettings, WatchPoll, WhenUnsure } from '../store/types';

export type { HelpChannel, SettingsUpdate, WhenUnsure } from '../store/types';

/** The longest extra guidance a server may give its answers, in characters (UTF-16 units). */
export const INSTRUCTIONS_MAX = 1000;

/** Channel types a help channel may be: text and announcement (questions), forum and media (posts). */
export const HELP_CHANNEL_TYPES: readonly number[] = [0, 5, 15, 16];
/** Those whose questions are top-level messages; the others hold posts (threads). */
export const QUESTION_CHANNEL_TYPES: readonly number[] = [0, 5];
/** Where a digest may be sent: text and announcement channels. */
export const DIGEST_CHANNEL_TYPES: readonly number[] = [0, 5];

/** What the operator's environment decides for servers that have not chosen. */
export interface OperatorDefaults {
  /** HELP_WHEN_UNSURE. */
  whenUnsure: WhenUnsure;
}

/** A server's settings with the operator's defaults applied: what the bot acts on. */
export interface GuildSettings {
  guildId: string;
  helpChannels: HelpChannel[];
  helperRoleId: string | null;
  excludedChannelIds: string[];
  /** Extra guidance for answers, '' for none. */
  instructions: string;
  whenUnsure: WhenUnsure;
  /** True when `whenUnsure` is the operator's default (the server never chose). */
  whenUnsureIsDefault: boolean;
  /** The weekly insights digest's channel (issue 21 sends it); null when off. */
  digestChannelId: string | null;
}

/** The stored settings with the operator's defaults filled in. */
export function resolveSettings(stored: StoredGuildSettings, defaults: OperatorDefaults): GuildSettings {
  return {
    guildId: stored.guildId,
    helpChannels: stored.helpChannels,
    helperRoleId: stored.helperRoleId,
    excludedChannelIds: stored.excludedChannelIds,
    instructions: stored.instructions,
    whenUnsure: stored.whenUnsure ?? defaults.whenUnsure,
    whenUnsureIsDefault: stored.whenUnsure === null,
    digestChannelId: stored.digestChannelId,
  };
}

/** What a `settings` job does: show the settings, or apply one validated change. */
export type SettingsPayload = { action: 'show' } | { action: 'update'; update: SettingsUpdate };

/** The watcher's state of the server's help channels, for `/settings show`. */
export type PollState = WatchPoll;
