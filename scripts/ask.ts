import { Routes } from 'discord-api-types/rest/v10';
import type { APIGuildMember } from 'discord-api-types/v10';
import { composeAnswer, degradationNote } from '../src/answering/compose';
import { answerQuestion } from '../src/answering/pipeline';
import { systemClock } from '../src/async';
import { type CliSpec, checkIds, parseCli, runCli, UsageError } from '../src/cli/args';
import { resolveGuild } from '../src/cli/guilds';
import { loadSettings } from '../src/config';
import { createGuildDirectory } from '../src/discord/guild-directory';
import { createRest } from '../src/discord/rest';
import { answerLanguage } from '../src/i18n/language';
import { createOllamaPool } from '../src/llm/hosts';
import { createLogger } from '../src/log';
import { readableScope } from '../src/retrieval/scope';
import { openStore } from '../src/store/open';
import { countOf } from '../src/text/counts';
import { connectChroma } from '../src/vector/local-server';
import { openVectorIndex } from '../src/vector/store';

const SPEC: CliSpec = {
  name: 'ask',
  usage: '-- --guild ID_OR_NAME [--user ID] [--channel ID] "question"',
  summary:
    'The /ask pipeline in the terminal: searches the stored messages of one server, has the chat model\n' +
    'answer, and prints the answer as it streams, then its sources as jump links. Without --user every\n' +
    "indexed channel is searched (an operator's view). Needs no Discord application: an imported export\n" +
    'and Ollama are enough.',
  options: {
    guild: {
      type: 'string',
      value: 'ID_OR_NAME',
      description:
        'the server: its id, or its name as indexed (case does not matter); a name or id with nothing indexed lists the indexed servers',
    },
    user: {
      type: 'string',
      value: 'ID',
      description: "answer with this member's permissions, as /ask would (needs DISCORD_BOT_TOKEN)",
    },
    channel: {
      type: 'string',
      value: 'ID',
      description: 'with --user: the channel asked in (its private threads count as readable)',
    },
  },
  positionals: true,
  examples: [
    'npm run ask -- --guild "My Server" "how do I reset my password?"',
    'npm run ask -- --guild 123456789012345678 --user 234567890123456789 "where are the rules?"',
  ],
};

/** Printed when the answer starts over on another Ollama host. */
const RESTARTED_NOTE = '[the Ollama host failed mid-answer; starting over on another host]';

/**
 * `npm run ask`: the /ask pipeline in a terminal. By default it searches every stored channel of the
 * guild (an operator's view); `--user` applies that member's permissions, as /ask would.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC);
  const question = positionals.join(' ').trim();
  const guildArg = typeof values.guild === 'string' ? values.guild.trim() : '';
  const user = typeof values.user === 'string' ? values.user : undefined;
  const channel = typeof values.channel === 'string' ? values.channel : undefined;
  if (guildArg === '') throw new UsageError('say which server to ask: --guild ID_OR_NAME');
  if (question === '') throw new UsageError('the question is missing');
  checkIds({ '--user': user, '--channel': channel });
  const settings = loadSettings(user ? ['permissions'] : []);
  const log = createLogger(settings.logLevel ?? 'error', { pretty: false });
  const store = await openStore(settings.database);
  try {
    const guild = await resolveGuild(store, guildArg);
    const guildId = guild.guildId;
    const chroma = await connectChroma(settings.chroma.url, settings.dataDir);
    try {
      const channels = await store.channels.ofGuild(guildId);
      const names = new Map(channels.map((c) => [c.id, c.name]));
      let channelIds = channels.map((c) => c.id);
      if (user) {
        const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
        const member = (await rest.get(Routes.guildMember(guildId, user))) as APIGuildMember;
        const scope = await readableScope(
          { store, directory: createGuildDirectory(rest, systemClock) },
          { guildId, channelId: channel ?? '', userId: user, roleIds: member.roles },
        );
        channelIds = scope.channelIds;
        process.stderr.write(
          `Searching ${countOf(channelIds.length, 'channel')} readable by user ${user}.\n`,
        );
      }
      const ollama = createOllamaPool(settings.ollama);
      let printed = 0;
      let noted = false;
      // A part of the search that was unavailable is said before the answer, as in Discord.
      const note = (d: Parameters<typeof degradationNote>[0]) => {
        const line = degradationNote(d);
        if (line === '' || noted) return;
        noted = true;
        process.stdout.write(`${line}\n`);
      };
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
          beforeGenerate: async (_sources, degraded) => note(degraded),
          onText: (text) => {
            process.stdout.write(text.slice(printed));
            printed = text.length;
          },
          // An Ollama host failed mid-answer and another starts it over: a terminal cannot take back
          // what it printed, so the new answer starts on a line of its own after one that says so.
          onRestart: () => {
            process.stdout.write(`\n${RESTARTED_NOTE}\n`);
            printed = 0;
          },
        },
      );
      // The streamed text (and its note) is on the terminal already; the composed answer adds the
      // sources, or is all of it.
      const composed = composeAnswer(answer, guildId, (id) => names.get(id) || undefined);
      const withoutNote = noted
        ? composed.slice(degradationNote(answer.degraded).length).trimStart()
        : composed;
      const tail =
        answer.kind === 'answer' && printed > 0
          ? withoutNote.slice(withoutNote.indexOf(answer.text) + answer.text.length)
          : withoutNote;
      process.stdout.write(`${printed > 0 ? '\n' : ''}${tail.trimStart()}\n`);
      return 0;
    } finally {
      await chroma.stop();
    }
  } finally {
    await store.close();
  }
}

runCli(SPEC, main);
