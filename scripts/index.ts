import { systemClock } from '../src/async';
import { type CliSpec, OperatorError, parseCli, runCli, UsageError } from '../src/cli/args';
import { askCommand, guildLabel } from '../src/cli/guilds';
import { loadSettings } from '../src/config';
import { createRest } from '../src/discord/rest';
import { ChatExportError, scanChatExport } from '../src/indexer/chat-exporter';
import { resolveImportFiles } from '../src/indexer/import-files';
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
import { countOf, formatCount } from '../src/text/counts';
import type { LocalChroma } from '../src/vector/local-server';

const SPEC: CliSpec = {
  name: 'index',
  usage: '[-- --full | --import FILE_OR_FOLDER [--import …] | --embed-only | --reembed]',
  summary:
    'One indexing run, then exit: crawls the servers of INDEX_GUILD_IDS (or the channels of\n' +
    'INDEX_CHANNEL_IDS) through Discord into the store and Chroma, embedding with Ollama. Progress goes\n' +
    'to stderr; the last line says how it went. Exit 0 when the run ended (channels it could not read\n' +
    'are listed), 1 when it failed or embedding is pending, 2 for wrong arguments.',
  options: {
    full: {
      type: 'boolean',
      description: "re-read every channel's whole history: edits and deletions of any age",
    },
    import: {
      type: 'string',
      multiple: true,
      value: 'FILE_OR_FOLDER',
      description:
        'DiscordChatExporter JSON exports instead of Discord: a file, a folder of them, or a glob ("exports/*.json"); no bot token needed',
    },
    'embed-only': {
      type: 'boolean',
      description:
        'embed what is stored but not embedded yet (stored while Ollama was away); calls no Discord route, needs no bot token',
    },
    reembed: {
      type: 'boolean',
      description:
        "drop the embedding model's collections and embed every stored message again into fresh ones (after the model was re-pulled or changed under the same name and its vectors have another size); calls no Discord route, needs no bot token",
    },
  },
  positionals: true,
  examples: [
    'npm run index',
    'npm run index -- --import ~/exports/my-server/',
    'npm run index -- --import general.json --import help.json',
    'npm run index -- --import "exports/**/*.json"',
    'npm run index -- --embed-only',
    'npm run index -- --reembed',
  ],
};

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

type Mode =
  | { kind: 'crawl'; full: boolean }
  | { kind: 'import'; sources: string[] }
  | { kind: 'embed' }
  | { kind: 'reembed' };

function modeOf(values: Record<string, unknown>, positionals: string[]): Mode {
  const imports = (values.import as string[] | undefined) ?? [];
  const full = values.full === true;
  const embed = values['embed-only'] === true;
  const reembed = values.reembed === true;
  if (imports.length > 0 && full) throw new UsageError('--full and --import cannot be combined');
  if (reembed && (full || imports.length > 0 || embed))
    throw new UsageError(
      `--reembed cannot be combined with ${full ? '--full' : imports.length > 0 ? '--import' : '--embed-only'}`,
    );
  if (embed && (full || imports.length > 0))
    throw new UsageError(`--embed-only cannot be combined with ${full ? '--full' : '--import'}`);
  // An unquoted glob is expanded by the shell: `--import exports/*.json` arrives as one --import
  // and the other files as plain arguments.
  if (positionals.length > 0 && imports.length === 0)
    throw new UsageError(`unexpected argument "${positionals[0]}" (exports are given with --import)`);
  if (imports.length > 0) return { kind: 'import', sources: [...imports, ...positionals] };
  if (reembed) return { kind: 'reembed' };
  return embed ? { kind: 'embed' } : { kind: 'crawl', full };
}

/**
 * Every file of the import, each read through before anything is imported. Each problem gets a
 * line of its own; then one line says that nothing was imported.
 */
async function checkImport(sources: string[]): Promise<string[]> {
  const { files, problems } = await resolveImportFiles(sources);
  let messages = 0;
  if (files.length > 1) process.stderr.write(`checking ${countOf(files.length, 'export file')}…\n`);
  for (const file of files) {
    try {
      messages += (await scanChatExport(file)).messages;
    } catch (err) {
      if (!(err instanceof ChatExportError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length === 1 && files.length <= 1) throw new OperatorError(`index failed: ${problems[0]}`);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`✗ ${p}\n`);
    throw new OperatorError(
      `index failed: ${countOf(problems.length, 'problem')} with the export files (listed above); nothing was imported: fix or leave out those files and run again`,
    );
  }
  if (files.length > 1)
    process.stderr.write(
      `${countOf(files.length, 'file')} with ${formatCount(messages)} messages to import\n`,
    );
  return files;
}

/** After an import or crawl: each guild it read, with what is searchable of it, and how to ask it. */
async function guildLines(store: Store, summary: RunSummary): Promise<string[]> {
  const read = summary.guilds ?? [];
  if (read.length === 0) return [];
  const all = await store.guilds.indexed();
  const lines: string[] = [];
  for (const g of read) {
    const indexed = all.find((x) => x.guildId === g.id);
    if (indexed === undefined) {
      lines.push(`guild ${guildLabel({ guildId: g.id, name: g.name })}: nothing searchable stored yet`);
      continue;
    }
    lines.push(
      `guild ${guildLabel(indexed)}: ${countOf(indexed.messages, 'message')} in ${countOf(indexed.channels, 'channel')} searchable`,
    );
  }
  const askable = read.flatMap((g) => all.filter((x) => x.guildId === g.id));
  for (const g of askable) lines.push(`next: ${askCommand(g, all)}`);
  return lines;
}

/**
 * `npm run index`: one indexing run (`--full`: over every channel's whole history; `--import`: from
 * DiscordChatExporter exports; `--embed-only`: only the embedding of what is stored; `--reembed`:
 * all of it again, into fresh collections), progress on
 * stderr and a summary at the end. Exit 0 when the run ended (channels it could not read are
 * listed); otherwise the last line says what failed or what is pending, and the exit code is non-zero.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC);
  const mode = modeOf(values, positionals);
  const settings = loadSettings(mode.kind === 'crawl' ? ['indexer'] : []);
  // Wrong files are named before anything else is opened or started (database, Chroma, Ollama).
  const files = mode.kind === 'import' ? await checkImport(mode.sources) : [];
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
      mode.kind === 'crawl' ? await resolveBotUserId(settings, rest) : (offlineBotUserId(settings) ?? '');
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
    const signal = controller.signal;
    const summary: RunSummary =
      mode.kind === 'crawl'
        ? await indexer.run({ signal, full: mode.full })
        : mode.kind === 'import'
          ? await indexer.importFiles(files, { signal })
          : mode.kind === 'reembed'
            ? await indexer.reembed({ signal })
            : await indexer.embedPending({ signal });
    printer.finish();
    if (summary.status === 'failed' && summary.error === 'stopped' && stoppedBy !== undefined) {
      process.stderr.write(`${stoppedLine('')}\n`);
      return SIGNAL_EXIT[stoppedBy] ?? 1;
    }
    const extra =
      summary.status === 'failed' || summary.status === 'skipped' ? [] : await guildLines(store, summary);
    const text = formatSummary(summary).split('\n');
    // The line to act on comes last: a pending embedding, else the next command.
    const [pendingLine] = summary.embedPending === undefined ? [] : text.splice(-1);
    process.stderr.write(`${[...text, ...extra, ...(pendingLine ? [pendingLine] : [])].join('\n')}\n`);
    if (summary.embedPending !== undefined) return 1;
    return summary.status === 'ok' || summary.status === 'partial' ? 0 : 1;
  } finally {
    await chroma?.stop();
    await store?.close();
  }
}

runCli(SPEC, main);
