import { type CliSpec, checkIds, parseCli, runCli, UsageError } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { forgetGuild, forgetMember } from '../src/forget';
import { connectToolVectors } from '../src/indexer/wiring';
import { openStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { countOf } from '../src/text/counts';
import type { LocalChroma } from '../src/vector/local-server';

const SPEC: CliSpec = {
  name: 'forget',
  usage: '-- --user ID [--guild ID]  |  npm run forget -- --guild ID',
  summary:
    "--user: removes a member's messages from the index (every guild, or the one of --guild): their\n" +
    'text leaves the store, their vectors leave Chroma, answers that quoted them are dropped, and later\n' +
    'index runs do not store their messages again (as /forget-me does). --guild alone: removes\n' +
    'everything stored for that guild (messages, channels, vectors, answers, ratings). Prints how many\n' +
    'messages were removed.',
  options: {
    user: { type: 'string', value: 'ID', description: 'the member whose messages to forget (their user id)' },
    guild: { type: 'string', value: 'ID', description: 'only in this guild; alone, the whole guild' },
  },
  examples: ['npm run forget -- --user 234567890123456789', 'npm run forget -- --guild 123456789012345678'],
};

function parse(): { userId: string | undefined; guildId: string | undefined } {
  const { values } = parseCli(SPEC);
  const user = values.user as string | undefined;
  const guild = values.guild as string | undefined;
  if (user === undefined && guild === undefined)
    throw new UsageError('say whose messages to forget: --user ID, --guild ID, or both');
  checkIds({ '--user': user, '--guild': guild });
  return { userId: user, guildId: guild };
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
      if (r.questionsForgotten > 0)
        process.stdout.write(
          `removed ${countOf(r.questionsForgotten, 'question')} they asked from insights\n`,
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
      `removed guild ${id}: ${countOf(r.removed, 'message')}, its channels, vectors, cached answers, feedback and questions\n`,
    );
    return 0;
  } finally {
    await chroma?.stop();
    await store?.close();
  }
}

runCli(SPEC, main);
