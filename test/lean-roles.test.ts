import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { G } from './harness';
import { guildCommand, ROOT } from './process';
import { startService } from './service';
import type { createSigner } from './sign';
import { tempDir } from './tmp';

// What each role's process loads, read from a real `npm start` process (the compiled dist/, as
// users run it) through test/loaded-modules.mjs. The endpoint's graph is its cold start and its
// memory: it must never load what only answering needs (src/roles/processes.ts says how roles
// load their parts).

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const RECORDER = path.join(ROOT, 'test', 'loaded-modules.mjs');

/** Packages only answering uses: the Chroma client and its bindings, tokenizers, Discord's REST client, the markdown lexer. */
const ANSWERING_PACKAGES = [
  'chromadb',
  'chromadb-js-bindings-linux-x64-gnu',
  'llama3-tokenizer-js',
  'gpt-tokenizer',
  '@discordjs/rest',
  'marked',
  // The language detector (src/i18n/language.ts: the answer's language is a worker's choice).
  'eld',
  // The digest's chart (issue 21): Chart.js on a Skia canvas with its font, a worker's alone.
  'chart.js',
  '@napi-rs/canvas',
  'dejavu-fonts-ttf',
];

/** Source modules only answering uses. */
const ANSWERING_SOURCES = [
  'src/answering/',
  'src/retrieval/',
  'src/indexer/',
  'src/jobs/',
  'src/llm/tokens.ts',
  'src/llm/prompt.ts',
  'src/discord/split.ts',
  'src/discord/rest.ts',
  'src/vector/store.ts',
  'src/roles/runtime.ts',
  'src/roles/worker-role.ts',
  'src/i18n/language.ts',
  'src/i18n/messages/answer.ts',
  'src/i18n/messages/status.ts',
  // Insights (issue 21): the endpoint defers /insights; reports, digests and charts are the workers'.
  'src/insights/report.ts',
  'src/insights/digest.ts',
  'src/insights/chart.ts',
  'src/insights/grouper.ts',
];

/** The package a loaded file belongs to (`@scope/name` or `name`), or undefined outside node_modules. */
function packageOf(file: string): string | undefined {
  const rest = file.split(`${path.sep}node_modules${path.sep}`).pop();
  if (rest === undefined || rest === file) return undefined;
  const [first, second] = rest.split(path.sep);
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * What a process loaded: the packages (from node_modules, or bundled into a chunk), and the source
 * modules (relative to the project root) that the compiled chunks it loaded were built from, read
 * from their source maps.
 */
function graphOf(listFile: string): { packages: Set<string>; sources: Set<string> } {
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(files.map(packageOf).filter((p): p is string => p !== undefined));
  const sources = new Set<string>();
  const dist = path.join(ROOT, 'dist');
  for (const file of files) {
    if (!file.startsWith(dist) || !existsSync(`${file}.map`)) continue;
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    for (const s of map.sources) {
      const source = path.resolve(path.dirname(file), s);
      // A package bundled into the chunk (build.mjs) counts as loaded like one from node_modules.
      const pkg = packageOf(source);
      if (pkg === undefined) sources.add(path.relative(ROOT, source));
      else packages.add(pkg);
    }
  }
  return { packages, sources };
}

/** Starts a role of dist/main.js with the recorder, lets `exercise` use it, stops it, returns its graph. */
async function loadedBy(
  role: 'endpoint' | 'worker',
  exercise: (base: string, signer: ReturnType<typeof createSigner>) => Promise<void>,
): Promise<{ packages: Set<string>; sources: Set<string> }> {
  const dir = tempDir();
  const listFile = path.join(dir, 'loaded.txt');
  const { run, base, signer, stop } = await startService({
    role,
    dataDir: dir,
    env: { LOADED_MODULES_FILE: listFile },
    nodeArgs: ['--import', RECORDER],
  });
  cleanups.push(stop);
  await exercise(base, signer);
  run.child.kill('SIGTERM');
  expect((await run.exit).code, run.stderr()).toBe(0);
  return graphOf(listFile);
}

describe('each role loads only what it uses', () => {
  it('ROLE=endpoint acknowledges PING and /ask, answers /health and /metrics, and loads no part of answering', async () => {
    const graph = await loadedBy('endpoint', async (base, signer) => {
      const post = async (body: unknown) => {
        const raw = JSON.stringify(body);
        const res = await fetch(`${base}/interactions`, {
          method: 'POST',
          body: raw,
          headers: { 'content-type': 'application/json', ...signer.sign(raw) },
        });
        return (await res.json()) as { type?: number };
      };
      expect(
        await post({ type: 1, id: '1', application_id: '100000000000000001', token: 't', version: 1 }),
      ).toEqual({
        type: 1,
      });
      const ask = guildCommand({
        guildId: G.guild,
        channelId: G.general,
        userId: G.member,
        question: 'deploy?',
      });
      expect((await post(ask)).type).toBe(5);
      expect((await fetch(`${base}/health`)).status).toBeGreaterThan(0);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('askbot_interactions_total');
    });
    // The recorder saw the acknowledgement path (so an empty list cannot pass).
    expect(graph.packages).toContain('hono');
    expect(graph.sources).toContain('src/http/verify.ts');
    expect(graph.sources).toContain('src/interactions/dispatch.ts');
    expect([...graph.packages].filter((p) => ANSWERING_PACKAGES.includes(p))).toEqual([]);
    expect([...graph.sources].filter((s) => ANSWERING_SOURCES.some((a) => s.startsWith(a)))).toEqual([]);
    // One database driver: this endpoint is on SQLite.
    expect(graph.packages).toContain('better-sqlite3');
    expect(graph.packages).not.toContain('pg');
    // Not at all for PING, a deferral, /health and /metrics: discord-api-types' enums are constants
    // of the build (build.mjs), prom-client's exemplar API and the ICU formatter load on first use.
    expect(graph.packages).not.toContain('discord-api-types');
    expect(graph.packages).not.toContain('@opentelemetry/api');
    expect(graph.packages).not.toContain('intl-messageformat');
  }, 60_000);

  it('ROLE=worker loads the answering side at start, but no tokenizer vocabulary before a question needs one', async () => {
    const graph = await loadedBy('worker', async () => {});
    expect(graph.packages).toContain('chromadb');
    expect(graph.sources).toContain('src/roles/worker-role.ts');
    expect(graph.sources).toContain('src/answering/pipeline.ts');
    expect(graph.packages).not.toContain('llama3-tokenizer-js');
    expect(graph.packages).not.toContain('gpt-tokenizer');
    // The chart library and its canvas load when a digest is drawn, not at start.
    expect(graph.packages).not.toContain('chart.js');
    expect(graph.packages).not.toContain('@napi-rs/canvas');
  }, 60_000);
});
