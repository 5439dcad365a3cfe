import { parseArgs } from 'node:util';
import { ConfigError, loadSettings } from '../src/config';
import { jumpLink } from '../src/discord/snowflake';
import { describeError } from '../src/errors';
import { redactUrl } from '../src/store/errors';
import { openStore } from '../src/store/open';

const USAGE = 'usage: npm run feedback -- --guild GUILD_ID [--down] [--limit N]';

/**
 * `npm run feedback`: the answers members rated in a guild, newest first (only 👎 with `--down`),
 * each with its question, the answer and its sources as jump links, for an operator to review.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { guild: { type: 'string' }, down: { type: 'boolean' }, limit: { type: 'string' } },
  });
  const guildId = values.guild;
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (guildId === undefined || !/^\d{17,20}$/.test(guildId) || !Number.isInteger(limit) || limit < 1) {
    throw new UsageError(USAGE);
  }
  const settings = loadSettings();
  const store = await openStore(settings.database);
  try {
    const entries = await store.answers.feedback(guildId, { down: values.down === true, limit });
    const counts = await store.answers.ratingCounts(guildId, 0);
    process.stdout.write(`Guild ${guildId}: 👍 ${counts.up} · 👎 ${counts.down} in all\n`);
    if (entries.length === 0) {
      process.stdout.write(values.down ? 'No answer was rated 👎.\n' : 'No answer was rated.\n');
      return;
    }
    for (const e of entries) {
      const a = e.answer;
      const sources = await store.messages.byIds(a.sourceIds);
      process.stdout.write(
        `\n${e.rating > 0 ? '👍' : '👎'} ${new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')} UTC by user ${e.userId}\n` +
          `  Q: ${a.question || '(forgotten)'}\n` +
          `  A: ${(a.answer || '(no generated text: nothing found, the model was unavailable, or a source was forgotten)').replace(/\n/g, '\n     ')}\n` +
          (sources.length === 0
            ? '  Sources: none\n'
            : `  Sources:\n${sources.map((m) => `    ${jumpLink(a.guildId, m.channelId, m.id)}${m.deleted ? ' (deleted since)' : ''}`).join('\n')}\n`),
      );
    }
  } finally {
    await store.close();
  }
}

class UsageError extends Error {}

main().catch((err: unknown) => {
  const line =
    err instanceof ConfigError || err instanceof UsageError
      ? err.message
      : `feedback failed: ${redactUrl(describeError(err))}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
