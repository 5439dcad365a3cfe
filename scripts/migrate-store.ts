import { type CliSpec, OperatorError, parseCli, runCli, UsageError } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { moveStore, StoreMoveError } from '../src/ops/migrate-store';
import { withoutPassword } from '../src/ops/postgres-advice';
import { refuseWhileInUse } from '../src/ops/running';
import { formatCount } from '../src/text/counts';

const SPEC: CliSpec = {
  name: 'migrate-store',
  usage: '-- --to postgres://USER:PASSWORD@HOST:5432/DATABASE',
  summary:
    'Moves the SQLite store of DATABASE_URL (messages, conversation links, channels, settings, answers,\n' +
    'ratings, opt-outs, index runs, every table) and its queue of questions into an empty PostgreSQL\n' +
    'database, for a bot that outgrew one machine. The migrations are applied there first; each table\n' +
    'is copied in batches in key order, and a run that was stopped or killed continues where it\n' +
    'stopped when run again; the row counts of every table are compared at the end. The SQLite files\n' +
    'are left as they are. Stop the bot first: the move refuses while it runs.',
  options: {
    to: {
      type: 'string',
      value: 'URL',
      description: 'the empty PostgreSQL database (postgres:// or postgresql://)',
    },
    'batch-size': { type: 'string', value: 'N', description: 'rows per transaction (default 2000)' },
  },
  examples: ["npm run migrate-store -- --to 'postgres://askbot:secret@db.example.org:5432/askbot'"],
  notes: [
    'Then set DATABASE_URL to that URL and CHROMA_URL to a Chroma server (required with PostgreSQL):',
    'npx chroma run --path ./data/chroma --port 8000 serves the vectors this machine has, or point it at a',
    'new server and run npm run index -- --embed-only to fill it from the store.',
  ],
};

/*
 * SIGINT/SIGTERM stop at the next batch: what was copied stays, and the same command continues.
 */
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort());

/** `npm run migrate-store -- --to postgres://…`: the move, with progress on stderr. */
async function main(): Promise<number> {
  const { values } = parseCli(SPEC);
  const to = typeof values.to === 'string' ? values.to.trim() : '';
  if (to === '') throw new UsageError('say where to move the store: --to postgres://…');
  if (!/^postgres(ql)?:\/\//i.test(to)) throw new UsageError('--to must be a postgres:// URL');
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    throw new UsageError('--batch-size must be a whole number from 1');
  const settings = loadSettings();
  if (settings.database.kind !== 'sqlite')
    throw new OperatorError(
      'migrate-store failed: DATABASE_URL is PostgreSQL already; it moves a SQLite store (set DATABASE_URL to the SQLite file to move)',
    );
  const source = settings.database;
  refuseWhileInUse('migrate-store', settings.dataDir, source);
  const shown = withoutPassword(to);
  process.stderr.write(`moving ${source.path} into ${shown}\n`);
  let lastLine = 0;
  let lastTable = '';
  try {
    const result = await moveStore({
      source,
      targetUrl: to,
      ...(batchSize === undefined ? {} : { batchSize }),
      signal: controller.signal,
      onProgress: (p) => {
        const now = Date.now();
        const finished = p.copied === p.total;
        if (!finished && p.table === lastTable && now - lastLine < 2000) return;
        lastLine = now;
        lastTable = p.table;
        process.stderr.write(`  ${p.table}: ${formatCount(p.copied)}/${formatCount(p.total)}\n`);
      },
    });
    const total = result.tables.reduce((n, t) => n + t.rows, 0);
    const seconds = result.ms / 1000;
    process.stdout.write(
      `${[
        `moved ${formatCount(total)} rows in ${result.tables.length} tables${result.resumed ? ' (continuing a move that had stopped)' : ''}; counts verified:`,
        ...result.tables.map((t) => `  ${t.name}: ${formatCount(t.rows)}`),
        `${formatCount(result.copied)} rows copied by this run in ${seconds.toFixed(1)} s (${formatCount(Math.round(result.copied / Math.max(seconds, 0.001)))} rows/s)`,
        `next: set DATABASE_URL='${shown}' (with its password) and CHROMA_URL in .env, then npm start`,
      ].join('\n')}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof StoreMoveError) {
      if (err.message === 'stopped')
        throw new OperatorError(
          'migrate-store stopped; what was copied is kept: run the same command to continue',
          130,
        );
      throw new OperatorError(`migrate-store failed: ${err.message}`);
    }
    throw err;
  }
}

runCli(SPEC, main);
