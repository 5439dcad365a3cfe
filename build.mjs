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
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * Packages bundled into dist/ instead of loaded from node_modules at run time: the pure-JavaScript
 * ones on the acknowledgement path. Node's ESM loader reads, resolves and compiles a module at a
 * time (~470 files for an endpoint: zod, drizzle-orm, discord-api-types, prom-client, hono…);
 * bundled, they are a few files, tree-shaken. Everything else stays in node_modules: native
 * modules (better-sqlite3, Chroma's bindings), packages that start files of their own by path
 * (pino's transports), those loaded on first use (tokenizers), and any package not listed here,
 * so a new dependency works unbundled until it is added. List one only after `npm test` and
 * `npm run bench` say it works and pays.
 */
const BUNDLED = new Set([
  '@hono/node-server',
  'bintrees',
  'cockatiel',
  'croner',
  'discord-api-types',
  'drizzle-orm',
  'hono',
  'ollama',
  'prom-client',
  'tdigest',
  'whatwg-fetch',
  'zod',
]);

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** @type {import('esbuild').Plugin} */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.has(packageName(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * discord-api-types as ES constants: the package is CommonJS, so bundled it comes whole (150 KB of
 * enums, ~12 ms of an endpoint's cold start) although our code uses a dozen of its enums. The
 * plugin serves `discord-api-types/v10` as a module of `export const`s, each enum the same object
 * as the package's (values and reverse mappings), which the bundler drops where unused. Its helpers
 * (Routes, Utils…) are imported from their own part of the package (`discord-api-types/rest/v10`
 * for Routes), so that only the code that calls Discord's REST API loads them.
 */
const DISCORD_TYPES = 'discord-api-types/v10';
/** @type {import('esbuild').Plugin} */
const discordEnums = {
  name: 'discord-enums',
  setup(b) {
    const require = createRequire(import.meta.url);
    b.onResolve({ filter: /^discord-api-types\/v10$/ }, () => ({
      path: DISCORD_TYPES,
      namespace: 'discord-enums',
    }));
    b.onLoad({ filter: /.*/, namespace: 'discord-enums' }, () => {
      const literal = (v) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v));
      const lines = [];
      for (const [name, value] of Object.entries(require(DISCORD_TYPES))) {
        if (typeof value === 'string' || typeof value === 'number') {
          lines.push(`export const ${name} = ${literal(value)};`);
          continue;
        }
        const fields = Object.entries(value ?? {});
        // A helper (Routes, Utils…): a build error names where to import it from.
        if (!fields.every(([, v]) => ['number', 'string', 'bigint'].includes(typeof v))) continue;
        lines.push(
          `export const ${name} = { ${fields.map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`).join(', ')} };`,
        );
      }
      return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
    });
  },
};

/**
 * prom-client requires `@opentelemetry/api` at load for exemplars, which we never enable (51 files
 * bundled, a few ms of every cold start). Served as a stand-in that loads the real package from
 * node_modules the first time a property of it is read, so exemplars would still work.
 */
/** @type {import('esbuild').Plugin} */
const otelOnFirstUse = {
  name: 'otel-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^@opentelemetry\/api$/ }, (args) =>
      args.namespace === 'otel-on-first-use'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'otel-on-first-use' },
    );
    b.onLoad({ filter: /.*/, namespace: 'otel-on-first-use' }, () => ({
      contents:
        "let api; module.exports = new Proxy({}, { get: (_, key) => (api ??= require('@opentelemetry/api'))[key] });",
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** The build's plugins, in order: enums as constants, OpenTelemetry on first use, then what stays external. */
const PLUGINS = [discordEnums, otelOnFirstUse, externals];

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** One source-map segment's fields (base64 VLQ, deltas). */
function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = B64_INDEX.get(c);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeSegment(values) {
  let out = '';
  for (const v of values) {
    let x = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      let digit = x & 31;
      x >>>= 5;
      if (x > 0) digit |= 32;
      out += B64[digit];
    } while (x > 0);
  }
  return out;
}

/**
 * Keeps only the mappings into our own sources. Node with --enable-source-maps reads and parses
 * every loaded file's map at load time, and the bundled packages' mappings are most of it (zod's
 * alone is 450 KB); a stack frame inside a package keeps its dist/ position, which is enough.
 */
function ownMappingsOnly(file) {
  const map = JSON.parse(readFileSync(file, 'utf8'));
  const keep = map.sources.map((s) => !s.includes('node_modules/'));
  if (keep.every(Boolean)) return;
  // The sources list stays whole (names only: what went into the chunk, test/lean-roles.test.ts reads it).
  const newIndex = map.sources.map((_, i) => (keep[i] ? i : -1));
  // Absolute values of the running fields: source, original line, original column, name.
  const abs = [0, 0, 0, 0];
  const prev = [0, 0, 0, 0];
  map.mappings = map.mappings
    .split(';')
    .map((line) => {
      let column = 0;
      let prevColumn = 0;
      const out = [];
      for (const segment of line === '' ? [] : line.split(',')) {
        const [dc, ds, dl, dcol, dn] = decodeSegment(segment);
        column += dc;
        if (ds === undefined) continue;
        abs[0] += ds;
        abs[1] += dl;
        abs[2] += dcol;
        if (dn !== undefined) abs[3] += dn;
        const source = newIndex[abs[0]];
        if (source === -1) continue;
        const fields = [column - prevColumn, source - prev[0], abs[1] - prev[1], abs[2] - prev[2]];
        if (dn !== undefined) fields.push(abs[3] - prev[3]);
        prevColumn = column;
        prev[0] = source;
        prev[1] = abs[1];
        prev[2] = abs[2];
        if (dn !== undefined) prev[3] = abs[3];
        out.push(encodeSegment(fields));
      }
      return out.join(',');
    })
    .join(';');
  writeFileSync(file, JSON.stringify(map));
}

/** Plain JavaScript files the service starts as they are (the local Chroma's parent watchdog). */
const COPIED = ['src/vector/parent-watchdog.mjs'];

/**
 * Files of earlier builds go only once they are a day old: a service started before this build
 * (an `npm install` while `npm start` runs) still imports its own chunks later (the worker side).
 */
function removeStale(current) {
  const dayAgo = Date.now() - 86_400_000;
  for (const file of readdirSync(outdir)) {
    const full = path.join(outdir, file);
    if (!current.has(full) && statSync(full).mtimeMs < dayAgo) rmSync(full, { force: true });
  }
}

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
    plugins: PLUGINS,
    // CommonJS packages bundled into ES modules call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
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
        ...PLUGINS,
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
  const { metafile } = await esbuild.build(options);
  removeStale(
    new Set([
      ...Object.keys(metafile.outputs).map((f) => path.resolve(root, f)),
      ...COPIED.map((f) => path.join(outdir, path.basename(f))),
    ]),
  );
  // BUILD_FULL_MAPS=1 keeps the packages' mappings too (to debug inside one).
  if (process.env.BUILD_FULL_MAPS !== '1')
    for (const file of readdirSync(outdir))
      if (file.endsWith('.map')) ownMappingsOnly(path.join(outdir, file));
  if (process.env.BUILD_QUIET !== '1')
    process.stderr.write(`build: dist/ in ${Math.round(performance.now() - started)} ms\n`);
}

await main();
