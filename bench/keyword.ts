/**
 * Keyword search on PostgreSQL against SQLite (bench/README.md, "Keyword search"): the store's
 * `messages.keywordSearch(scope, question, 40)` (40: the candidates retrieval asks for) over the same
 * corpus stored in each through `storePage`, with the same questions and readable scopes (a random 50
 * of the 200 channels, as in the retrieval figure). PostgreSQL's statistics are gathered first
 * (ANALYZE messages), as autovacuum would have by then.
 */
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/open';
import type { Store } from '../src/store/types';
import { type BenchMessage, type Corpus, GUILD_ID, pickChannels, prng, questionFor } from './corpus';
import { storeMessages } from './indexing';
import { distribution, ratio, round } from './stats';

export interface KeywordResult {
  messages: number;
  queries: number;
  readableChannels: string;
  sqlite: { p50Ms: number; p95Ms: number; meanHits: number };
  postgres: { p50Ms: number; p95Ms: number; meanHits: number; writePerSec: number } | undefined;
  ratioPostgresToSqliteP50: number;
}

async function timeQueries(store: Store, questions: { channelIds: string[]; text: string }[]) {
  const run = async (q: (typeof questions)[number]) => {
    const start = performance.now();
    const ids = await store.messages.keywordSearch(
      { guildId: GUILD_ID, channelIds: q.channelIds },
      q.text,
      40,
    );
    return { ms: performance.now() - start, hits: ids.length };
  };
  for (const q of questions.slice(0, 10)) await run(q);
  const times: number[] = [];
  let hits = 0;
  for (const q of questions) {
    const r = await run(q);
    times.push(r.ms);
    hits += r.hits;
  }
  const d = distribution(times);
  return { p50Ms: round(d.p50), p95Ms: round(d.p95), meanHits: round(hits / questions.length) };
}

export async function benchKeyword(opts: {
  corpus: Corpus;
  messages: BenchMessage[];
  /** A SQLite store already holding `messages` (the large search set). */
  sqlite: Store;
  postgresUrl: string | undefined;
  queries: number;
  readable: number;
  log: (line: string) => void;
}): Promise<KeywordResult> {
  const rand = prng(23);
  const questions = Array.from({ length: opts.queries }, () => {
    const channelIds = pickChannels(opts.corpus, opts.readable, rand);
    return { channelIds, text: questionFor(opts.messages, new Set(channelIds), rand) };
  });
  const sqlite = await timeQueries(opts.sqlite, questions);
  let postgres: KeywordResult['postgres'];
  if (opts.postgresUrl !== undefined) {
    opts.log(`  storing ${opts.messages.length} messages in PostgreSQL …`);
    const { store } = await openPostgresStore(opts.postgresUrl);
    try {
      const seconds = await storeMessages(store, opts.corpus, opts.messages, 1000);
      const client = new pg.Client({ connectionString: opts.postgresUrl });
      await client.connect();
      try {
        await client.query('ANALYZE messages');
      } finally {
        await client.end();
      }
      opts.log(`  ${opts.queries} keyword searches on each …`);
      postgres = {
        ...(await timeQueries(store, questions)),
        writePerSec: round(opts.messages.length / seconds),
      };
    } finally {
      await store.close();
    }
  }
  return {
    messages: opts.messages.length,
    queries: opts.queries,
    readableChannels: `${opts.readable} of ${opts.corpus.channels.length}`,
    sqlite,
    postgres,
    ratioPostgresToSqliteP50: postgres === undefined ? Number.NaN : ratio(postgres.p50Ms, sqlite.p50Ms),
  };
}
