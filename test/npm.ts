import { onTestFinished } from 'vitest';
import { type NpmRun, runNpm } from './process';
import { tempDir } from './tmp';

/**
 * `npm <args>` as an operator runs it (a process group of its own, in the project root, with
 * exactly `env`), killed with its whole group if still alive when the current test ends.
 */
export function npm(args: string[], env: Record<string, string>): NpmRun {
  const run = runNpm(args, env, tempDir());
  onTestFinished(() => {
    if (run.groupAlive()) run.signalGroup('SIGKILL');
  });
  return run;
}

/** The lines a process wrote, without npm's own (`> askbot@0.1.0 index`, `npm error …`). */
export const ownLines = (text: string): string[] =>
  text.split('\n').filter((l) => l.trim() !== '' && !/^(> |npm (error|ERR!|warn|notice))/.test(l));
