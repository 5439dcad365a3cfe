import { parseArgs } from 'node:util';
import type { APIGuildMember } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import { systemClock } from '../src/async';
import { ConfigError, loadSettings } from '../src/config';
import { createGuildDirectory } from '../src/discord/guild-directory';
import { createRest } from '../src/discord/rest';
import { jumpLink } from '../src/discord/snowflake';
import { describeError } from '../src/errors';
import { answerQuestion } from '../src/llm/answer';
import { createOllamaPool } from '../src/llm/hosts';
import { readableScope } from '../src/retrieval/scope';
import { getChannel, guildChannels } from '../src/store/channels';
import { openDb } from '../src/store/db';
import { countIndexed } from '../src/store/messages';
import { connectChroma } from '../src/vector/local-server';
import { openVectorStore } from '../src/vector/store';

const USAGE = 'usage: npm run ask -- --guild GUILD_ID [--user USER_ID] [--channel CHANNEL_ID] "question"';

/**
 * `npm run ask`: the /ask pipeline in a terminal. By default it searches every stored channel of the
 * guild (an operator's view); `--user` applies that member's permissions, as /ask would.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { guild: { type: 'string' }, user: { type: 'string' }, channel: { type: 'string' } },
    allowPositionals: true,
  });
  const question = positionals.join(' ').trim();
  if (!values.guild || question === '') throw new UsageError(USAGE);
  const guildId = values.guild;
  const settings = loadSettings(values.user ? ['indexer'] : []);
  const db = openDb(settings.databasePath);
  const chroma = await connectChroma(settings.chroma.url, settings.dataDir);
  try {
    if (countIndexed(db, guildId).messages === 0) {
      throw new Error(`no messages are indexed for guild ${guildId}; run \`npm run index\` first`);
    }
    let channelIds = [...new Set(guildChannels(db, guildId).map((c) => c.id))];
    if (values.user) {
      const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
      const member = (await rest.get(Routes.guildMember(guildId, values.user))) as APIGuildMember;
      const scope = await readableScope(
        { db, directory: createGuildDirectory(rest, systemClock) },
        { guildId, channelId: values.channel ?? '', userId: values.user, roleIds: member.roles },
      );
      channelIds = scope.channelIds;
      process.stderr.write(`Searching ${channelIds.length} channels readable by user ${values.user}.\n`);
    }
    const ollama = createOllamaPool(settings.ollama);
    let printed = 0;
    const answer = await answerQuestion(
      {
        db,
        clock: systemClock,
        embedder: ollama.embedder,
        vectors: await openVectorStore({
          url: chroma.url,
          collectionPrefix: settings.chroma.collection,
          model: settings.ollama.embedModel,
          timeoutMs: settings.chroma.timeoutMs,
        }),
        chat: ollama.chat,
        numCtx: settings.ollama.numCtx,
      },
      { question, guildId, channelIds, channelName: (id) => getChannel(db, id)?.name || undefined },
      {
        onText: (text) => {
          process.stdout.write(text.slice(printed));
          printed = text.length;
        },
      },
    );
    if (answer.kind === 'nothing_found') {
      process.stdout.write('Nothing relevant found in the indexed messages.\n');
      return;
    }
    process.stdout.write('\n\nSources:\n');
    for (const n of answer.cited) {
      const m = answer.sources[n - 1]?.message;
      if (m === undefined) continue;
      const name = getChannel(db, m.channelId)?.name ?? m.channelId;
      process.stdout.write(
        `[${n}] #${name} · ${m.authorName} · ${new Date(m.createdAt).toISOString()}\n    ${jumpLink(guildId, m.channelId, m.id)}\n`,
      );
    }
  } finally {
    await chroma.stop();
    db.$client.close();
  }
}

class UsageError extends Error {}

main().catch((err: unknown) => {
  const line =
    err instanceof ConfigError || err instanceof UsageError
      ? err.message
      : `ask failed: ${err instanceof Error && 'code' in err ? err.message : describeError(err)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
