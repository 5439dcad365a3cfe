import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * The export files that `--import` arguments name, in the order given, each once: a file as it is,
 * a folder as the `.json` files directly in it (DiscordChatExporter writes a whole server's export
 * as one file per channel into one folder), a glob (`exports/*.json`, `"exports/**\/*.json"`) as
 * the files it matches, sorted. The glob is tinyglobby's: Node 20 has no `fs.glob` (22 has it as
 * experimental), and the shell expands an unquoted glob before we see it anyway. An argument that
 * names nothing is reported, with every other such argument, in `problems`; a missing plain file
 * is left in `files` for the export check to name.
 */
export async function resolveImportFiles(
  args: readonly string[],
): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      const found = (await glob('*.json', { cwd: arg, onlyFiles: true, caseSensitiveMatch: false })).sort();
      if (found.length === 0)
        problems.push(`${arg} is a folder without .json files (export with --format Json)`);
      for (const f of found) add(path.join(arg, f));
    } else if (info === undefined && isDynamicPattern(arg)) {
      const found = (await glob(arg, { onlyFiles: true, expandDirectories: false, absolute: true })).sort();
      if (found.length === 0) problems.push(`${arg} matches no file`);
      for (const f of found) add(f);
    } else {
      add(arg);
    }
  }
  return { files, problems };
}
