import { type CliSpec, parseCli, runCli } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { createRest } from '../src/discord/rest';
import { registerCommands } from '../src/interactions/register';
import { explainRegisterError } from '../src/interactions/register-errors';

const SPEC: CliSpec = {
  name: 'register',
  usage: '',
  summary:
    'Bulk-overwrites the bot\'s commands (/ask, /status, /forget-me, "Ask about this message"): in the\n' +
    'server DISCORD_GUILD_ID when it is set (available at once), globally otherwise (Discord clients may\n' +
    'take a while to show them). Reads DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN from .env.',
  options: {},
  notes: [
    'When Discord refuses, the last line says what to check: the token (401), the application id or',
    'the invite scopes "bot applications.commands" (403 Missing Access, code 50001).',
  ],
};

/**
 * `npm run register`: bulk-overwrites /ask, /status, /forget-me and the "Ask about this message" message
 * command (in one guild when DISCORD_GUILD_ID is set, globally otherwise).
 */
async function main(): Promise<number> {
  parseCli(SPEC);
  const settings = loadSettings(['register']);
  const { applicationId, guildId, botToken, apiUrl } = settings.discord;
  // biome-ignore lint/style/noNonNullAssertion: loadSettings(['register']) guarantees it
  const app = applicationId!;
  const rest = createRest({ apiUrl, botToken });
  let result: Awaited<ReturnType<typeof registerCommands>>;
  try {
    result = await registerCommands(rest, app, guildId);
  } catch (err) {
    const line = await explainRegisterError(err, { rest, applicationId: app, guildId, apiUrl });
    process.stderr.write(`register failed: ${line}\n`);
    return 1;
  }
  // Slash commands as /name; context-menu commands (message, user) by their quoted name.
  const names = result
    .map((c) => (c.type === undefined || c.type === 1 ? `/${c.name}` : `"${c.name}"`))
    .join(', ');
  process.stdout.write(
    guildId
      ? `Registered ${names} in guild ${guildId} (available at once).\n`
      : `Registered ${names} globally (Discord clients may take a while to show them).\n`,
  );
  return 0;
}

runCli(SPEC, main);
