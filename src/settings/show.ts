import type { SettingsChangeRecord } from '../store/types';
import { truncate } from '../text/cut';
import { SETTINGS_MESSAGES as M } from './messages';
import { type GuildSettings, type PollState, QUESTION_CHANNEL_TYPES } from './types';

/** A time as Discord shows it in each member's own time zone and language. https://discord.com/developers/docs/reference#message-formatting-timestamp-styles */
export const discordTime = (ms: number) => `<t:${Math.floor(ms / 1000)}:f>`;
export const channelMention = (id: string) => `<#${id}>`;
export const roleMention = (id: string) => `<@&${id}>`;

/** How many changes `/settings show` lists. */
export const SHOWN_CHANGES = 5;

/** A logged value as a short, one-line text (mentions where it is an id). */
function shownValue(field: string, value: string): string {
  if (value === '') return M.showEmptyValue;
  if (field === 'helper-role') return roleMention(value);
  if (field === 'digest') return channelMention(value);
  return truncate(value.replace(/\s+/g, ' '), 60);
}

function shownField(field: string): string {
  const [name, id] = field.split(':');
  return id === undefined ? (name ?? field) : `${name} ${channelMention(id)}`;
}

/**
 * The `/settings show` report: every setting (with the operator's default marked), the watcher's
 * last failure per help channel, and the last changes with who made them. Fits one message for any
 * settings (the instructions are at most 1,000 characters; long lists are cut).
 */
export function renderSettings(
  s: GuildSettings,
  polls: readonly PollState[],
  changes: readonly SettingsChangeRecord[],
): string {
  const channels =
    s.helpChannels.length === 0
      ? M.showNone
      : truncate(
          s.helpChannels
            .map((c) =>
              M.showHelpChannel(
                channelMention(c.channelId),
                QUESTION_CHANNEL_TYPES.includes(c.type) ? 'text' : 'forum',
                discordTime(c.enabledAt),
              ),
            )
            .join(', '),
          600,
        );
  const errors = polls
    .filter((p) => p.lastError !== null)
    .map((p) =>
      M.showPollError(
        p.channelId === null ? M.showForums : channelMention(p.channelId),
        truncate(p.lastError ?? '', 120),
      ),
    );
  const excluded =
    s.excludedChannelIds.length === 0
      ? M.showNone
      : truncate(s.excludedChannelIds.map(channelMention).join(', '), 400);
  const lines = [
    M.showTitle,
    M.showHelpChannels(channels),
    ...errors,
    M.showHelperRole(s.helperRoleId === null ? M.showNone : roleMention(s.helperRoleId)),
    M.showExcluded(excluded),
    s.instructions === ''
      ? M.showNoInstructions
      : M.showInstructions(
          s.instructions.length,
          // Quoted line by line; blank lines folded, so any instructions fit the message.
          truncate(
            s.instructions
              .split(/\n+/)
              .map((l) => `> ${l}`)
              .join('\n'),
            1100,
          ),
        ),
    M.showWhenUnsure(s.whenUnsure, s.whenUnsureIsDefault),
    s.digestChannelId === null ? M.showDigestOff : M.showDigest(channelMention(s.digestChannelId)),
  ];
  if (changes.length > 0) {
    lines.push(
      M.showChanges,
      ...changes.map((c) =>
        M.showChange(
          discordTime(c.at),
          `<@${c.userId}>`,
          shownField(c.field),
          shownValue(c.field, c.oldValue),
          shownValue(c.field, c.newValue),
        ),
      ),
    );
  }
  return lines.join('\n');
}
