import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { MANAGE_GUILD } from '../discord/permissions';

/** `/insights [days:<1-365>]`'s longest period, in days. */
export const INSIGHTS_DAYS_MAX = 365;

/**
 * `/insights` as data (INTERFACE "Insights"): hidden by Discord from members without Manage Server
 * (`default_member_permissions`) and checked again on every use and every page button.
 * https://discord.com/developers/docs/interactions/application-commands#permissions
 */
export const insightsCommandDefinition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'insights',
  type: ApplicationCommandType.ChatInput,
  description: 'What members ask and where the bot falls short: topics, gaps, channels, ratings.',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  default_member_permissions: String(MANAGE_GUILD),
  options: [
    {
      name: 'days',
      description: 'The period: the last this many days (1–365, default 30)',
      type: ApplicationCommandOptionType.Integer,
      required: false,
      min_value: 1,
      max_value: INSIGHTS_DAYS_MAX,
    },
  ],
};
