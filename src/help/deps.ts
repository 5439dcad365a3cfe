import type { ChannelClient } from '../discord/channels';
import type { OperatorDefaults } from '../settings/types';

/** What the help-channel jobs need beyond the other jobs' dependencies (issue 19). */
export interface HelpDeps {
  /** The bot-token client; undefined without DISCORD_BOT_TOKEN (nothing can be read or posted then). */
  channels: ChannelClient | undefined;
  /** The bot's user id: its own messages are recognised by it. */
  botUserId: string;
  /** The operator's defaults for servers that have not chosen. */
  defaults: OperatorDefaults;
}
