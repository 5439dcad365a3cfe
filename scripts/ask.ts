import { parseArgs } from 'node:util';
import type { APIGuildMember } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import { composeAnswer } from '../src/answering/compose';
import { answerQuestion } from '../src/answering/pipeline';
import { systemClock } from '../src/async';
import { ConfigError, loadSettings } from '../src/config';
import { createGuildDirectory } from '../src/discord/guild-directory';
import { createRest } from '../src/discord/rest';
import { describeError } from '../src/errors';
import { answerLanguage } from '../src/i18n/language';
import { createOllamaPool } from '../src/llm/hosts';
import { createLogger } from '../src/log';
import { readableScope } from '../src/retrieval/scope';
import { redactUrl } from '../src/store/errors';
import { openStore } from '../src/store/open';
import { countOf } from '../src/text/counts';
import { connectChroma } from '../src/vector/local-server';
import { openVectorIndex } from '../src/vector/store';

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
  const log = createLogger(settings.logLevel ?? 'error', { pretty: false });
  const store = await openStore(settings.database);
  const chroma = await connectChroma(settings.chroma.url, settings.dataDir);
  try {
    if ((await store.messages.countIndexed(guildId)).messages === 0) {
      throw new Error(`no messages are indexed for guild ${guildId}; run \`npm run index\` first`);
    }
    const channels = await store.channels.ofGuild(guildId);
    const names = new Map(channels.map((c) => [c.id, c.name]));
    let channelIds = channels.map((c) => c.id);
    if (values.user) {
      const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
      const member = (await rest.get(Routes.guildMember(guildId, values.user))) as APIGuildMember;
      const scope = await readableScope(
        { store, directory: createGuildDirectory(rest, systemClock) },
        { guildId, channelId: values.channel ?? '', userId: values.user, roleIds: member.roles },
      );
      channelIds = scope.channelIds;
      process.stderr.write(
        `Searching ${countOf(channelIds.length, 'channel')} readable by user ${values.user}.\n`,
      );
    }
    const ollama = createOllamaPool(settings.ollama);
    let printed = 0;
    const answer = await answerQuestion(
      {
        store,
        clock: systemClock,
        embedder: ollama.embedder,
        vectors: await openVectorIndex({
          url: chroma.url,
          collectionPrefix: settings.chroma.collection,
          model: settings.ollama.embedModel,
          timeoutMs: settings.chroma.timeoutMs,
        }),
        chat: ollama.chat,
        numCtx: settings.ollama.numCtx,
        log,
      },
      {
        text: question,
        searchText: question,
        scope: { guildId, channelIds },
        channelName: (id) => names.get(id) || undefined,
        // Answered in the question's language, as /ask does (the terminal's own words stay English).
        language: await answerLanguage({ text: question }),
      },
      {
        onText: (text) => {
          process.stdout.write(text.slice(printed));
          printed = text.length;
        },
      },
    );
    // The streamed text is on the terminal already; the composed answer adds the sources (or is all of it).
    const composed = composeAnswer(answer, guildId, (id) => names.get(id) || undefined);
    const tail =
      answer.kind === 'answer' && printed > 0
        ? composed.slice(composed.indexOf(answer.text) + answer.text.length)
        : composed;
    process.stdout.write(`${printed > 0 ? '\n' : ''}${tail.trimStart()}\n`);
  } finally {
    await chroma.stop();
    await store.close();
  }
}

class UsageError extends Error {}

main().catch((err: unknown) => {
  const line =
    err instanceof ConfigError || err instanceof UsageError
      ? err.message
      : `ask failed: ${redactUrl(err instanceof Error && 'code' in err ? err.message : describeError(err))}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
