import { type CliSpec, OperatorError, onePositional, parseCli, runCli } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { pgDumpAdvice } from '../src/ops/postgres-advice';
import { backupStore } from '../src/ops/sqlite-backup';
import { formatCount } from '../src/text/counts';

const SPEC: CliSpec = {
  name: 'backup',
  usage: '-- FILE',
  summary:
    'A consistent copy of the SQLite store (FILE) and of its queue (FILE with .queue.sqlite, e.g.\n' +
    'askbot-2026-05-01.sqlite and askbot-2026-05-01.queue.sqlite), taken while the service runs and\n' +
    "writes: SQLite's VACUUM INTO, one snapshot, checked before it is kept. A plain copy of bot.sqlite\n" +
    'can miss what is still in bot.sqlite-wal. With a PostgreSQL DATABASE_URL it prints the pg_dump\n' +
    'command to use instead. Chroma needs no backup: npm run index -- --embed-only rebuilds it from the store.',
  options: {},
  positionals: true,
  examples: ['npm run backup -- /var/backups/askbot/askbot-$(date +%F).sqlite'],
  notes: ['Restore with: npm run restore -- FILE (the service stopped).'],
};

/** `npm run backup -- FILE`: a snapshot of the store and its queue, or the pg_dump advice. */
async function main(): Promise<number> {
  const { positionals } = parseCli(SPEC);
  const file = onePositional(positionals, 'say where to write the backup: FILE');
  const settings = loadSettings();
  if (settings.database.kind === 'postgres')
    throw new OperatorError(pgDumpAdvice(settings.database.url, file));
  if (settings.database.path === ':memory:')
    throw new OperatorError('backup failed: DATABASE_URL is :memory:, nothing to back up');
  const { store, queue } = backupStore(settings.database, file);
  const mib = (b: number) => `${formatCount(Math.round((b / 1048576) * 10) / 10)} MiB`;
  process.stdout.write(
    `backed up the store to ${store.file} (${mib(store.bytes)} in ${(store.ms / 1000).toFixed(1)} s)\n` +
      (queue === undefined
        ? 'there is no queue file yet (no question was ever queued): nothing else to copy\n'
        : `backed up the queue to ${queue.file} (${mib(queue.bytes)} in ${(queue.ms / 1000).toFixed(1)} s)\n`) +
      `restore with: npm run restore -- ${store.file}\n`,
  );
  return 0;
}

runCli(SPEC, main);
