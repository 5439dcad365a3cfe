import { parseArgs } from 'node:util';
import { systemClock } from '../src/async';
import { ConfigError, loadSettings } from '../src/config';
import { createRest } from '../src/discord/rest';
import { ChatExportError, checkChatExport } from '../src/indexer/chat-exporter';
import { createIndexer, type RunSummary } from '../src/indexer/indexer';
import { createProgressPrinter, formatSummary } from '../src/indexer/progress';
import {
  connectToolVectors,
  indexerSettings,
  offlineBotUserId,
  resolveBotUserId,
} from '../src/indexer/wiring';
import { createOllamaPool } from '../src/llm/hosts';
import { createLogger } from '../src/log';
import { openStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import type { LocalChroma } from '../src/vector/local-server';

const USAGE = 'usage: npm run index [-- --full | --import EXPORT.json]';

/** Wrong arguments: one line with the usage, exit 2. */
class UsageError extends Error {}

/*
 * Signals. Under systemd, and with Ctrl-C in a terminal, every process of `npm run index` gets the
 * signal (npm, and this node process), and npm forwards it again: this process may see SIGTERM or
 * SIGINT several times. Whatever their number, they lead to one graceful stop: the run stops at its
 * next safe point and is closed as stopped, the local Chroma this process started is stopped, and
 * the process exits non-zero with one line. Registered before anything else runs.
 */
const controller = new AbortController();
let stoppedBy: NodeJS.Signals | undefined;
const onSignal = (name: NodeJS.Signals) => {
  if (stoppedBy !== undefined) return; // already stopping: a second signal changes nothing
  stoppedBy = name;
  if (process.stderr.isTTY) process.stderr.write(`\n${name}: stopping at the next safe point…\n`);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
const stoppedLine = (when: string) =>
  `index stopped by ${stoppedBy}${when}; the next run continues where this one stopped`;

/**
 * `npm run index`: one indexing run (`--full`: over every channel's whole history; `--import FILE`:
 * from a DiscordChatExporter export), progress on stderr and a summary at the end. Exit 0 when
 * the run ended (channels it could not read are listed); otherwise the last line says what failed
 * or what is pending, and the exit code is non-zero.
 */
async function main(): Promise<number> {
  let values: { import?: string | undefined; full?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { import: { type: 'string' }, full: { type: 'boolean' }, help: { type: 'boolean' } },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const importFile = values.import;
  if (importFile !== undefined && values.full) throw new UsageError('--full and --import cannot be combined');
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
  // A wrong file is named before anything else is opened or started (database, Chroma, Ollama).
  if (importFile !== undefined) await checkChatExport(importFile);
  // Progress and the summary tell the operator what happened; logs join them only at LOG_LEVEL.
  const log = createLogger(settings.logLevel ?? 'error', { pretty: false });

  let store: Store | undefined;
  let chroma: LocalChroma | undefined;
  try {
    store = await openStore(settings.database);
    // When Chroma cannot be reached the run still stores what it reads; the embed stage reports
    // Chroma as the reason it waits.
    const connected = await connectToolVectors(settings);
    chroma = connected.chroma;
    const vectors = connected.vectors;
    if (chroma?.owned) process.stderr.write(`started a local Chroma server at ${chroma.url} for this run\n`);
    if (controller.signal.aborted) {
      process.stderr.write(`${stoppedLine(' before the run started')}\n`);
      return SIGNAL_EXIT[stoppedBy ?? ''] ?? 1;
    }
    const { embedder } = createOllamaPool(settings.ollama);
    const rest = createRest({ apiUrl: settings.discord.apiUrl, botToken: settings.discord.botToken });
    const botUserId =
      importFile === undefined ? await resolveBotUserId(settings, rest) : (offlineBotUserId(settings) ?? '');
    const printer = createProgressPrinter(process.stderr);
    const indexer = createIndexer({
      store,
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
        ? await indexer.run({ signal: controller.signal, full: values.full === true })
        : await indexer.importFile(importFile, { signal: controller.signal });
    printer.finish();
    if (summary.status === 'failed' && summary.error === 'stopped' && stoppedBy !== undefined) {
      process.stderr.write(`${stoppedLine('')}\n`);
      return SIGNAL_EXIT[stoppedBy] ?? 1;
    }
    process.stderr.write(`${formatSummary(summary)}\n`);
    if (summary.embedPending !== undefined) return 1;
    return summary.status === 'ok' || summary.status === 'partial' ? 0 : 1;
  } finally {
    await chroma?.stop();
    await store?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof UsageError
        ? `${err.message} (${USAGE})`
        : err instanceof ConfigError || err instanceof ChatExportError
          ? err.message
          : err instanceof Error
            ? err.message
            : String(err);
    process.stderr.write(`index failed: ${message}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
