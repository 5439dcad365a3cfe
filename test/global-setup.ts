import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startLocalChroma } from '../src/vector/local-server';

declare module 'vitest' {
  export interface ProvidedContext {
    chromaUrl: string;
    /** An admin URL of the PostgreSQL server the tests may create databases on; '' when none answers. */
    postgresUrl: string;
  }
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Whether a PostgreSQL server answers at `url` (within 3 s). */
async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The build (build.mjs, well under a second): the process tests spawn dist/, what `npm start` and
 * the scripts run, so it must be the build of the sources being tested.
 */
function build(): void {
  execFileSync(process.execPath, ['build.mjs'], {
    cwd: path.join(import.meta.dirname, '..'),
    env: { ...process.env, BUILD_QUIET: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * The build, then one real Chroma server (from the chromadb package) for the whole test run, removed afterwards,
 * and the PostgreSQL server at TEST_DATABASE_URL when one answers (the PostgreSQL half of the store
 * suite is skipped otherwise, with one line; with REQUIRE_POSTGRES=1, as CI sets, it fails instead).
 */
export default async function setup(project: TestProject) {
  build();
  const postgresUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  const problem = await reachable(postgresUrl);
  if (problem !== undefined) {
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${postgresUrl} does not answer: ${problem}`);
    }
    process.stdout.write(
      `PostgreSQL tests skipped: nothing answers at ${postgresUrl} (${problem}). Run them with a server there, or set TEST_DATABASE_URL=postgres://user@host:port/db.\n`,
    );
  }
  project.provide('postgresUrl', problem === undefined ? postgresUrl : '');
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-chroma-'));
  const chroma = await startLocalChroma(dir);
  project.provide('chromaUrl', chroma.url);
  return async () => {
    await chroma.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
