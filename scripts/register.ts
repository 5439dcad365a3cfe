import { ConfigError, loadSettings } from '../src/config';
import { createRest } from '../src/discord/rest';
import { describeError } from '../src/errors';
import { registerCommands } from '../src/interactions/register';

/**
 * `npm run register`: bulk-overwrites /ask, /status, /forget-me and the "Ask about this message" message
 * command (in one guild when DISCORD_GUILD_ID is set, globally otherwise).
 */
async function main(): Promise<void> {
  const settings = loadSettings(['register']);
  const { applicationId, guildId, botToken, apiUrl } = settings.discord;
  const rest = createRest({ apiUrl, botToken });
  // biome-ignore lint/style/noNonNullAssertion: loadSettings(['register']) guarantees it
  const result = await registerCommands(rest, applicationId!, guildId);
  // Slash commands as /name; context-menu commands (message, user) by their quoted name.
  const names = result
    .map((c) => (c.type === undefined || c.type === 1 ? `/${c.name}` : `"${c.name}"`))
    .join(', ');
  process.stdout.write(
    guildId
      ? `Registered ${names} in guild ${guildId} (available at once).\n`
      : `Registered ${names} globally (Discord clients may take a while to show them).\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `register failed: ${describeError(err)}`}\n`,
  );
  process.exit(1);
});
