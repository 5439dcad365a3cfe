import { settingsText } from '../i18n/messages/settings';
import type { SettingsChangeRecord } from '../store/types';
import { truncate } from '../text/cut';
import { type GuildSettings, type PollState, QUESTION_CHANNEL_TYPES } from './types';

/** A time as Discord shows it in each member's own time zone and language. https://discord.com/developers/docs/reference#message-formatting-timestamp-styles */
export const discordTime = (ms: number) => `<t:${Math.floor(ms / 1000)}:f>`;
export const channelMention = (id: string) => `<#${id}>`;
export const roleMention = (id: string) => `<@&${id}>`;

/** How many changes `/settings show` lists. */
export const SHOWN_CHANGES = 5;

type T = ReturnType<typeof settingsText.for>;

/** A logged value as a short, one-line text (mentions where it is an id). */
function shownValue(t: T, field: string, value: string): string {
  if (value === '') return t('showEmptyValue');
  if (field === 'helper-role') return roleMention(value);
  if (field === 'digest') return channelMention(value);
  return truncate(value.replace(/\s+/g, ' '), 60);
}

function shownField(field: string): string {
  const [name, id] = field.split(':');
  return id === undefined ? (name ?? field) : `${name} ${channelMention(id)}`;
}

/**
 * The `/settings show` report in the reader's `locale`: every setting (with the operator's default
 * marked), the watcher's last failure per help channel, and the last changes with who made them.
 * Fits one message for any settings (the instructions are at most 1,000 characters; long lists are
 * cut).
 */
export function renderSettings(
  s: GuildSettings,
  polls: readonly PollState[],
  changes: readonly SettingsChangeRecord[],
  locale?: string,
): string {
  const t = settingsText.for(locale);
  const channels =
    s.helpChannels.length === 0
      ? t('showNone')
      : truncate(
          s.helpChannels
            .map((c) =>
              t(
                QUESTION_CHANNEL_TYPES.includes(c.type) ? 'showHelpChannelQuestions' : 'showHelpChannelPosts',
                {
                  channel: channelMention(c.channelId),
                  since: discordTime(c.enabledAt),
                },
              ),
            )
            .join(', '),
          600,
        );
  const errors = polls
    .filter((p) => p.lastError !== null)
    .map((p) =>
      t('showPollError', {
        what: p.channelId === null ? t('showForums') : channelMention(p.channelId),
        error: truncate(p.lastError ?? '', 120),
      }),
    );
  const excluded =
    s.excludedChannelIds.length === 0
      ? t('showNone')
      : truncate(s.excludedChannelIds.map(channelMention).join(', '), 400);
  const unsure = t(s.whenUnsure === 'silent' ? 'showWhenUnsureSilent' : 'showWhenUnsureSay');
  // Quoted line by line; blank lines folded, so any instructions fit the message.
  const quoted = truncate(
    s.instructions
      .split(/\n+/)
      .map((l) => `> ${l}`)
      .join('\n'),
    1100,
  );
  const lines = [
    t('showTitle'),
    t('showHelpChannels', { list: channels }),
    ...errors,
    t('showHelperRole', { role: s.helperRoleId === null ? t('showNone') : roleMention(s.helperRoleId) }),
    t('showExcluded', { list: excluded }),
    s.instructions === ''
      ? t('showNoInstructions')
      : `${t('showInstructions', { length: s.instructions.length })}\n${quoted}`,
    s.whenUnsureIsDefault ? `${unsure} ${t('showOperatorDefault')}` : unsure,
    s.digestChannelId === null
      ? t('showDigestOff')
      : t('showDigest', { channel: channelMention(s.digestChannelId) }),
  ];
  if (changes.length > 0) {
    lines.push(
      t('showChanges'),
      // Times, members and channels are Discord markup that each client shows in its own language.
      ...changes.map(
        (c) =>
          `${discordTime(c.at)} <@${c.userId}>: ${shownField(c.field)}: ${shownValue(t, c.field, c.oldValue)} → ${shownValue(t, c.field, c.newValue)}`,
      ),
    );
  }
  return lines.join('\n');
}
