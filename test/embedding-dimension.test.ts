import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { DIMENSION_MISMATCH_NOTE } from '../src/answering/compose';
import { ask, command, finalContent, G, type Harness, seedGuilds, startHarness } from './harness';
import { writeExport } from './indexer/world';
import { runEntry } from './process';
import { snowflakeFromMs } from './standins/discord';
import { tempDir } from './tmp';

const T0 = Date.UTC(2026, 9, 2, 12);

/** `npm run index` on the harness's store and collections (import and --reembed need no bot token). */
async function indexCli(h: Harness, args: string[]) {
  const run = runEntry(
    'scripts/index.ts',
    args,
    {
      OLLAMA_HOST: h.ollama.url,
      DATABASE_URL: h.settings.databasePath,
      CHROMA_URL: inject('chromaUrl'),
      CHROMA_COLLECTION: h.settings.chroma.collection,
      DATA_DIR: tempDir(),
    },
    tempDir(),
  );
  const { code } = await run.exit;
  return { code, stderr: run.stderr() };
}

function exportOf(n: number, from: number): string {
  return writeExport(path.join(tempDir(), `export-${from}.json`), {
    guildId: G.guild,
    channel: { id: G.general, name: 'general' },
    messages: Array.from({ length: n }, (_, i) => ({
      id: snowflakeFromMs(T0 + (from + i) * 60_000, i),
      content: `Deploy note ${from + i}: the deploy script is tools/deploy.sh and needs Node 20.`,
    })),
  });
}

async function answer(h: Harness): Promise<string> {
  const q = ask(`where is the deploy script? ${Math.random()}`);
  await h.interact(q);
  return finalContent(h, q.token, 20_000);
}

async function status(h: Harness): Promise<string> {
  const s = command('status');
  await h.interact(s);
  return finalContent(h, s.token, 10_000);
}

describe('the same embedding model name, vectors of another size', () => {
  it.each([128, 32])(
    '64 → %i dimensions: the index run and /status say so with what to do, answers say why they used keywords, and --reembed fixes it',
    async (next) => {
      const h = await startHarness({ ASK_CACHE_TTL_SECONDS: '0' });
      await seedGuilds(h, [
        { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
      ]);
      h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
      expect(await indexCli(h, ['--import', exportOf(5, 0)])).toMatchObject({ code: 0 });
      expect(await answer(h)).toMatch(/^It is tools\/deploy\.sh/);

      // The model is pulled again under the same name, and now gives vectors of another size.
      h.ollama.dimension = next;
      const run = await indexCli(h, ['--import', exportOf(3, 100)]);
      expect(run.code).toBe(1);
      const last = run.stderr.trim().split('\n').at(-1) ?? '';
      expect(last).toContain(`nomic-embed-text now returns ${next}-dimensional vectors`);
      expect(last).toContain('holds 64-dimensional ones');
      expect(last).toContain('npm run index -- --reembed');
      expect(last).not.toContain('the next run embeds them');
      // The new messages are stored all the same (keyword search finds them).
      expect((await h.db.store.messages.countIndexed(G.guild)).messages).toBe(9);

      const degraded = await answer(h);
      expect(degraded.startsWith(DIMENSION_MISMATCH_NOTE)).toBe(true);
      expect(degraded).not.toMatch(/Chroma\) is unavailable/);
      expect(degraded).toContain('tools/deploy.sh');
      expect(await status(h)).toContain(
        `❌ Embedding model \`nomic-embed-text\` now gives ${next}-dimensional vectors, but this server's index holds 64-dimensional ones: run \`npm run index -- --reembed\``,
      );

      const fixed = await indexCli(h, ['--reembed']);
      expect(fixed, fixed.stderr).toMatchObject({ code: 0 });
      expect(fixed.stderr).toMatch(
        /re-embedding 9 stored messages with nomic-embed-text into fresh collections of \d+ guilds?/,
      );
      const collection = await h.db.store.outbox.collection(
        h.worker.runtime.raw.vectors.collectionName(G.guild),
      );
      expect(collection).toMatchObject({ dimension: next, ready: true });
      expect(await h.worker.runtime.raw.vectors.count(G.guild)).toBe(9);
      const healed = await answer(h);
      expect(healed).toMatch(/^It is tools\/deploy\.sh/);
      expect(await status(h)).not.toContain('-dimensional');
    },
    120_000,
  );
});

describe('the same embedding model name, another size, found by Chroma itself', () => {
  it('an index that never recorded its size (vectors written before) still names the mismatch, not "Chroma failed"', async () => {
    const h = await startHarness({ ASK_CACHE_TTL_SECONDS: '0' });
    // Vectors in Chroma, but no record of their size in the store.
    await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
    ]);
    h.ollama.dimension = 96;
    const run = await indexCli(h, ['--import', exportOf(2, 200)]);
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(
      /now returns 96-dimensional vectors, but the search index holds 64-dimensional ones/,
    );
    expect(last).toContain('npm run index -- --reembed');
    expect(await indexCli(h, ['--reembed'])).toMatchObject({ code: 0 });
    expect(await answer(h)).not.toContain(DIMENSION_MISMATCH_NOTE);
  }, 120_000);
});
