import { parseArgs } from 'node:util';
import { systemClock } from '../src/async';
import { ConfigError, loadSettings } from '../src/config';
import { createRest } from '../src/discord/rest';
import { createIndexer, type RunSummary } from '../src/indexer/indexer';
import { createProgressPrinter, formatSummary } from '../src/indexer/progress';
import { indexerSettings, offlineBotUserId, resolveBotUserId } from '../src/indexer/wiring';
import { createOllamaPool } from '../src/llm/hosts';
import { createLogger } from '../src/log';
import { openDb } from '../src/store/db';
import { connectChroma, type LocalChroma } from '../src/vector/local-server';
import { openVectorStore } from '../src/vector/store';

const USAGE = 'usage: npm run index [-- --import EXPORT.json]';

/**
 * `npm run index`: one indexing run (or one import with `--import FILE`), progress on stderr, a
 * summary at the end; exit 0 on success, otherwise one line saying what failed and exit 1.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { import: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const importFile = values.import;
  const settings = loadSettings(importFile === undefined ? ['indexer'] : []);
  if (
    importFile === undefined &&
    settings.index.guildIds.length === 0 &&
    settings.index.channelIds.length === 0
  ) {
    throw new ConfigError(
      'Setting INDEX_GUILD_IDS (or INDEX_CHANNEL_IDS) is required: the indexer has nothing to crawl.',
    );
  }
  // Progress and the summary tell the operator what happened; logs join them only at LOG_LEVEL.
  const log = createLogger(settings.logLevel ?? 'error', { pretty: false });

  const controller = new AbortController();
  let chroma: LocalChroma | undefined;
  let signals = 0;
  let stoppedBy: string | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    stoppedBy ??= name;
    if (signals === 1) {
      process.stderr.write(`\n${name}: stopping after the current page…\n`);
      controller.abort();
    } else {
      // Asked twice: stop our Chroma server and leave now.
      void (chroma?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const db = openDb(settings.databasePath);
  try {
    chroma = await connectChroma(settings.chroma.url, settings.dataDir);
    if (chroma.owned) process.stderr.write(`started a local Chroma server at ${chroma.url} for this run\n`);
    const vectors = await openVectorStore({
      url: chroma.url,
      collectionPrefix: settings.chroma.collection,
      model: settings.ollama.embedModel,
      timeoutMs: settings.chroma.timeoutMs,
    });
    const { embedder } = createOllamaPool(settings.ollama);
    const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
    const botUserId =
      importFile === undefined ? await resolveBotUserId(settings, rest) : (offlineBotUserId(settings) ?? '');
    const printer = createProgressPrinter(process.stderr);
    const indexer = createIndexer({
      db,
      rest,
      embedder,
      vectors,
      clock: systemClock,
      log,
      botUserId,
      settings: indexerSettings(settings),
      progress: printer.onEvent,
    });
    const summary: RunSummary =
      importFile === undefined
        ? await indexer.run({ signal: controller.signal })
        : await indexer.importFile(importFile, { signal: controller.signal });
    printer.finish();
    const stopped = summary.status === 'failed' && summary.error === 'stopped' && stoppedBy !== undefined;
    process.stderr.write(
      stopped
        ? `index failed: stopped by ${stoppedBy}; the next run continues where this one stopped\n`
        : `${formatSummary(summary)}\n`,
    );
    return summary.status === 'ok' || summary.status === 'partial' ? 0 : 1;
  } finally {
    await chroma?.stop();
    db.$client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`index failed: ${message}\n`);
    process.exit(1);
  },
);
