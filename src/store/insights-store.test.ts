import { describe, expect, it } from 'vitest';
import { backends, freshDatabase, freshDatabaseHandle, openAgain } from '../../test/databases';
import { standInEmbedding } from '../../test/standins/ollama';
import { groupStep } from '../insights/grouper';
import { expireQuestions, forgetQuestions } from '../insights/topics';
import { recordRefused } from '../insights/worker';
import type { Embedder } from '../llm/embedder';
import { silentLogger } from '../log';
import type { AdmissionPolicy } from '../queue/types';
import type { QuestionRecord, Store } from './types';

const G = '100000000000000001';
const G2 = '100000000000000002';
const CH = '200000000000000001';
const DOCS = '200000000000000002';
const ANA = '300000000000000001';
const BO = '300000000000000002';
const T0 = Date.UTC(2026, 10, 2, 12);
const DAY = 86_400_000;

let seq = 0;
const question = (text: string, over: Partial<QuestionRecord> = {}): QuestionRecord => ({
  id: String(400000000000000000n + BigInt(++seq)),
  guildId: G,
  channelId: CH,
  userId: ANA,
  kind: 'ask',
  private: false,
  text,
  outcome: 'answered',
  detail: '',
  askedAt: T0,
  sources: [],
  ...over,
});

/** The test stand-in's embedding (hashed bag of words): lexical, but a real vector for the grouper's path. */
const lexical = (fail = { now: false }): Embedder => ({
  model: 'nomic-embed-text',
  async embed(texts) {
    if (fail.now) throw new Error('connect ECONNREFUSED 127.0.0.1:11434');
    return texts.map((t) => standInEmbedding(t, 256));
  },
});

const group = (store: Store, embedder: Embedder | undefined, owner = 'w1') =>
  groupStep({ store, embedder, clock: { now: () => T0 + DAY }, log: silentLogger, owner, similarity: 0.82 });

async function groupAll(store: Store, embedder: Embedder | undefined) {
  for (let i = 0; i < 20; i++) {
    const step = await group(store, embedder);
    if (step.grouped === 0) return;
  }
}

/** Generated questions: paraphrases of three subjects, and near misses that share a few words. */
const PASSWORD = [
  'how do i reset my password',
  'how do i reset my password please',
  'reset my password how do i',
  'how can i reset my password',
  'how do i reset my password now',
];
const DEPLOY = [
  'where is the deploy script',
  'where is the deploy script kept',
  'where is the deploy script please',
];
const NEAR_MISSES = ['how do i change my avatar', 'where is the rules channel'];

describe.each(backends)('insights store (%s)', (backend) => {
  it('records questions with their outcome and sources, and a retry replaces the first record', async () => {
    const db = await freshDatabaseHandle(backend);
    const store = db.store;
    const q = question('where is the deploy script', {
      sources: [
        { messageId: '500000000000000001', channelId: DOCS, cited: true },
        { messageId: '500000000000000002', channelId: CH, cited: false },
      ],
    });
    await store.insights.record({ ...q, outcome: 'failed', detail: 'answer_timeout', sources: [] });
    await store.insights.record(q);
    expect(await store.insights.get(q.id)).toMatchObject({
      outcome: 'answered',
      detail: '',
      topicId: null,
      grouping: null,
      handedOffAt: null,
    });
    await store.insights.handOff(q.id, T0 + 5);
    await store.insights.handOff(q.id, T0 + 9);
    expect((await store.insights.get(q.id))?.handedOffAt).toBe(T0 + 5);
    // Only cited sources count for the channels.
    expect(await store.insights.sourceChannels(G, T0 - DAY, T0 + DAY, 10)).toEqual([
      { channelId: DOCS, questions: 1 },
    ]);
  });

  it('groups generated questions incrementally: paraphrases together, near misses apart, named by a public medoid', async () => {
    const db = await freshDatabaseHandle(backend);
    const store = db.store;
    const ids = new Map<string, string>();
    for (const [i, text] of [...PASSWORD, ...DEPLOY, ...NEAR_MISSES].entries()) {
      // The most typical password question is asked privately: it may never name the topic.
      const q = question(text, { askedAt: T0 + i, private: text === 'how do i reset my password' });
      ids.set(text, q.id);
      await store.insights.record(q);
    }
    await groupAll(store, lexical());
    const topicOf = async (text: string) => (await store.insights.get(ids.get(text) ?? ''))?.topicId;
    const pw = await topicOf(PASSWORD[0] ?? '');
    for (const t of PASSWORD) expect(await topicOf(t)).toBe(pw);
    const deploy = await topicOf(DEPLOY[0] ?? '');
    for (const t of DEPLOY) expect(await topicOf(t)).toBe(deploy);
    const others = await Promise.all(NEAR_MISSES.map(topicOf));
    expect(new Set([pw, deploy, ...others]).size).toBe(4);
    const [label] = await store.insights.labels([pw ?? '']);
    expect(label).toMatchObject({ size: 5, method: 'embedding' });
    expect(PASSWORD.slice(1)).toContain(label?.text);

    // Incremental: a new paraphrase joins the topic; nothing else moves.
    const before = await Promise.all([...ids.values()].map((id) => store.insights.get(id)));
    const late = question('how do i reset my password today', { askedAt: T0 + 100 });
    await store.insights.record(late);
    expect((await group(store, lexical())).grouped).toBe(1);
    expect((await store.insights.get(late.id))?.topicId).toBe(pw);
    const after = await Promise.all([...ids.values()].map((id) => store.insights.get(id)));
    expect(after.map((q) => q?.topicId)).toEqual(before.map((q) => q?.topicId));
    expect((await store.insights.topic(pw ?? ''))?.size).toBe(6);
  });

  it('groups by keywords while the embedding model is down, says so, and regroups by meaning when it is back', async () => {
    const db = await freshDatabaseHandle(backend);
    const store = db.store;
    const down = { now: true };
    const a = question('How do I reset my password?');
    const b = question('I forgot my password, how can I reset it?', { askedAt: T0 + 1 });
    const c = question('Where is the deploy script?', { askedAt: T0 + 2 });
    for (const q of [a, b, c]) await store.insights.record(q);
    const step = await group(store, lexical(down));
    expect(step).toMatchObject({ grouped: 3, byKeywords: 3 });
    expect(step.embedderError).toMatch(/ECONNREFUSED/);
    const qa = await store.insights.get(a.id);
    expect(qa?.grouping).toBe('keywords');
    expect((await store.insights.get(b.id))?.topicId).toBe(qa?.topicId);
    const figures = await store.insights.topicFigures(G, T0 - DAY, T0 + DAY);
    expect(figures.reduce((n, f) => n + f.byKeywords, 0)).toBe(3);

    down.now = false;
    await groupAll(store, lexical(down));
    for (const q of [a, b, c]) expect((await store.insights.get(q.id))?.grouping).toBe('embedding');
    // The keyword topics emptied and went away.
    expect(await store.insights.topics(G, 'keywords')).toEqual([]);
    expect((await store.insights.topicFigures(G, T0 - DAY, T0 + DAY)).every((f) => f.byKeywords === 0)).toBe(
      true,
    );
  });

  it('one grouper at a time across processes (a lease), taken over when its holder died', async () => {
    const setting = await freshDatabase(backend);
    const one = await openAgain(setting);
    const two = await openAgain(setting);
    expect(await one.store.insights.claimLease('grouper', 'p1', T0, 60_000)).toBe(true);
    expect(await two.store.insights.claimLease('grouper', 'p2', T0 + 1, 60_000)).toBe(false);
    expect(await one.store.insights.claimLease('grouper', 'p1', T0 + 2, 60_000)).toBe(true);
    const race = await Promise.all([
      one.store.insights.claimLease('grouper', 'p3', T0 + 70_000, 60_000),
      two.store.insights.claimLease('grouper', 'p4', T0 + 70_000, 60_000),
    ]);
    expect(race.filter(Boolean)).toHaveLength(1);
  });

  it('reports topics with trend and gaps (nothing found, 👎, handed off), outcomes, ratings and days', async () => {
    const db = await freshDatabaseHandle(backend);
    const store = db.store;
    const now = T0 + 10 * DAY;
    const recent = [
      question('where is the deploy script', { askedAt: now - DAY }),
      question('where is the deploy script kept', { askedAt: now - 2 * DAY, outcome: 'nothing_found' }),
      question('where is the deploy script please', { askedAt: now - 2 * DAY, private: true, userId: BO }),
      question('how do i reset my password', {
        askedAt: now - 3 * DAY,
        outcome: 'busy',
        detail: 'member_limit',
      }),
    ];
    const old = question('where is the deploy script', { askedAt: now - 9 * DAY });
    for (const q of [...recent, old]) await store.insights.record(q);
    // A 👎 on the first; a hand-off of the last.
    await store.answers.save({
      id: recent[0]?.id ?? '',
      guildId: G,
      channelId: CH,
      userId: ANA,
      question: 'where is the deploy script',
      answer: 'tools/deploy.sh',
      sourceIds: [],
      parentId: null,
      createdAt: now - DAY,
    });
    await store.answers.rate(recent[0]?.id ?? '', BO, -1, now - DAY);
    await store.insights.handOff(recent[3]?.id ?? '', now - 3 * DAY);
    await groupAll(store, lexical());
    const week = await store.insights.topicFigures(G, now - 7 * DAY, now);
    const deployTopic = (await store.insights.get(recent[0]?.id ?? ''))?.topicId;
    const deploy = week.find((f) => f.topicId === deployTopic);
    expect(deploy).toMatchObject({ questions: 3, nothingFound: 1, ratedDown: 1, handedOff: 0, gaps: 2 });
    const pw = week.find((f) => f.topicId !== deployTopic);
    expect(pw).toMatchObject({ questions: 1, handedOff: 1, gaps: 1 });
    expect(await store.insights.topicFigures(G, now - 14 * DAY, now - 7 * DAY)).toEqual([
      expect.objectContaining({ topicId: deployTopic, questions: 1 }),
    ]);
    expect(await store.insights.outcomes(G, now - 7 * DAY, now)).toEqual({
      byOutcome: { answered: 2, nothing_found: 1, busy: 1 },
      total: 4,
      private: 1,
    });
    expect(await store.insights.ratings(G, now - 7 * DAY, now)).toEqual({ up: 0, down: 1 });
    const days = await store.insights.daily(G, now - 7 * DAY, now);
    expect(days.reduce((n, d) => n + d.questions, 0)).toBe(4);
    expect(days.reduce((n, d) => n + d.gaps, 0)).toBe(3);
    // Operators see public questions only.
    const texts = await store.insights.publicTexts(G, deployTopic ?? null, now - 7 * DAY, now, 10);
    expect(texts.map((t) => t.text).sort()).toEqual([
      'where is the deploy script',
      'where is the deploy script kept',
    ]);
  });

  it('forgets a member’s questions (one guild or all) and expires old ones, keeping topics true', async () => {
    const db = await freshDatabaseHandle(backend);
    const store = db.store;
    const hers = [
      question('how do i reset my password', { userId: ANA, askedAt: T0 }),
      question('how can i reset my password', { userId: ANA, askedAt: T0 + 1, guildId: G2 }),
    ];
    const his = [
      question('how do i reset the password', { userId: BO, askedAt: T0 + 2 }),
      question('where is the deploy script', { userId: BO, askedAt: T0 - 400 * DAY }),
    ];
    for (const q of [...hers, ...his]) await store.insights.record(q);
    await groupAll(store, lexical());
    const topic = (await store.insights.get(his[0]?.id ?? ''))?.topicId ?? '';
    expect((await store.insights.topic(topic))?.size).toBe(2);
    // Her question named the topic (the earliest medoid); after the forget it is his.
    expect(await forgetQuestions(store, { userId: ANA, guildId: G, at: T0 + DAY })).toBe(1);
    expect(await store.insights.get(hers[0]?.id ?? '')).toBeUndefined();
    expect(await store.insights.get(hers[1]?.id ?? '')).toBeDefined();
    expect(await store.insights.topic(topic)).toMatchObject({ size: 1, labelQuestionId: his[0]?.id });
    expect(await forgetQuestions(store, { userId: ANA, at: T0 + DAY })).toBe(1);
    // Retention.
    expect(await expireQuestions(store, T0 - 365 * DAY, T0 + DAY)).toBe(1);
    expect(await store.insights.get(his[1]?.id ?? '')).toBeUndefined();
    expect(await store.insights.topics(G, 'embedding')).toHaveLength(1);
    // A guild forgotten takes its questions and topics along.
    await store.guilds.forget(G);
    expect(await store.insights.get(his[0]?.id ?? '')).toBeUndefined();
    expect(await store.insights.topics(G, 'embedding')).toEqual([]);
  });

  it('keeps refused questions in the acknowledgement’s own transaction and records them later', async () => {
    const db = await freshDatabaseHandle(backend);
    const policy: AdmissionPolicy = {
      maxWaitMs: 600_000,
      maxPerMember: 1,
      defaultServiceMs: 15_000,
      fallbackSlots: 1,
      expiryMarginMs: 60_000,
    };
    const job = (id: string, text: string, userId = ANA) => ({
      id,
      kind: 'ask' as const,
      guildId: G,
      userId,
      token: `token-${id}`,
      payload: { question: text, ephemeral: id.endsWith('2'), channelId: CH, roleIds: [] },
      receivedAt: T0,
    });
    expect((await db.queue.enqueue(job('600000000000000001', 'first'), policy, T0)).status).toBe('queued');
    expect((await db.queue.enqueue(job('600000000000000002', 'second, privately'), policy, T0)).status).toBe(
      'member_limit',
    );
    const refused = await db.queue.refused(10);
    expect(refused).toEqual([
      expect.objectContaining({ id: '600000000000000002', token: '', reason: 'member_limit' }),
    ]);
    // Nothing else sees it: no place in line, no answer statistics.
    expect((await db.queue.stats(policy)).waiting).toBe(1);
    expect(await recordRefused(db.store, db.queue)).toBe(1);
    expect(await db.store.insights.get('600000000000000002')).toMatchObject({
      outcome: 'busy',
      detail: 'member_limit',
      private: true,
      text: 'second, privately',
    });
    expect(await db.queue.refused(10)).toEqual([]);
    // A member who opted out meanwhile is not recorded.
    expect((await db.queue.enqueue(job('600000000000000003', 'third'), policy, T0)).status).toBe(
      'member_limit',
    );
    await db.store.members.optOut(ANA, G, T0);
    expect(await recordRefused(db.store, db.queue)).toBe(0);
    expect(await db.store.insights.get('600000000000000003')).toBeUndefined();
  });

  it('claims each guild’s digest of a week once, across processes, and lets a dead sender’s claim be taken over', async () => {
    const setting = await freshDatabase(backend);
    const one = await openAgain(setting);
    const two = await openAgain(setting);
    const r = { guildId: G, week: '2026-W45', channelId: CH };
    const claims = await Promise.all([
      one.store.insights.claimDigest({ ...r, owner: 'p1' }, T0, 300_000),
      two.store.insights.claimDigest({ ...r, owner: 'p2' }, T0, 300_000),
    ]);
    expect(claims.filter((c) => c !== undefined)).toEqual([{ ...r, retry: false }]);
    // The claimer died: after its lease, one process takes it over (in the same channel).
    expect(await one.store.insights.staleDigests(T0 + 300_001)).toEqual([r]);
    const later = await Promise.all([
      one.store.insights.claimDigest({ ...r, channelId: DOCS, owner: 'p3' }, T0 + 300_001, 300_000),
      two.store.insights.claimDigest({ ...r, channelId: DOCS, owner: 'p4' }, T0 + 300_001, 300_000),
    ]);
    const winner = later.find((c) => c !== undefined);
    expect(later.filter((c) => c !== undefined)).toEqual([{ ...r, retry: true }]);
    const owner = later[0] === undefined ? 'p4' : 'p3';
    await one.store.insights.finishDigest(G, r.week, owner, {
      status: 'sent',
      messageId: '7',
      at: T0 + 300_002,
    });
    expect(winner?.channelId).toBe(CH);
    expect(await two.store.insights.digest(G, r.week)).toEqual({
      status: 'sent',
      messageId: '7',
      error: null,
    });
    expect(
      await two.store.insights.claimDigest({ ...r, owner: 'p5' }, T0 + 10 * 300_000, 300_000),
    ).toBeUndefined();
  });
});
