import { type CliSpec, checkIds, parseCli, runCli, UsageError } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { jumpLink } from '../src/discord/snowflake';
import { openStore } from '../src/store/open';
import { countOf } from '../src/text/counts';

const SPEC: CliSpec = {
  name: 'feedback',
  usage: '-- --guild GUILD_ID [--down] [--limit N]',
  summary:
    'The help posts handed to a human ("Ask a human") and the answers members rated with 👍 or 👎 in\n' +
    'one guild, newest first, each with its question, the answer and its sources as jump links, for review.',
  options: {
    guild: { type: 'string', value: 'GUILD_ID', description: 'the guild (its id)' },
    down: { type: 'boolean', description: 'only the answers rated 👎' },
    limit: { type: 'string', value: 'N', description: 'at most N answers (default 50)' },
  },
  examples: ['npm run feedback -- --guild 123456789012345678 --down'],
};

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * `npm run feedback`: the help posts handed to a human ("Ask a human"), then the answers members
 * rated in a guild, newest first (only 👎 with `--down`), each with its question, the answer and its
 * sources as jump links, for an operator to review.
 */
async function main(): Promise<number> {
  const { values } = parseCli(SPEC);
  const guildId = values.guild as string | undefined;
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (guildId === undefined) throw new UsageError('say which guild: --guild GUILD_ID');
  checkIds({ '--guild': guildId });
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number from 1');
  const settings = loadSettings();
  const store = await openStore(settings.database);
  try {
    const entries = await store.answers.feedback(guildId, { down: values.down === true, limit });
    const counts = await store.answers.ratingCounts(guildId, 0);
    const handOffs = await store.help.handOffs(guildId, limit);
    process.stdout.write(
      `Guild ${guildId}: 👍 ${counts.up} · 👎 ${counts.down} in all · 🙋 ${countOf(handOffs.length, 'hand-off')}${handOffs.length === limit ? ' (or more)' : ''} to a human\n`,
    );
    // Hand-offs beside 👎 (issue 19): both are answers that did not help.
    for (const post of handOffs) {
      const answer = await store.answers.get(post.postId);
      process.stdout.write(
        `\n🙋 ${when(post.handedOffAt ?? 0)} UTC by user ${post.handedOffBy ?? '?'}: ${jumpLink(guildId, post.channelId, post.postId)}\n` +
          `  Post: ${post.title || answer?.question.split('\n')[0] || '(no title)'} (${post.kind === 'forum' ? 'forum post' : 'question'} by user ${post.authorId})\n` +
          `  Bot: ${post.status === 'answered' ? (answer?.answer || '(sources only, or forgotten)').replace(/\n/g, '\n       ') : `did not answer (${post.outcome ?? post.status})`}\n`,
      );
    }
    if (entries.length === 0) {
      process.stdout.write(values.down ? '\nNo answer was rated 👎.\n' : '\nNo answer was rated.\n');
      return 0;
    }
    for (const e of entries) {
      const a = e.answer;
      const sources = await store.messages.byIds(a.sourceIds);
      process.stdout.write(
        `\n${e.rating > 0 ? '👍' : '👎'} ${when(e.at)} UTC by user ${e.userId}\n` +
          `  Q: ${a.question || '(forgotten)'}\n` +
          `  A: ${(a.answer || '(no generated text: nothing found, the model was unavailable, or a source was forgotten)').replace(/\n/g, '\n     ')}\n` +
          (sources.length === 0
            ? '  Sources: none\n'
            : `  Sources:\n${sources.map((m) => `    ${jumpLink(a.guildId, m.channelId, m.id)}${m.deleted ? ' (deleted since)' : ''}`).join('\n')}\n`),
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

runCli(SPEC, main);
