import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Files the service opens at run time, found from this module's own URL. It works compiled and
// from source alike because this file sits directly in src/ and the build writes every entry and
// chunk directly in dist/ (build.mjs): both are one level below the project root. Keep it there.
const here = import.meta.url;

/** The project root (the folder of package.json and migrations/). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', here));

/** True when running the build in dist/ with plain node; false from the TypeScript (tsx, vitest). */
export const COMPILED = !here.endsWith('.ts');

/** The drizzle-kit migrations folder, or one of its dialect folders (`postgres`, `queue`). */
export function migrationsDir(dialect?: 'postgres' | 'queue'): string {
  return path.join(PROJECT_ROOT, 'migrations', ...(dialect === undefined ? [] : [dialect]));
}

/**
 * A plain JavaScript file the service starts as a thread or process: from dist/ when compiled
 * (the build copies or builds it there), else beside its source in `sourceDir` (relative to src/).
 */
export function runtimeFile(name: { compiled: string; source: string }, sourceDir: string): string {
  return COMPILED
    ? path.join(PROJECT_ROOT, 'dist', name.compiled)
    : path.join(PROJECT_ROOT, 'src', sourceDir, name.source);
}
