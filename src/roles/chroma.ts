import path from 'node:path';
import type { Settings } from '../config';
import type { Logger } from '../log';
import { findRunningLocalChroma, type LocalChroma, startLocalChroma } from '../vector/local-server';

/**
 * The Chroma server a process uses: CHROMA_URL; else the local server another process on the same
 * DATA_DIR runs; else (when `start`) one started here under DATA_DIR/chroma, stopped by `stop()`.
 * Undefined when there is none and this process may not start one.
 */
export async function acquireChroma(
  settings: Settings,
  log: Logger,
  start: boolean,
): Promise<LocalChroma | undefined> {
  if (settings.chroma.url !== undefined)
    return { url: settings.chroma.url, owned: false, stop: async () => {} };
  const dir = path.join(settings.dataDir, 'chroma');
  const running = await findRunningLocalChroma(dir);
  if (running !== undefined) {
    log.info({ url: running.url }, 'using the local Chroma server of another process');
    return running;
  }
  if (!start) return undefined;
  log.info({ dir }, 'starting the local Chroma server');
  return startLocalChroma(dir);
}
