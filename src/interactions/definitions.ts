import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { markAsSolutionDefinition } from '../help/interactions';
import { insightsCommandDefinition } from '../insights/definition';
import { settingsCommandDefinition } from '../settings/definition';

export const QUESTION_MAX_LENGTH = 500;
export const DAYS_MAX = 3650;
/** The message command's name, as members see it in the context menu. */
export const ASK_ABOUT_MESSAGE = 'Ask about this message';

/**
 * The commands, as data: `npm run register` sends exactly this, and the dispatcher routes by these
 * names. https://discord.com/developers/docs/interactions/application-commands
 */
export const commands = [
  {
    name: 'ask',
    type: ApplicationCommandType.ChatInput,
    description: "Ask a question; answered from this server's message history, with links to the sources.",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        name: 'question',
        description: 'What do you want to know?',
        type: ApplicationCommandOptionType.String,
        required: true,
        min_length: 3,
        max_length: QUESTION_MAX_LENGTH,
      },
      {
        name: 'private',
        description: 'Only you see the answer (default: everyone in the channel)',
        type: ApplicationCommandOptionType.Boolean,
        required: false,
      },
      {
        name: 'channel',
        description: 'Search only this channel (and its threads)',
        type: ApplicationCommandOptionType.Channel,
        required: false,
        channel_types: [
          ChannelType.GuildText,
          ChannelType.GuildAnnouncement,
          ChannelType.GuildForum,
          ChannelType.GuildMedia,
          ChannelType.PublicThread,
          ChannelType.PrivateThread,
          ChannelType.AnnouncementThread,
        ],
      },
      {
        name: 'author',
        description: "Search only this member's messages",
        type: ApplicationCommandOptionType.User,
        required: false,
      },
      {
        name: 'days',
        description: 'Search only the messages of the last this many days',
        type: ApplicationCommandOptionType.Integer,
        required: false,
        min_value: 1,
        max_value: DAYS_MAX,
      },
    ],
  },
  {
    name: 'status',
    type: ApplicationCommandType.ChatInput,
    description: 'Health of the bot: model server, search index, indexed messages and answer times.',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  {
    name: 'forget-me',
    type: ApplicationCommandType.ChatInput,
    description: 'Remove your messages in this server from the bot and keep them out (asks to confirm).',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        name: 'undo',
        description: 'Opt back in: messages you write from now on may be indexed again',
        type: ApplicationCommandOptionType.Boolean,
        required: false,
      },
    ],
  },
  {
    name: ASK_ABOUT_MESSAGE,
    type: ApplicationCommandType.Message,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  // Server settings and help channels (issue 19).
  settingsCommandDefinition,
  markAsSolutionDefinition,
  // What members ask and where the bot falls short (issue 21).
  insightsCommandDefinition,
] satisfies RESTPutAPIApplicationCommandsJSONBody;

export type CommandName = (typeof commands)[number]['name'];
