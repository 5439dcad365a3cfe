import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './process';

// The compiled build as `npm start` and the scripts run it (build.mjs; global-setup.ts builds it).

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
/** The scripts that run the product for users: `npm start`, and one `npm run NAME` per scripts/NAME.ts. */
const RUN_SCRIPTS = [
  'start',
  ...readdirSync(path.join(ROOT, 'scripts'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3)),
];

describe('the build', () => {
  it('npm start and every script run dist/ with plain node, source maps on, and exec (signals reach node)', () => {
    for (const name of RUN_SCRIPTS) {
      const script = pkg.scripts[name] ?? '';
      // The service keeps glibc's malloc to two arenas (an operator's own value wins).
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion
      const env = name === 'start' ? 'MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ' : '';
      expect(script, name).toBe(
        `${env}exec node --enable-source-maps dist/${name === 'start' ? 'main' : name}.js`,
      );
      expect(existsSync(path.join(ROOT, script.split(' ').at(-1) ?? '')), name).toBe(true);
    }
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(pkg.scripts.prepare).toBe('node build.mjs');
  });

  it('a stack trace from the compiled code names the TypeScript file and line', () => {
    // dist/worker-thread.js refuses to run outside a worker thread with an Error thrown at its
    // top level (src/roles/worker-thread.ts): run with the flags of `npm start`, Node prints it.
    const flags = (pkg.scripts.start ?? '').split(' ').filter((w) => w.startsWith('--'));
    const run = spawnSync(process.execPath, [...flags, path.join(ROOT, 'dist', 'worker-thread.js')], {
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('runs only as a worker thread');
    const source = readFileSync(path.join(ROOT, 'src', 'roles', 'worker-thread.ts'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('runs only as a worker thread')) + 1;
    expect(run.stderr).toMatch(new RegExp(`src/roles/worker-thread\\.ts:${line}:\\d+`));
  });
});
