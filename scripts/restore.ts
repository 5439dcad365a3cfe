import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { type CliSpec, OperatorError, onePositional, parseCli, runCli } from '../src/cli/args';
import { loadSettings } from '../src/config';
import { forgetMember } from '../src/forget';
import { unavailableVectors } from '../src/indexer/wiring';
import { pgRestoreAdvice } from '../src/ops/postgres-advice';
import { refuseWhileInUse } from '../src/ops/running';
import { backupFiles, restoreStore } from '../src/ops/sqlite-backup';
import { openStore } from '../src/store/open';
import { countOf } from '../src/text/counts';

const SPEC: CliSpec = {
  name: 'restore',
  usage: '-- FILE',
  summary:
    'Puts a backup made by npm run backup back in place of the SQLite store of DATABASE_URL (and the\n' +
    'queue, when FILE.queue.sqlite is beside it). It checks the backup first (SQLite integrity, that it\n' +
    "is this bot's store, migrations: an older backup is upgraded, one from a newer release refused)\n" +
    'and refuses while the service, an answer worker or an index run uses that store. The replaced\n' +
    'files are kept as ….before-restore-<time>. Members who asked to be forgotten after the backup\n' +
    'are forgotten again in the restored store.',
  options: {},
  positionals: true,
  examples: ['sudo systemctl stop askbot && npm run restore -- /var/backups/askbot/askbot-2026-05-01.sqlite'],
};

interface OptOut {
  user_id: string;
  guild_id: string;
  created_at: number;
}

/** The opt-outs of the store about to be replaced (none when it is missing or unreadable). */
function currentOptOuts(file: string): OptOut[] {
  if (!existsSync(file)) return [];
  try {
    const db = new Database(file, { fileMustExist: true });
    try {
      return db.prepare('SELECT user_id, guild_id, created_at FROM opt_outs').all() as OptOut[];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** `npm run restore -- FILE`: checks a backup and puts it back, the service stopped. */
async function main(): Promise<number> {
  const { positionals } = parseCli(SPEC);
  const file = onePositional(positionals, 'say which backup to restore: FILE');
  const settings = loadSettings();
  if (settings.database.kind === 'postgres')
    throw new OperatorError(pgRestoreAdvice(settings.database.url, file));
  const live = settings.database;
  if (!existsSync(backupFiles(file).store)) throw new OperatorError(`restore failed: ${file} does not exist`);
  refuseWhileInUse('restore', settings.dataDir, live);
  const before = currentOptOuts(live.path);
  const result = restoreStore({ live, file });
  const restored = new Set(currentOptOuts(live.path).map((o) => `${o.user_id}/${o.guild_id}`));
  const store = await openStore(live);
  try {
    // Forget requests made after the backup still hold: the restored store forgets them again.
    let reapplied = 0;
    for (const o of before) {
      if (restored.has(`${o.user_id}/${o.guild_id}`) || restored.has(`${o.user_id}/`)) continue;
      await forgetMember(
        { store, vectors: unavailableVectors('Chroma', 'not contacted during a restore') },
        { userId: o.user_id, guildId: o.guild_id === '' ? undefined : o.guild_id, at: o.created_at },
      );
      reapplied++;
    }
    const guilds = await store.guilds.indexed();
    const messages = guilds.reduce((n, g) => n + g.messages, 0);
    process.stdout.write(
      `${[
        `restored ${file}: ${countOf(messages, 'searchable message')} in ${countOf(guilds.length, 'guild')}${result.upgraded > 0 ? `, upgraded by ${countOf(result.upgraded, 'migration')}` : ''}${result.queueRestored ? ', with its queue' : ' (no queue file beside it: the queue was left as it was)'}`,
        ...(result.keptStore
          ? [`the replaced store is kept as ${result.keptStore} (delete it once the bot works)`]
          : []),
        ...(reapplied > 0 ? [`${countOf(reapplied, 'opt-out')} made after the backup applied again`] : []),
        'Chroma is compared with the store at the next index run; then npm start, and npm run index -- --full to catch up with edits and deletions since the backup',
      ].join('\n')}\n`,
    );
  } finally {
    await store.close();
  }
  return 0;
}

runCli(SPEC, main);
