import { type CliSpec, checkIds, parseCli, runCli, UsageError } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { exportOf, toCsv, toTable } from '../src/insights/export';
import { buildReport, DEFAULT_DAYS, MAX_DAYS } from '../src/insights/report';
import { openStore } from '../src/store/open';

const SPEC: CliSpec = {
  name: 'insights',
  usage: '-- --guild GUILD_ID [--days N] [--format table|csv|json]',
  summary:
    'What members of one guild asked over a period and where the bot fell short: the same figures as\n' +
    '/insights (topics with their trend, gaps, the channels that answered, 👍/👎) and, for operators,\n' +
    'the texts of public questions of each topic. Private questions are counted, never listed.\n' +
    'table: everything, for a terminal; csv: the topic table (one row per topic); json: everything.',
  options: {
    guild: { type: 'string', value: 'GUILD_ID', description: 'the guild (its id)' },
    days: {
      type: 'string',
      value: 'N',
      description: `the last N days (1–${MAX_DAYS}, default ${DEFAULT_DAYS})`,
    },
    format: { type: 'string', value: 'FORMAT', description: 'table (default), csv or json' },
  },
  examples: [
    'npm run insights -- --guild 123456789012345678',
    'npm run insights -- --guild 123456789012345678 --days 7 --format csv > week.csv',
  ],
};

/** `npm run insights`: the report of a guild on stdout. */
async function main(): Promise<number> {
  const { values } = parseCli(SPEC);
  const guildId = values.guild as string | undefined;
  if (guildId === undefined) throw new UsageError('say which guild: --guild GUILD_ID');
  checkIds({ '--guild': guildId });
  const days = values.days === undefined ? DEFAULT_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new UsageError(`--days must be a whole number from 1 to ${MAX_DAYS}`);
  const format = (values.format as string | undefined) ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError('--format must be table, csv or json');
  const settings = loadSettings();
  const store = await openStore(settings.database);
  try {
    const report = await buildReport(store, guildId, days, Date.now());
    const e = await exportOf(store, report);
    process.stdout.write(
      format === 'json' ? `${JSON.stringify(e, null, 2)}\n` : format === 'csv' ? toCsv(e) : toTable(e),
    );
    return 0;
  } finally {
    await store.close();
  }
}

runCli(SPEC, main);
