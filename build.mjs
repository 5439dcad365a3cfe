// The build: TypeScript → JavaScript in dist/, run by plain `node` (`npm start`, the scripts, the
// Docker image). Runs as `prepare`, so `npm install` and `npm ci` on a fresh clone build it; `npm
// test` builds first too (test/global-setup.ts), so the tests spawn what users run.
//
// esbuild, not tsc: the sources import without file extensions (`moduleResolution: Bundler`),
// which Node's ESM loader does not resolve, and tsc does not rewrite specifiers; esbuild resolves
// them, builds every entry in ~0.3 s against tsc's ~9 s (type checking stays `npm run typecheck`),
// and with `splitting` each entry loads only the chunks its static imports reach, so a module
// imported with `await import()` (src/roles/processes.ts) is loaded only by the role that needs
// it. Packages stay external: node_modules is resolved at run time as from source (native
// modules, Chroma's bindings). Source maps (linked, no sources inside) let `--enable-source-maps`
// turn stack traces into .ts lines.
//
// Layout: every entry and chunk directly in dist/ (one level below the project root, as
// src/paths.ts is), so paths computed from `import.meta.url` hold compiled and from source alike.
//   node build.mjs           build once
//   node build.mjs --watch   rebuild on change
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(root, 'dist');

/** Every entry point by output name: the service, its worker thread, and each script in scripts/. */
function entryPoints() {
  const entries = {
    main: 'src/main.ts',
    'worker-thread': 'src/roles/worker-thread.ts',
  };
  for (const file of readdirSync(path.join(root, 'scripts')).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    const name = file.slice(0, -3);
    if (name in entries) throw new Error(`build: two entries would be dist/${name}.js`);
    entries[name] = `scripts/${file}`;
  }
  return entries;
}

/** Plain JavaScript files the service starts as they are (the local Chroma's parent watchdog). */
const COPIED = ['src/vector/parent-watchdog.mjs'];

async function main() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // `npm ci --omit=dev` (e.g. a production image built from an already built tree) has no esbuild.
    process.stderr.write('build: esbuild is not installed (a production install?); dist/ left as it is\n');
    return;
  }
  const watch = process.argv.includes('--watch');
  const started = performance.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  for (const file of COPIED) copyFileSync(path.join(root, file), path.join(outdir, path.basename(file)));
  /** @type {import('esbuild').BuildOptions} */
  const options = {
    absWorkingDir: root,
    entryPoints: entryPoints(),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
    metafile: true,
  };
  if (watch) {
    const context = await esbuild.context({
      ...options,
      plugins: [
        {
          name: 'report',
          setup(b) {
            b.onEnd((r) => process.stderr.write(`build: ${r.errors.length === 0 ? 'rebuilt' : 'failed'}\n`));
          },
        },
      ],
    });
    await context.watch();
    process.stderr.write('build: watching src/ and scripts/\n');
    return;
  }
  await esbuild.build(options);
  if (process.env.BUILD_QUIET !== '1')
    process.stderr.write(`build: dist/ in ${Math.round(performance.now() - started)} ms\n`);
}

await main();
