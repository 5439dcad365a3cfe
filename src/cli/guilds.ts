import type { IndexedGuild, Store } from '../store/types';
import { countOf } from '../text/counts';
import { OperatorError } from './args';

const SNOWFLAKE = /^\d{17,20}$/;

/** A guild as the operator reads it: `"Name" (id)`, or the id alone when no name is known. */
export function guildLabel(g: Pick<IndexedGuild, 'guildId' | 'name'>): string {
  return g.name === '' ? g.guildId : `"${g.name}" (${g.guildId})`;
}

/** One line per indexed guild, for listings. */
export function guildList(guilds: readonly IndexedGuild[]): string[] {
  return guilds.map(
    (g) => `  ${guildLabel(g)}: ${countOf(g.messages, 'message')} in ${countOf(g.channels, 'channel')}`,
  );
}

/** Names that need no escaping inside double quotes in sh, bash, zsh and PowerShell. */
const SAFE_NAME = /^[\p{L}\p{M}\p{N} _.,:;'()&+@#%=~-]+$/u;

/**
 * How `npm run ask -- --guild` should name a guild: its name in double quotes when that is safe to
 * paste into a shell and no other indexed guild has it, otherwise its id.
 */
export function guildArgument(
  g: Pick<IndexedGuild, 'guildId' | 'name'>,
  all: readonly IndexedGuild[],
): string {
  const same = all.filter((x) => x.name.toLowerCase() === g.name.toLowerCase());
  if (g.name !== '' && same.length <= 1 && SAFE_NAME.test(g.name) && g.name.trim() === g.name)
    return `"${g.name}"`;
  return g.guildId;
}

/** The command that asks a guild a question, ready to paste. */
export function askCommand(g: Pick<IndexedGuild, 'guildId' | 'name'>, all: readonly IndexedGuild[]): string {
  return `npm run ask -- --guild ${guildArgument(g, all)} "your question"`;
}

/**
 * The guild `--guild` names: an id, or a name compared without regard to case. A name two guilds
 * share, a name or id with nothing indexed, or an empty store each end with a line saying what to
 * do, after the list of the guilds that are indexed.
 */
export async function resolveGuild(store: Store, arg: string): Promise<IndexedGuild> {
  const guilds = await store.guilds.indexed();
  if (guilds.length === 0)
    throw new OperatorError(
      'nothing is indexed yet: import an export first (npm run index -- --import FOLDER) or crawl with npm run index',
    );
  const wanted = arg.trim();
  if (SNOWFLAKE.test(wanted)) {
    const byId = guilds.find((g) => g.guildId === wanted);
    if (byId !== undefined) return byId;
  }
  const byName = guilds.filter((g) => g.name.toLowerCase() === wanted.toLowerCase());
  if (byName.length === 1 && byName[0] !== undefined) return byName[0];
  if (byName.length > 1)
    throw new OperatorError(
      [
        `${byName.length} indexed guilds are named "${wanted}":`,
        ...guildList(byName),
        'ask one of them by its id: npm run ask -- --guild ID "your question"',
      ].join('\n'),
    );
  const what = SNOWFLAKE.test(wanted) ? `guild ${wanted}` : `a guild named "${wanted}"`;
  throw new OperatorError(
    [
      `no messages are indexed for ${what}. The indexed guilds:`,
      ...guildList(guilds),
      'ask one of them by id or name: npm run ask -- --guild ID_OR_NAME "your question"',
    ].join('\n'),
  );
}
