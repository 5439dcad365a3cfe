import { parseArgs } from 'node:util';
import { ConfigError, loadSettings } from '../src/config';
import { forgetGuild, forgetMember } from '../src/forget';
import { connectToolVectors } from '../src/indexer/wiring';
import { openStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { countOf } from '../src/text/counts';
import type { LocalChroma } from '../src/vector/local-server';

const USAGE = 'usage: npm run forget -- --user ID [--guild ID]  |  npm run forget -- --guild ID';
const SNOWFLAKE = /^\d{17,20}$/;

/** Wrong arguments: one line with the usage, exit 2. */
class UsageError extends Error {}

function parse(): { userId: string | undefined; guildId: string | undefined } {
  let values: { user?: string | undefined; guild?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { user: { type: 'string' }, guild: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) throw new UsageError('');
  if (values.user === undefined && values.guild === undefined)
    throw new UsageError('say whose messages to forget: --user ID, --guild ID, or both');
  for (const [flag, id] of [
    ['--user', values.user],
    ['--guild', values.guild],
  ] as const) {
    if (id !== undefined && !SNOWFLAKE.test(id))
      throw new UsageError(`${flag} "${id}" is not a Discord id (17 to 20 digits)`);
  }
  return { userId: values.user, guildId: values.guild };
}

/**
 * `npm run forget`: removes a member's messages from the index (every guild, or one) and keeps
 * them out of later runs, or removes everything stored for a guild. Prints how many messages were
 * removed; on bad usage or failure, one line and a non-zero exit.
 */
async function main(): Promise<number> {
  const { userId, guildId } = parse();
  const settings = loadSettings([]);
  let store: Store | undefined;
  let chroma: LocalChroma | undefined;
  try {
    store = await openStore(settings.database);
    const connected = await connectToolVectors(settings);
    chroma = connected.chroma;
    const vectors = connected.vectors;
    const deps = { store, vectors };
    if (userId !== undefined) {
      const r = await forgetMember(deps, { userId, guildId, at: Date.now() });
      const where = guildId === undefined ? 'in every guild' : `in guild ${guildId}`;
      process.stdout.write(
        `removed ${countOf(r.removed, 'message')} of member ${userId} ${where}; later index runs do not store their messages\n`,
      );
      if (r.vectorsPending !== undefined)
        process.stdout.write(
          `their vectors leave Chroma at the next index run (${r.vectorsPending}); answers already ignore them\n`,
        );
      return 0;
    }
    // Only --guild: the guild itself.
    const id = guildId as string; // parse() returns at least one of the two
    const r = await forgetGuild(deps, id);
    if (r.vectorsError !== undefined) {
      process.stderr.write(
        `forget failed: guild ${id}'s ${countOf(r.removed, 'message')} left the store, but its vectors are still in Chroma (${r.vectorsError}); run the same command again when Chroma answers\n`,
      );
      return 1;
    }
    process.stdout.write(
      `removed guild ${id}: ${countOf(r.removed, 'message')}, its channels, vectors, cached answers and feedback\n`,
    );
    return 0;
  } finally {
    await chroma?.stop();
    await store?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(err.message === '' ? `${USAGE}\n` : `forget failed: ${err.message} (${USAGE})\n`);
      process.exit(err.message === '' ? 0 : 2);
    }
    const message =
      err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`forget failed: ${message}\n`);
    process.exit(1);
  },
);
