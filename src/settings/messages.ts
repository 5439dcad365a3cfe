/**
 * Every sentence `/settings` shows members, in English, in one place (issue 22 turns these into
 * `t()` calls). Functions take the values they insert.
 */
import { INSTRUCTIONS_MAX } from './types';

export const SETTINGS_MESSAGES = {
  refused:
    "Only members with the **Manage Server** permission can change the bot's settings. Ask a moderator.",
  unknownSubcommand:
    'Use one of the `/settings` subcommands: show, help-channel, helper-role, exclude-channel, instructions, when-unsure, digest.',
  helpChannelType: 'A help channel must be a text, announcement or forum channel.',
  helperRoleUsage:
    'Give either `role:` (the role "Ask a human" pings) or `clear:True` (no helper role), not both.',
  helperRoleEveryone: 'The helper role cannot be @everyone: pick the role of your helpers.',
  digestUsage: 'Give `channel:` (where the weekly digest goes) or `enabled:False` (no digest).',
  digestType: 'The digest can go to a text or announcement channel.',
  whenUnsureUsage: 'Choose `mode:` silent or say.',
  instructionsTooLong: (n: number) =>
    `The instructions are ${n} characters long; please keep them to ${INSTRUCTIONS_MAX}.`,
  modalTitle: 'Extra instructions for answers',
  modalLabel: 'Guidance the bot follows (empty clears it)',
  modalPlaceholder: 'e.g. Answer in a friendly tone. For billing, point people to #billing-help.',
  failed: "I couldn't change the settings right now (my database is unavailable). Please try again later.",
  unchanged: 'Nothing changed: that was already the setting.',
  helpChannelOn: (channel: string, forum: boolean) =>
    `Now watching ${channel}: I'll answer new ${forum ? 'posts' : 'questions'} there (only those created from now on), in the ${forum ? 'post' : 'channel'}, with sources and buttons to ask a human or mark it solved.`,
  helpChannelOff: (channel: string) => `Stopped watching ${channel}.`,
  noBotToken:
    '⚠️ The bot has no bot token (DISCORD_BOT_TOKEN), so it cannot read help channels: ask the operator to set it.',
  helperRoleSet: (role: string) => `"Ask a human" now pings ${role}.`,
  helperRoleCleared: 'No helper role: "Ask a human" asks for help without pinging a role.',
  excluded: (channel: string, removed: number) =>
    `${channel} is now excluded: it is never indexed or cited, and ${removed} stored message${removed === 1 ? '' : 's'} left the index.`,
  included: (channel: string) =>
    `${channel} is no longer excluded: the next index run reads its history again.`,
  vectorsPending:
    'The search index (Chroma) could not be updated right now; the next index run removes the rest.',
  instructionsSet: (n: number) =>
    `Saved: answers now follow your ${n}-character guidance (it never overrides who may read what).`,
  instructionsCleared: 'Cleared: answers follow no extra guidance.',
  whenUnsureSet: (mode: 'silent' | 'say') =>
    mode === 'silent'
      ? 'In help channels, I now stay silent when I find nothing relevant.'
      : 'In help channels, I now say so when I find nothing relevant.',
  digestSet: (channel: string) => `The weekly insights digest now goes to ${channel}.`,
  digestOff: 'No weekly insights digest.',
  // /settings show
  showTitle: "**This server's settings**",
  showHelpChannels: (list: string) => `🆘 Help channels: ${list}`,
  showNone: 'none',
  showHelpChannel: (channel: string, kind: 'forum' | 'text', since: string) =>
    `${channel} (${kind === 'forum' ? 'posts' : 'questions'} since ${since})`,
  showPollError: (what: string, error: string) => `⚠️ ${what}: the last look failed (${error})`,
  showForums: 'the forums',
  showHelperRole: (role: string) => `🙋 Helper role ("Ask a human"): ${role}`,
  showExcluded: (list: string) => `🚫 Never indexed or cited: ${list}`,
  showInstructions: (n: number, text: string) => `📝 Extra instructions (${n} characters):\n${text}`,
  showNoInstructions: '📝 Extra instructions: none (`/settings instructions`)',
  showWhenUnsure: (mode: 'silent' | 'say', isDefault: boolean) =>
    `🤷 When nothing relevant is found in a help channel: ${mode === 'silent' ? 'stay silent' : 'say so'}${isDefault ? " (the operator's default)" : ''}`,
  showDigest: (channel: string) => `📬 Weekly digest: ${channel}`,
  showDigestOff: '📬 Weekly digest: off',
  showChanges: '🕘 Last changes:',
  showChange: (when: string, who: string, field: string, from: string, to: string) =>
    `${when} ${who}: ${field}: ${from} → ${to}`,
  showEmptyValue: '(none)',
};
