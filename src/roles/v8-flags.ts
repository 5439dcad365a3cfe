import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings a role changes at start, once it is known (flags are process-wide). Returns what it
 * set, for the start log.
 *
 * ROLE=endpoint keeps its young generation at the size loading the modules grew it to (8 MiB):
 * V8 doubles it, up to 32 MiB, while a process allocates fast, and a burst of acknowledgements
 * (a few tens of kB each) grew it to 16 MiB, memory the idle process then held. A scavenge of the
 * smaller one is as quick; there are only more of them. `NewSpace::Grow` reads the flag at run
 * time. (A flag that changes how collections run, such as --single-threaded-gc, cannot be set
 * this late: in the one bench run with it set at run time, ROLE=all's worker thread stopped
 * answering.)
 * @see https://v8.dev/blog/orinoco-parallel-scavenger
 */
export function setV8Flags(role: 'all' | 'endpoint' | 'worker'): string[] {
  const flags = role === 'endpoint' ? ['--semi-space-growth-factor=1'] : [];
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
