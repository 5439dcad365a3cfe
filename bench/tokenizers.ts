/**
 * Keyword search across scripts (issue 17): which tokenizer and index. Three ways per dialect, over
 * the same messages (the speed corpus plus a set of messages in unspaced and mark-rich scripts),
 * asked the same questions:
 *
 * - SQLite: FTS5 `unicode61 remove_diacritics 2` over the text (the index before issue 17, with its
 *   question words: every mark stripped); FTS5 `trigram remove_diacritics 1` over the text (any
 *   substring of 3 characters or more); FTS5 `ascii` over the words a dictionary segmenter finds
 *   (ICU's, through `Intl.Segmenter`); FTS5 `ascii` over the words of src/text/words.ts (bigrams
 *   for unspaced scripts, marks of letters kept) — the product's way, through its own store.
 * - PostgreSQL: `to_tsvector('askbot', …)` over the text (before issue 17); `pg_trgm` (GIN,
 *   `ILIKE` per word, ranked by `similarity`); a tsvector of the words of src/text/words.ts — the
 *   product's way, through its own store.
 *
 * For each: how many of the script cases find their message in the first 5, and the p50 / p95 of
 * 200 questions of the speed corpus (Latin words, as most servers' questions are).
 * Run alone: `npx tsx bench/tokenizers.ts` (BENCH_QUICK=1: 10,000 messages).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openPostgresStore } from '../src/store/postgres/open';
import { openSqliteStore } from '../src/store/sqlite/open';
import { isStopword, selectTerms } from '../src/store/terms';
import type { Store } from '../src/store/types';
import { foldText } from '../src/text/words';
import {
  type BenchMessage,
  type Corpus,
  GUILD_ID,
  generateCorpus,
  pickChannels,
  prng,
  questionFor,
} from './corpus';
import { storeMessages } from './indexing';
import { postgresVersion, throwawayDatabase } from './postgres';
import { Cleanup } from './processes';
import type { Row } from './report';
import { distribution, round } from './stats';

/** Messages in the scripts keyword search must handle, and a question each must be found by. */
export const SCRIPT_CASES: { name: string; message: string; question: string }[] = [
  {
    name: 'Chinese, a word inside unspaced text',
    message: '昨天部署失败了，回滚以后好了',
    question: '部署失败怎么办',
  },
  { name: 'Chinese, a two-character word', message: '数据库迁移脚本在新结构之前运行', question: '迁移' },
  { name: 'Japanese katakana', message: 'サーバーのガイドを読んでください', question: 'ガイドはどこ' },
  {
    name: 'Japanese, half-width kana in the question',
    message: 'ログインのガイドを更新しました',
    question: 'ｶﾞｲﾄﾞ',
  },
  { name: 'Thai', message: 'ฐานข้อมูลล่มเมื่อวานนี้', question: 'ฐานข้อมูล' },
  { name: 'Hindi, vowel signs and virama', message: 'कल रात डेटाबेस बंद हो गया', question: 'डेटाबेस क्यों बंद है' },
  { name: 'Tamil, vowel signs and virama', message: 'தரவுத்தளம் வேலை செய்யவில்லை', question: 'தரவுத்தளம்' },
  { name: 'Korean, a particle attached', message: '서버에서 배포가 실패했어요', question: '배포 실패' },
  { name: 'French, diacritics in the text', message: 'Le serveur du café est fermé', question: 'cafe ferme' },
  { name: 'French, diacritics in the question', message: 'le mot de passe du cafe', question: 'café' },
  { name: 'German ß', message: 'Die Straße zum Rechenzentrum ist gesperrt', question: 'strasse gesperrt' },
  {
    name: 'an error code',
    message: 'ERR_OSSL_EVP_UNSUPPORTED after the upgrade',
    question: 'err_ossl_evp_unsupported',
  },
];

/** The keyword index of issue 17's predecessor: every mark stripped, `[\p{L}\p{N}_]{2,}` words. */
function legacyTerms(text: string): string[] {
  const folded = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return [...new Set(folded.match(/[\p{L}\p{N}_]{2,}/gu) ?? [])].filter((t) => !isStopword(t)).slice(0, 32);
}

/** Plain words of a question for the trigram indexes (they match substrings themselves). */
const plainWords = (text: string) =>
  [...new Set(text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [])].filter((w) => !isStopword(w));

interface Way {
  name: string;
  dialect: 'SQLite' | 'PostgreSQL';
  search(question: string, channelIds: string[]): Promise<string[]>;
}

export interface TokenizerFigure {
  name: string;
  dialect: string;
  /** Script cases whose message is in the first 5. */
  found: number;
  missed: string[];
  p50Ms: number;
  p95Ms: number;
}

export interface TokenizerResult {
  messages: number;
  cases: number;
  figures: TokenizerFigure[];
}

const BUDGET = 2000;
const phrase = (words: string[]) => `"${words.join(' ').replaceAll('"', '')}"`;

/** An FTS5 search the product's way (rarest terms within the budget, BM25), over table `t`. */
function fts5Way(db: Database.Database, table: string, terms: (q: string) => string[][], name: string): Way {
  const count = db.prepare(
    `SELECT count(*) AS n FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${BUDGET + 1})`,
  );
  return {
    name,
    dialect: 'SQLite',
    async search(question, channelIds) {
      const list = terms(question);
      const docs = new Map<string, number>();
      for (const words of list) {
        for (const w of words) {
          if (!docs.has(w)) {
            try {
              docs.set(w, (count.get(phrase([w])) as { n: number }).n);
            } catch {
              docs.set(w, 0);
            }
          }
        }
      }
      const chosen = selectTerms(
        list.map((ws) => ws.join('_')),
        (w) => docs.get(w) ?? 0,
        BUDGET,
      );
      if (chosen.length === 0) return [];
      const match = chosen.map((t) => phrase(t.split('_'))).join(' OR ');
      const rows = db
        .prepare(
          `SELECT m.id FROM ${table} f JOIN messages m ON m.id = CAST(f.rowid AS TEXT)
           WHERE ${table} MATCH ? AND m.channel_id IN (SELECT value FROM json_each(?)) ORDER BY bm25(${table}) LIMIT 40`,
        )
        .all(match, JSON.stringify(channelIds)) as { id: string }[];
      return rows.map((r) => r.id);
    },
  };
}

/** The product's own keyword search, through its store. */
const storeWay = (store: Store, name: string, dialect: Way['dialect']): Way => ({
  name,
  dialect,
  search: (question, channelIds) =>
    store.messages.keywordSearch({ guildId: GUILD_ID, channelIds }, question, 40),
});

async function measure(
  way: Way,
  cases: Map<string, string>,
  questions: { text: string; channelIds: string[] }[],
  all: string[],
): Promise<TokenizerFigure> {
  const missed: string[] = [];
  for (const c of SCRIPT_CASES) {
    const got = await way.search(c.question, all);
    if (!got.slice(0, 5).includes(cases.get(c.name) ?? '')) missed.push(c.name);
  }
  for (const q of questions.slice(0, 10)) await way.search(q.text, q.channelIds);
  const times: number[] = [];
  for (const q of questions) {
    const t = performance.now();
    await way.search(q.text, q.channelIds);
    times.push(performance.now() - t);
  }
  const d = distribution(times);
  return {
    name: way.name,
    dialect: way.dialect,
    found: SCRIPT_CASES.length - missed.length,
    missed,
    p50Ms: round(d.p50),
    p95Ms: round(d.p95),
  };
}

/** The corpus messages with the script cases among them (ids after the corpus's). */
function withCases(
  corpus: Corpus,
  messages: BenchMessage[],
): { all: BenchMessage[]; ids: Map<string, string> } {
  const last = messages.at(-1);
  const ids = new Map<string, string>();
  const extra = SCRIPT_CASES.map((c, i) => {
    const id = (BigInt(last?.id ?? '0') + BigInt(i + 1)).toString();
    ids.set(c.name, id);
    return {
      id,
      channelId: corpus.channels[i % corpus.channels.length]?.id ?? '',
      authorId: '820000000000000001',
      authorName: 'user1',
      content: c.message,
      createdAt: (last?.createdAt ?? 0) + i + 1,
    };
  });
  return { all: [...messages, ...extra], ids };
}

export async function benchTokenizers(opts: {
  dir: string;
  corpus: Corpus;
  messages: BenchMessage[];
  postgresUrl: string | undefined;
  queries: number;
  readable: number;
  log: (line: string) => void;
}): Promise<TokenizerResult> {
  const { all, ids } = withCases(opts.corpus, opts.messages);
  const rand = prng(29);
  const questions = Array.from({ length: opts.queries }, () => {
    const channelIds = pickChannels(opts.corpus, opts.readable, rand);
    return { channelIds, text: questionFor(opts.messages, new Set(channelIds), rand) };
  });
  const everyChannel = opts.corpus.channels.map((c) => c.id);
  const figures: TokenizerFigure[] = [];

  opts.log(`  SQLite: ${all.length} messages, three indexes …`);
  const file = path.join(opts.dir, 'tokenizers.sqlite');
  const store = openSqliteStore(file);
  try {
    await storeMessages(store, opts.corpus, all, 1000);
    const db = new Database(file);
    try {
      db.exec(`
        CREATE VIRTUAL TABLE legacy_fts USING fts5(words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO legacy_fts(rowid, words) SELECT CAST(id AS INTEGER), content || ' ' || author_name FROM messages;
        CREATE VIRTUAL TABLE trigram_fts USING fts5(words, content = '', contentless_delete = 1, tokenize = 'trigram remove_diacritics 1');
        INSERT INTO trigram_fts(rowid, words) SELECT CAST(id AS INTEGER), content || ' ' || author_name FROM messages;`);
      // A dictionary segmenter (ICU's, through Intl.Segmenter) over the same folded text.
      const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
      const segmented = (text: string) =>
        [...segmenter.segment(foldText(text))].filter((x) => x.isWordLike).map((x) => x.segment);
      db.exec(
        `CREATE VIRTUAL TABLE segmenter_fts USING fts5(words, content = '', contentless_delete = 1, tokenize = 'ascii')`,
      );
      const insert = db.prepare('INSERT INTO segmenter_fts(rowid, words) VALUES (?, ?)');
      const rows = db.prepare('SELECT id, content, author_name FROM messages').all() as {
        id: string;
        content: string;
        author_name: string;
      }[];
      db.transaction(() => {
        for (const r of rows) insert.run(BigInt(r.id), segmented(`${r.content} ${r.author_name}`).join(' '));
      })();
      const ways = [
        fts5Way(
          db,
          'segmenter_fts',
          (q) =>
            [...new Set(segmented(q))].filter((w) => !isStopword(w)).map((w) => w.split('_').filter(Boolean)),
          'FTS5 ascii over Intl.Segmenter words (ICU dictionary)',
        ),
        fts5Way(
          db,
          'legacy_fts',
          (q) => legacyTerms(q).map((t) => t.split('_').filter(Boolean)),
          'FTS5 unicode61, marks stripped (before)',
        ),
        fts5Way(db, 'trigram_fts', (q) => plainWords(q).map((w) => [w]), 'FTS5 trigram'),
        storeWay(store, 'FTS5 ascii over text/words.ts words (now)', 'SQLite'),
      ];
      for (const way of ways) figures.push(await measure(way, ids, questions, everyChannel));
    } finally {
      db.close();
    }
  } finally {
    await store.close();
  }

  if (opts.postgresUrl !== undefined) {
    opts.log(`  PostgreSQL: ${all.length} messages, three indexes …`);
    const { store: pgStore, pool } = await openPostgresStore(opts.postgresUrl);
    try {
      await storeMessages(pgStore, opts.corpus, all, 1000);
      await pool.query(`
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        ALTER TABLE messages ADD COLUMN legacy_search tsvector;
        UPDATE messages SET legacy_search = to_tsvector('askbot', regexp_replace(content || ' ' || author_name, '[^[:alnum:]]+', ' ', 'g'));
        CREATE INDEX legacy_search_idx ON messages USING gin (legacy_search);
        CREATE INDEX trigram_search ON messages USING gin (content gin_trgm_ops);
        ANALYZE messages;`);
      const legacy: Way = {
        name: "to_tsvector('askbot'), marks stripped (before)",
        dialect: 'PostgreSQL',
        async search(question, channelIds) {
          const terms = legacyTerms(question);
          if (terms.length === 0) return [];
          const query = terms.map((t) => `(${t.split('_').filter(Boolean).join(' <-> ')})`).join(' | ');
          // As the index before issue 17 stored it: a tsvector column (GIN), ranked by ts_rank_cd.
          const r = await pool.query(
            `SELECT id FROM messages m, to_tsquery('askbot', $1) q
             WHERE legacy_search @@ q AND channel_id = ANY($2::text[])
             ORDER BY ts_rank_cd(legacy_search, q) DESC, created_at DESC LIMIT 40`,
            [query, channelIds],
          );
          return r.rows.map((x: { id: string }) => x.id);
        },
      };
      const trigram: Way = {
        name: 'pg_trgm, ILIKE per word, by similarity',
        dialect: 'PostgreSQL',
        async search(question, channelIds) {
          const words = plainWords(question);
          if (words.length === 0) return [];
          const r = await pool.query(
            `SELECT id FROM messages WHERE content ILIKE ANY($1::text[]) AND channel_id = ANY($2::text[])
             ORDER BY similarity(content, $3) DESC LIMIT 40`,
            [words.map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`), channelIds, question],
          );
          return r.rows.map((x: { id: string }) => x.id);
        },
      };
      for (const way of [
        legacy,
        trigram,
        storeWay(pgStore, 'tsvector of text/words.ts words (now)', 'PostgreSQL'),
      ])
        figures.push(await measure(way, ids, questions, everyChannel));
    } finally {
      await pgStore.close();
    }
  }
  return { messages: all.length, cases: SCRIPT_CASES.length, figures };
}

/** The report's rows: each way's script cases found and its speed. */
export function tokenizerRows(r: TokenizerResult): Row[] {
  return r.figures.map(
    (f, i): Row => [
      i === 0 ? 'tokenizers' : '',
      `${f.dialect}, ${f.name}: script cases found / p50 / p95 ms`,
      `${f.found} of ${r.cases} / ${f.p50Ms} / ${f.p95Ms}`,
      f.missed.length === 0 ? 'all found' : `missed: ${f.missed.join('; ')}`,
      '',
    ],
  );
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-bench-tokenizers-'));
  const corpus = generateCorpus(quick ? 10_000 : 100_000, 200);
  const cleanup = new Cleanup();
  cleanup.trackDir(dir);
  try {
    const db = (await postgresVersion()) === undefined ? undefined : await throwawayDatabase(cleanup);
    const r = await benchTokenizers({
      dir,
      corpus,
      messages: corpus.messages,
      postgresUrl: db?.url,
      queries: 200,
      readable: 50,
      log,
    });
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    for (const row of tokenizerRows(r)) process.stdout.write(`${row.join(' | ')}\n`);
  } finally {
    await cleanup.run();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(
        `tokenizers bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
