import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const QUESTION_MAX_LENGTH = 500;

/**
 * The slash commands, as data: `npm run register` sends exactly this, and the dispatcher routes by
 * these names. https://discord.com/developers/docs/interactions/application-commands
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
    ],
  },
  {
    name: 'status',
    type: ApplicationCommandType.ChatInput,
    description: 'Health of the bot: model server, search index, indexed messages and answer times.',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
] satisfies RESTPutAPIApplicationCommandsJSONBody;

export type CommandName = (typeof commands)[number]['name'];
