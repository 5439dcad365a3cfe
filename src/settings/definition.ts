import {
  type APIApplicationCommandChannelOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { MANAGE_GUILD } from '../discord/permissions';

/** Channels whose history can be excluded: every kind that holds messages or posts, and threads. */
const MESSAGE_HOLDERS: APIApplicationCommandChannelOption['channel_types'] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
];

/**
 * `/settings` as data (INTERFACE "Server settings, help channels and hand-off"): hidden by Discord
 * from members without Manage Server (`default_member_permissions`), and checked again on every use,
 * since server admins can change who sees a command.
 * https://discord.com/developers/docs/interactions/application-commands#permissions
 */
export const settingsCommandDefinition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'settings',
  type: ApplicationCommandType.ChatInput,
  description: "This server's settings for the bot: help channels, helper role, excluded channels…",
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  default_member_permissions: String(MANAGE_GUILD),
  options: [
    {
      name: 'show',
      description: "Show this server's settings (only you see them)",
      type: ApplicationCommandOptionType.Subcommand,
    },
    {
      name: 'help-channel',
      description: 'Watch a channel or forum and answer new questions and posts there',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'channel',
          description: 'A text, announcement or forum channel',
          type: ApplicationCommandOptionType.Channel,
          required: true,
          channel_types: [
            ChannelType.GuildText,
            ChannelType.GuildAnnouncement,
            ChannelType.GuildForum,
            ChannelType.GuildMedia,
          ],
        },
        {
          name: 'enabled',
          description: 'True: answer questions posted from now on; False: stop',
          type: ApplicationCommandOptionType.Boolean,
          required: true,
        },
      ],
    },
    {
      name: 'helper-role',
      description: 'The role "Ask a human" pings',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'role',
          description: 'The helpers',
          type: ApplicationCommandOptionType.Role,
          required: false,
        },
        {
          name: 'clear',
          description: 'True: no helper role',
          type: ApplicationCommandOptionType.Boolean,
          required: false,
        },
      ],
    },
    {
      name: 'exclude-channel',
      description: 'Never index or cite a channel (its stored messages leave the index)',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'channel',
          description: 'The channel (with its threads)',
          type: ApplicationCommandOptionType.Channel,
          required: true,
          channel_types: MESSAGE_HOLDERS,
        },
        {
          name: 'excluded',
          description: 'True: never index or cite it; False: index it again',
          type: ApplicationCommandOptionType.Boolean,
          required: true,
        },
      ],
    },
    {
      name: 'instructions',
      description: 'Extra guidance for answers, e.g. tone or where to send people (opens a form)',
      type: ApplicationCommandOptionType.Subcommand,
    },
    {
      name: 'when-unsure',
      description: 'In help channels: stay silent or say so when nothing relevant is found',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'mode',
          description: 'silent or say',
          type: ApplicationCommandOptionType.String,
          required: true,
          choices: [
            { name: 'silent', value: 'silent' },
            { name: 'say', value: 'say' },
          ],
        },
      ],
    },
    {
      name: 'digest',
      description: 'Where the weekly insights digest goes',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'channel',
          description: 'A text or announcement channel',
          type: ApplicationCommandOptionType.Channel,
          required: false,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        {
          name: 'enabled',
          description: 'False: no digest',
          type: ApplicationCommandOptionType.Boolean,
          required: false,
        },
      ],
    },
  ],
};
