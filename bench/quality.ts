/**
 * Retrieval quality (issue 17): is the answer in the prompt? A generated server whose questions are
 * answered the way Discord servers answer them (a reply hours later, the end of a reply chain, a
 * message deep in a thread with chatter, a forum post marked Solved, a short "yes, that one"),
 * with distractors sharing the question's words posted in the same hour and background chatter
 * everywhere. Questions are asked in the question's words (and some in the words of a short
 * answer, which must bring the question it answered). For today's message-level retrieval
 * (`conversations: false`) and the conversation retrieval, in the same run, on the same store and
 * Chroma collection: recall@8 of the answer message and of the whole linked conversation, counted
 * in the prompt as buildPrompt packs it (8,192 tokens), the answer cited, distractors shown with
 * the question, and retrieve()'s time on this corpus.
 *
 * Run alone: `BENCH_ONLY=quality npm run bench`, or `npx tsx bench/quality.ts` (BENCH_QUICK=1: a
 * fifth of the size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/async';
import type { Embedder } from '../src/llm/embedder';
import { buildPrompt } from '../src/llm/prompt';
import { silentLogger } from '../src/log';
import { type RetrievalDeps, retrieve } from '../src/retrieval/search';
import { openStore } from '../src/store/open';
import type { ChannelInfo, NewMessage } from '../src/store/types';
import { startLocalChroma } from '../src/vector/local-server';
import { openVectorIndex, vectorRecord } from '../src/vector/store';
import { snowflakeFromMs } from '../test/standins/discord';
import { prng } from './corpus';
import { QUALITY_DIMENSION, qualityEmbedding } from './quality-embedding';
import type { Row } from './report';
import { distribution, ratio, round } from './stats';

const GUILD = '870000000000000001';
const EMBED_MODEL = 'nomic-embed-text';
const HOUR = 3_600_000;
/** The prompt the recall is counted in: the default OLLAMA_NUM_CTX, with Llama 3's tokenizer. */
const NUM_CTX = 8192;
const CHAT_MODEL = 'llama3.2:3b';

export type Kind =
  | 'late reply'
  | 'reply chain'
  | 'thread with chatter'
  | 'forum post, Solved'
  | 'short answer';
const KINDS: Kind[] = [
  'late reply',
  'reply chain',
  'thread with chatter',
  'forum post, Solved',
  'short answer',
];

/** One question of the benchmark and what a right prompt holds. */
interface Case {
  kind: Kind;
  /** In whose words it is asked. */
  words: 'question' | 'answer';
  asked: string;
  questionId: string;
  answerId: string;
  /** The linked conversation: the question, every step of its chain, the answer. */
  linked: string[];
  /** Messages sharing the question's words posted in the same hour. */
  distractors: string[];
}

interface Corpus {
  channels: ChannelInfo[];
  messages: NewMessage[];
  cases: Case[];
}

const SYLLABLES = (
  'ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko ku la le li lo lu ma me mi mo ' +
  'mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zi zo'
).split(' ');

/**
 * A deterministic server with `conversations` linked conversations (a fifth of each kind) and
 * `chatter` background messages. Pseudo-words keep the stand-in embedding honest: words mean only
 * what they share with other messages.
 */
export function generateQualityCorpus(conversations: number, chatter: number, seed = 17): Corpus {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const used = new Set<string>();
  const word = () => {
    for (;;) {
      const n = 2 + Math.floor(rand() * 3);
      let w = '';
      for (let i = 0; i < n; i++) w += pick(SYLLABLES);
      if (!used.has(w)) {
        used.add(w);
        return w;
      }
    }
  };
  const pool = (n: number) => Array.from({ length: n }, word);
  // Objects are shared by many conversations (and their distractors); symptoms and fixes are rarer.
  const objects = pool(120);
  const symptoms = pool(1500);
  const fixWords = pool(1500);
  const common = pool(300);
  const colors = pool(40);
  const sentence = (k: number) => Array.from({ length: k }, () => pick(common)).join(' ');

  const channels: ChannelInfo[] = [];
  const help = Array.from({ length: 10 }, (_, i) => `8710000000000000${String(i).padStart(2, '0')}`);
  const general = Array.from({ length: 10 }, (_, i) => `8720000000000000${String(i).padStart(2, '0')}`);
  const forum = '873000000000000001';
  for (const [i, id] of help.entries())
    channels.push({ id, guildId: GUILD, parentId: null, type: 0, name: `help-${i}`, nsfw: false });
  for (const [i, id] of general.entries())
    channels.push({ id, guildId: GUILD, parentId: null, type: 0, name: `general-${i}`, nsfw: false });
  channels.push({
    id: forum,
    guildId: GUILD,
    parentId: null,
    type: 15,
    name: 'support',
    nsfw: false,
    availableTags: [
      { id: '1', name: 'Solved', moderated: false },
      { id: '2', name: 'Bug', moderated: false },
    ],
  });

  const messages: NewMessage[] = [];
  const cases: Case[] = [];
  const end = Date.UTC(2026, 0, 1);
  const start = end - 200 * 24 * HOUR;
  let seq = 0;
  const users = Array.from({ length: 400 }, (_, i) => `8800000000000${String(i).padStart(5, '0')}`);
  const add = (
    channelId: string,
    at: number,
    author: string,
    content: string,
    replyToId?: string,
    id?: string,
  ) => {
    at = Math.floor(at);
    const mid = id ?? snowflakeFromMs(at, ++seq % 4096);
    messages.push({
      id: mid,
      guildId: GUILD,
      channelId,
      authorId: author,
      authorName: `user${author.slice(-4)}`,
      content,
      createdAt: at,
      replyToId: replyToId ?? null,
    });
    return mid;
  };

  for (let c = 0; c < conversations; c++) {
    const kind = KINDS[c % KINDS.length] as Kind;
    const t = start + Math.floor(((c + rand()) / conversations) * (end - start - 10 * HOUR));
    const [asker, helper, other] = [pick(users), pick(users), pick(users)];
    const channel = pick(help);
    const [o1, o2] = [pick(objects), pick(objects)];
    const [s1, s2, s3] = [pick(symptoms), pick(symptoms), pick(symptoms)];
    const fix = Array.from({ length: 4 }, () => pick(fixWords));
    // Distractors in the same hour and channel: the question's objects, other symptoms.
    const distractor = (k: number) =>
      add(
        channel,
        t + (5 + 12 * k) * 60_000,
        pick(users),
        `the ${o1} ${o2} ${pick(symptoms)} ${pick(symptoms)} ${sentence(3)}`,
      );
    const questionText = `the ${o1} ${o2} ${s1} ${s2} ${s3} since ${pick(common)}`;
    const fixText = `${fix[0]} the ${fix[1]} ${fix[2]}, the old one is ${fix[3]}`;
    const asked = `why does the ${o1} ${o2} ${s1} ${s3}?`;
    /** A case asked in the question's words. */
    const asQuestion = (questionId: string, answerId: string, linked: string[], distractors: string[]) =>
      cases.push({ kind, words: 'question', asked, questionId, answerId, linked, distractors });

    if (kind === 'late reply') {
      const q = add(channel, t, asker, questionText);
      const distractors = [distractor(0), distractor(1)];
      const a = add(channel, t + (1 + rand() * 5) * HOUR, helper, fixText, q);
      asQuestion(q, a, [q, a], distractors);
    } else if (kind === 'reply chain') {
      const q = add(channel, t, asker, questionText);
      const distractors = [distractor(0), distractor(1)];
      const part = pick(fixWords);
      const b = add(channel, t + 40 * 60_000, helper, `which ${part}?`, q);
      const r = add(channel, t + 50 * 60_000, asker, `the ${pick(colors)} one`, b);
      const f = add(channel, t + 65 * 60_000, helper, `set the ${fix[0]} to ${fix[1]} ${fix[2]}`, r);
      asQuestion(q, f, [q, b, r, f], distractors);
    } else if (kind === 'thread with chatter') {
      const q = add(channel, t, asker, questionText);
      const distractors = [distractor(0), distractor(1)];
      channels.push({
        id: q,
        guildId: GUILD,
        parentId: channel,
        type: 11,
        name: `${o1} ${s1}`,
        nsfw: false,
      });
      const before = 3 + Math.floor(rand() * 4);
      for (let i = 0; i < before; i++)
        add(q, t + (i + 1) * 3 * 60_000, pick(users), sentence(2 + Math.floor(rand() * 3)));
      const a = add(q, t + (before + 1) * 3 * 60_000, helper, fixText);
      add(q, t + (before + 2) * 3 * 60_000, pick(users), sentence(2));
      const linked = rand() < 0.5;
      const thanks = add(
        q,
        t + (before + 3) * 3 * 60_000,
        asker,
        'thanks, that fixed it',
        linked ? a : undefined,
      );
      asQuestion(q, a, [q, a, thanks], distractors);
    } else if (kind === 'forum post, Solved') {
      const post = snowflakeFromMs(t, ++seq % 4096);
      channels.push({
        id: post,
        guildId: GUILD,
        parentId: forum,
        type: 11,
        name: `${o1} ${o2} ${s1}`,
        nsfw: false,
        appliedTags: ['1'],
      });
      const q = add(post, t, asker, questionText, undefined, post);
      // Distractors of a post: other posts' chatter is elsewhere; in the same hour in #help.
      const distractors = [distractor(0), distractor(1)];
      const k = Math.floor(rand() * 3);
      for (let i = 0; i < k; i++) add(post, t + (i + 1) * 5 * 60_000, pick(users), sentence(3));
      const a = add(post, t + (k + 1) * 5 * 60_000 + HOUR, helper, fixText);
      const thanks = add(post, t + (k + 2) * 5 * 60_000 + HOUR, asker, 'thank you, that worked', a);
      asQuestion(q, a, [q, a, thanks], distractors);
    } else {
      const color = pick(colors);
      const q = add(channel, t, asker, `which ${o1} goes from the ${o2} to the ${s1}?`);
      const distractors = [distractor(0), distractor(1)];
      const a = add(channel, t + (0.5 + rand() * 3) * HOUR, other, `yes, that ${o1}, the ${color} one`, q);
      // Asked in the answer's words: it must bring the question.
      cases.push({
        kind,
        words: 'answer',
        asked: `the ${color} ${o1}`,
        questionId: q,
        answerId: a,
        linked: [q, a],
        distractors,
      });
    }
  }
  for (let i = 0; i < chatter; i++) {
    const at = start + Math.floor(rand() * (end - start));
    const channel = rand() < 0.3 ? pick(help) : pick(general);
    const mention = rand() < 0.2 ? ` ${pick(objects)}` : '';
    add(channel, at, pick(users), `${sentence(4 + Math.floor(rand() * 10))}${mention}`);
  }
  messages.sort((a, b) => a.createdAt - b.createdAt);
  return { channels, messages, cases };
}

interface WayFigures {
  /** Share of questions in the question's words whose answer message is in the prompt. */
  answerInPrompt: number;
  /** … whose whole linked conversation (question, chain, answer, thanks) is in the prompt. */
  conversationInPrompt: number;
  /** Share of questions in an answer's words whose question is in the prompt. */
  questionInPrompt: number;
  /** Share of questions whose answer message is the one a source cites (links to). */
  answerCited: number;
  /** Share of questions whose question is shown in one block with a same-hour distractor. */
  distractorWithQuestion: number;
  /** Share of questions where a same-hour distractor is cited for the question's block. */
  distractorCited: number;
  /** Answer in the prompt, by kind. */
  byKind: Record<string, number>;
  retrieveP50Ms: number;
  retrieveP95Ms: number;
}

export interface QualityResult {
  messages: number;
  conversations: number;
  questionsInQuestionWords: number;
  questionsInAnswerWords: number;
  numCtx: number;
  today: WayFigures;
  conversationsWay: WayFigures;
  ratioP50: number;
}

function embedder(): Embedder {
  return { model: EMBED_MODEL, embed: async (texts) => texts.map((t) => qualityEmbedding(t)) };
}

/** Measures both ways on one corpus, one store and one Chroma collection, question by question, alternating. */
export async function benchQuality(opts: {
  dir: string;
  chromaUrl: string;
  conversations: number;
  chatter: number;
  log: (line: string) => void;
}): Promise<QualityResult> {
  const corpus = generateQualityCorpus(opts.conversations, opts.chatter);
  opts.log(`  ${corpus.messages.length} messages, ${corpus.cases.length} linked conversations …`);
  const store = await openStore({
    kind: 'sqlite',
    path: path.join(opts.dir, 'quality.sqlite'),
    queuePath: path.join(opts.dir, 'quality.queue.sqlite'),
  });
  try {
    await store.channels.upsert(corpus.channels);
    for (let i = 0; i < corpus.messages.length; i += 1000)
      await store.messages.storePage({ rows: corpus.messages.slice(i, i + 1000), source: 'crawl' });
    const vectors = await openVectorIndex({
      url: opts.chromaUrl,
      collectionPrefix: 'bench_quality',
      model: EMBED_MODEL,
      timeoutMs: 600_000,
    });
    for (let i = 0; i < corpus.messages.length; i += 5000) {
      const part = corpus.messages.slice(i, i + 5000).filter((m) => m.content !== '');
      await vectors.upsert(
        GUILD,
        part.map((m) => vectorRecord(m, qualityEmbedding(m.content, QUALITY_DIMENSION))),
      );
    }
    const deps: RetrievalDeps = {
      store,
      embedder: embedder(),
      vectors,
      clock: systemClock,
      log: silentLogger,
    };
    const scope = { guildId: GUILD, channelIds: corpus.channels.map((c) => c.id) };
    const ways = { today: false, conversationsWay: true } as const;
    const tally = Object.fromEntries(
      Object.keys(ways).map((k) => [
        k,
        {
          times: [] as number[],
          answer: 0,
          conversation: 0,
          question: 0,
          cited: 0,
          withDistractor: 0,
          distractorCited: 0,
          byKind: new Map<string, { n: number; hit: number }>(),
        },
      ]),
    );
    // Warm-up: the first questions pay for caches and JIT, in both ways alike.
    for (const c of corpus.cases.slice(0, 5))
      for (const conversations of Object.values(ways))
        await retrieve(deps, { question: c.asked, scope }, { conversations });
    for (const c of corpus.cases) {
      for (const [name, conversations] of Object.entries(ways)) {
        const t = tally[name] as (typeof tally)[string];
        const started = performance.now();
        const got = await retrieve(deps, { question: c.asked, scope }, { conversations });
        t.times.push(performance.now() - started);
        const prompt = buildPrompt({
          question: c.asked,
          sources: got.sources,
          model: CHAT_MODEL,
          numCtx: NUM_CTX,
        });
        const shown = new Set(prompt.sources.flatMap((s) => s.messages.map((m) => m.id)));
        const block = prompt.sources.find((s) => s.messages.some((m) => m.id === c.questionId));
        const kind = t.byKind.get(c.kind) ?? { n: 0, hit: 0 };
        kind.n++;
        if (c.words === 'question') {
          if (shown.has(c.answerId)) {
            t.answer++;
            kind.hit++;
          }
          if (c.linked.every((id) => shown.has(id))) t.conversation++;
        } else if (shown.has(c.questionId)) {
          t.question++;
          kind.hit++;
        }
        t.byKind.set(c.kind, kind);
        if (prompt.sources.some((s) => s.message.id === c.answerId)) t.cited++;
        if (block?.messages.some((m) => c.distractors.includes(m.id))) t.withDistractor++;
        if (block !== undefined && c.distractors.includes(block.message.id)) t.distractorCited++;
      }
    }
    const inQuestion = corpus.cases.filter((c) => c.words === 'question').length;
    const inAnswer = corpus.cases.length - inQuestion;
    const share = (k: number, n: number) => (n === 0 ? Number.NaN : round(k / n));
    const figures = (name: string): WayFigures => {
      const t = tally[name] as (typeof tally)[string];
      const d = distribution(t.times);
      return {
        answerInPrompt: share(t.answer, inQuestion),
        conversationInPrompt: share(t.conversation, inQuestion),
        questionInPrompt: share(t.question, inAnswer),
        answerCited: share(t.cited, corpus.cases.length),
        distractorWithQuestion: share(t.withDistractor, corpus.cases.length),
        distractorCited: share(t.distractorCited, corpus.cases.length),
        byKind: Object.fromEntries([...t.byKind].map(([k, v]) => [k, share(v.hit, v.n)])),
        retrieveP50Ms: round(d.p50),
        retrieveP95Ms: round(d.p95),
      };
    };
    const today = figures('today');
    const conversationsWay = figures('conversationsWay');
    return {
      messages: corpus.messages.length,
      conversations: corpus.cases.length,
      questionsInQuestionWords: inQuestion,
      questionsInAnswerWords: inAnswer,
      numCtx: NUM_CTX,
      today,
      conversationsWay,
      ratioP50: ratio(conversationsWay.retrieveP50Ms, today.retrieveP50Ms),
    };
  } finally {
    await store.close();
  }
}

const pct = (x: number) => (Number.isFinite(x) ? `${round(x * 100)} %` : 'n/a');

/** The report's rows: each figure for the conversation retrieval beside today's, in the same run. */
export function qualityRows(r: QualityResult): Row[] {
  const c = r.conversationsWay;
  const t = r.today;
  const goal = c.answerInPrompt >= 0.95 ? 'goal ≥ 95 %: met' : 'goal ≥ 95 %: NOT met';
  return [
    [
      'quality',
      `${r.questionsInQuestionWords} questions in the question's words: answer in the prompt @8`,
      pct(c.answerInPrompt),
      `today ${pct(t.answerInPrompt)}`,
      goal,
    ],
    [
      '',
      '  whole linked conversation in the prompt @8',
      pct(c.conversationInPrompt),
      `today ${pct(t.conversationInPrompt)}`,
      '',
    ],
    ...KINDS.filter((k) => k !== 'short answer').map(
      (k): Row => [
        '',
        `    ${k}: answer in the prompt`,
        pct(c.byKind[k] ?? Number.NaN),
        `today ${pct(t.byKind[k] ?? Number.NaN)}`,
        '',
      ],
    ),
    [
      '',
      `${r.questionsInAnswerWords} questions in a short answer's words: its question in the prompt`,
      pct(c.questionInPrompt),
      `today ${pct(t.questionInPrompt)}`,
      '',
    ],
    [
      '',
      'the source link points at the answer message',
      pct(c.answerCited),
      `today ${pct(t.answerCited)}`,
      '',
    ],
    [
      '',
      'a same-hour distractor shown / cited with the question',
      `${pct(c.distractorWithQuestion)} / ${pct(c.distractorCited)}`,
      `today ${pct(t.distractorWithQuestion)} / ${pct(t.distractorCited)}`,
      '',
    ],
    [
      '',
      `retrieve() on this corpus (${r.messages.toLocaleString('en-US')} msgs), p50 / p95 ms`,
      `${c.retrieveP50Ms} / ${c.retrieveP95Ms}`,
      `today ${t.retrieveP50Ms} / ${t.retrieveP95Ms}`,
      `×${r.ratioP50}`,
    ],
  ];
}

/** The sizes of `npm run bench` (a fifth with BENCH_QUICK=1). */
export function qualitySizes(quick: boolean): { conversations: number; chatter: number } {
  return quick ? { conversations: 100, chatter: 2_000 } : { conversations: 500, chatter: 20_000 };
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-bench-quality-'));
  const chroma = await startLocalChroma(path.join(dir, 'chroma'), { readyTimeoutMs: 60_000 });
  try {
    const result = await benchQuality({ dir, chromaUrl: chroma.url, ...qualitySizes(quick), log });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    for (const row of qualityRows(result)) process.stdout.write(`${row.join(' | ')}\n`);
  } finally {
    await chroma.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(
        `quality bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
