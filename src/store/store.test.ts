import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { backends, freshDatabase, freshStore } from '../../test/databases';
import { msToSnowflake } from '../discord/snowflake';
import { openStore } from './open';
import { searchTerms, selectTerms } from './terms';
import type { NewMessage, Store } from './types';

async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE messages');
  } finally {
    await client.end();
  }
}

const G = '100000000000000001';
const G2 = '100000000000000002';
const C = '200000000000000001';
const C2 = '200000000000000002';
const T0 = Date.UTC(2026, 0, 1);
let n = 0;

/** A message created `minutes` after T0, with an id that encodes that time, as Discord's do. */
function msg(content: string, over: Partial<NewMessage> & { minutes?: number } = {}): NewMessage {
  const { minutes, ...rest } = over;
  const at = T0 + (minutes ?? n) * 60_000;
  n++;
  const id = (BigInt(msToSnowflake(at)) + BigInt(n % 4000)).toString();
  return {
    id,
    guildId: G,
    channelId: C,
    authorId: '300000000000000001',
    authorName: 'ana',
    content,
    createdAt: at,
    ...rest,
  };
}

async function seed(store: Store, rows: NewMessage[]) {
  await store.messages.storePage({ rows, source: 'crawl' });
  return rows;
}

describe('searchTerms and selectTerms (pure)', () => {
  it.each([
    ['How do I fix ERR_OSSL_EVP_UNSUPPORTED?', ['fix', 'err_ossl_evp_unsupported']],
    ['Où est le café ?', ['ou', 'est', 'le', 'cafe']],
    ['"quoted" OR NEAR(x) * -', ['quoted', 'near']],
  ])('%s', (text, terms) => {
    expect(searchTerms(text)).toEqual(terms);
  });

  it('keeps the rarest terms within the budget, never one that alone exceeds it, dropping unknown ones', () => {
    const docs: Record<string, number> = { deploy: 50, zanzibar: 1, err: 3, ossl: 9, script: 8 };
    const count = (w: string) => docs[w] ?? 0;
    expect(selectTerms(['deploy', 'zanzibar'], count, 10)).toEqual(['zanzibar']);
    expect(selectTerms(['deploy', 'zanzibar'], count, 1000)).toEqual(['zanzibar', 'deploy']);
    // A word in more messages than the whole budget is not searched: the work stays bounded.
    expect(selectTerms(['deploy'], count, 10)).toEqual([]);
    expect(selectTerms(['err_ossl', 'nowhere'], count, 10)).toEqual(['err_ossl']);
    // Rarest first while the total fits: 1 + 3 = 4 ≤ 10; 8 more would make 12.
    expect(selectTerms(['script', 'zanzibar', 'err_ossl'], count, 10)).toEqual(['zanzibar', 'err_ossl']);
  });
});

describe.each(backends)('store on %s', (backend) => {
  describe('messages', () => {
    it('inserts, detects edits and unchanged rows, flags deletions, and moves the cursor only forward', async () => {
      const store = await freshStore(backend);
      await store.channels.upsert([
        { id: C, guildId: G, parentId: null, type: 0, name: 'general', nsfw: false },
      ]);
      const [a, b] = [msg('first'), msg('second')] as [NewMessage, NewMessage];
      expect(
        await store.messages.storePage({
          rows: [a, b],
          cursor: { channelId: C, lastMessageId: b.id },
          source: 'crawl',
        }),
      ).toMatchObject({ inserted: 2, edited: 0, unchanged: 0 });
      const changes = await store.messages.storePage({
        rows: [a, { ...b, content: 'second, edited', editedAt: b.createdAt + 5 }],
        deletedIds: [a.id, 'unknown'],
        cursor: { channelId: C, lastMessageId: a.id },
        source: 'crawl',
      });
      expect(changes).toMatchObject({ inserted: 0, edited: 1, unchanged: 1, deleted: 1 });
      expect((await store.channels.get(C))?.lastMessageId).toBe(b.id);
      const [ra, rb] = await store.messages
        .byIds([a.id, b.id])
        .then((r) => r.sort((x, y) => (x.id < y.id ? -1 : 1)));
      expect(ra).toMatchObject({ deleted: true, content: 'first' });
      expect(rb).toMatchObject({ deleted: false, content: 'second, edited', vectorSynced: false });
    });

    it('an import never revives a deleted message nor replaces a newer edit; a tombstone is never refilled', async () => {
      const store = await freshStore(backend);
      const kept = msg('v2 text', { editedAt: T0 + 10_000 });
      const gone = msg('deleted on Discord');
      const forgotten = msg('forget me', { authorId: '300000000000000009' });
      await seed(store, [kept, gone, forgotten]);
      await store.messages.storePage({ rows: [], deletedIds: [gone.id], source: 'crawl' });
      await store.messages.forgetAuthor('300000000000000009', G, T0);
      const older = await store.messages.storePage({
        rows: [
          { ...kept, content: 'v1 text', editedAt: T0 + 5_000 },
          { ...gone, content: 'deleted on Discord' },
          { ...forgotten, content: 'forget me' },
        ],
        source: 'import',
      });
      expect(older).toMatchObject({ stale: 3, edited: 0, inserted: 0 });
      // Even a live crawl does not bring back a wiped tombstone.
      expect(await store.messages.storePage({ rows: [forgotten], source: 'crawl' })).toMatchObject({
        stale: 1,
      });
      const rows = new Map(
        (await store.messages.byIds([kept.id, gone.id, forgotten.id])).map((r) => [r.id, r]),
      );
      expect(rows.get(kept.id)?.content).toBe('v2 text');
      expect(rows.get(gone.id)?.deleted).toBe(true);
      expect(rows.get(forgotten.id)).toMatchObject({ deleted: true, content: '', authorName: '' });
    });

    it('an import of a version already stored changes nothing and counts it unchanged; a newer edit replaces it', async () => {
      const store = await freshStore(backend);
      const crawled = msg('the bent corner of the case [attachment: case.png — the bent corner]', {
        authorName: 'Alice',
        attachments: '[{"filename":"case.png","description":"the bent corner","content_type":"image/png"}]',
      });
      await seed(store, [crawled]);
      const exported = {
        ...crawled,
        content: 'the bent corner of the case [attachment: case.png]',
        authorName: 'Ally',
      };
      expect(await store.messages.storePage({ rows: [exported], source: 'import' })).toMatchObject({
        unchanged: 1,
        edited: 0,
        stale: 0,
      });
      expect((await store.messages.byIds([crawled.id]))[0]).toMatchObject({
        content: crawled.content,
        authorName: 'Alice',
        attachments: crawled.attachments,
      });
      // The next crawl finds nothing to change either.
      expect(await store.messages.storePage({ rows: [crawled], source: 'crawl' })).toMatchObject({
        unchanged: 1,
      });
      const newer = { ...exported, content: 'edited after the crawl', editedAt: T0 + 60_000 };
      expect(await store.messages.storePage({ rows: [newer], source: 'import' })).toMatchObject({
        edited: 1,
      });
      expect((await store.messages.byIds([crawled.id]))[0]?.content).toBe('edited after the crawl');
    });

    it('does not store messages of members who opted out, in their guild or everywhere', async () => {
      const store = await freshStore(backend);
      await store.members.optOut('300000000000000007', G, T0);
      await store.members.optOut('300000000000000008', undefined, T0);
      const r = await store.messages.storePage({
        rows: [
          msg('opted out here', { authorId: '300000000000000007' }),
          msg('other guild is fine', { authorId: '300000000000000007', guildId: G2 }),
          msg('opted out everywhere', { authorId: '300000000000000008', guildId: G2 }),
          msg('everyone else'),
        ],
        source: 'crawl',
      });
      expect(r).toMatchObject({ inserted: 2, optedOut: 2 });
      expect(await store.members.isOptedOut('300000000000000008', G)).toBe(true);
      expect(await store.members.countOptedOut(G)).toBe(2);
      expect(await store.members.optIn('300000000000000007', G)).toBe(true);
      expect(await store.members.isOptedOut('300000000000000007', G)).toBe(false);
    });

    it('lists live ids of a channel by exact snowflake range', async () => {
      const store = await freshStore(backend);
      const rows = await seed(
        store,
        [0, 1, 2, 3, 4].map((m) => msg(`m${m}`, { minutes: m * 10 })),
      );
      await store.messages.storePage({ rows: [], deletedIds: [rows[2]?.id ?? ''], source: 'crawl' });
      const ids = rows.map((r) => r.id);
      expect(await store.messages.liveIdsInRange(C, ids[0] ?? '', ids[3] ?? '')).toEqual([ids[1], ids[3]]);
      expect(await store.messages.liveIdsInRange(C, '0', null)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
      expect(await store.messages.liveIdsInRange(C2, '0', null)).toEqual([]);
    });

    it('finds neighbours and replies in time order', async () => {
      const store = await freshStore(backend);
      const rows = await seed(
        store,
        [0, 1, 2, 3].map((m) => msg(`n${m}`, { minutes: 100 + m })),
      );
      const [q, , , last] = rows as [NewMessage, NewMessage, NewMessage, NewMessage];
      const reply = msg('the answer to n0', { minutes: 200, replyToId: q.id });
      await seed(store, [reply]);
      const around = await store.messages.neighbours(rows[1] as NewMessage, 1, 2);
      expect(around.map((m) => m.content)).toEqual(['n0', 'n2', 'n3']);
      expect((await store.messages.replies(q.id, 5)).map((m) => m.content)).toEqual(['the answer to n0']);
      expect(await store.messages.neighbours(last, 0, 0)).toEqual([]);
    });

    it('counts what /status counts: live, non-empty messages', async () => {
      const store = await freshStore(backend);
      const rows = await seed(store, [
        msg('a'),
        msg('b', { channelId: C2 }),
        msg(''),
        msg('x', { guildId: G2 }),
      ]);
      await store.messages.storePage({ rows: [], deletedIds: [rows[0]?.id ?? ''], source: 'crawl' });
      expect(await store.messages.countIndexed(G)).toEqual({ messages: 1, channels: 1 });
      expect(await store.messages.countAllIndexed()).toBe(2);
      expect(await store.messages.hasIndexed(G2)).toBe(true);
      expect(await store.messages.hasIndexed('1')).toBe(false);
      expect(await store.messages.countByChannel(G)).toEqual(new Map([[C2, 1]]));
    });
  });

  describe('keyword search', () => {
    const scope = (over: Partial<Parameters<Store['messages']['keywordSearch']>[0]> = {}) => ({
      guildId: G,
      channelIds: [C],
      ...over,
    });

    it('finds exact codes, ignores search syntax in the question, and folds diacritics', async () => {
      const store = await freshStore(backend);
      const [code, cafe] = await seed(store, [
        msg('Fixed ERR_OSSL_EVP_UNSUPPORTED with the legacy provider'),
        msg('Meet at the café at noon'),
        msg('Nothing to see here'),
      ]);
      expect(await store.messages.keywordSearch(scope(), 'what is ERR_OSSL_EVP_UNSUPPORTED', 5)).toEqual([
        code?.id,
      ]);
      expect(await store.messages.keywordSearch(scope(), 'where is the CAFE', 5)).toEqual([cafe?.id]);
      expect(await store.messages.keywordSearch(scope(), `" OR * NEAR( - & | ! :* <->`, 5)).toEqual([]);
      expect(await store.messages.keywordSearch(scope({ channelIds: ['999'] }), 'cafe', 5)).toEqual([]);
    });

    it('keeps to the scope: guild, channels, author and time', async () => {
      const store = await freshStore(backend);
      const [old, mine, theirs, otherChannel, otherGuild] = await seed(store, [
        msg('zebra crossing old', { minutes: 0 }),
        msg('zebra crossing mine', { minutes: 60 * 24 * 10, authorId: '300000000000000005' }),
        msg('zebra crossing theirs', { minutes: 60 * 24 * 10 }),
        msg('zebra crossing elsewhere', { channelId: C2, minutes: 60 * 24 * 10 }),
        msg('zebra crossing abroad', { guildId: G2, minutes: 60 * 24 * 10 }),
      ]);
      const sorted = (ids: string[]) => [...ids].sort();
      expect(sorted(await store.messages.keywordSearch(scope(), 'zebra', 10))).toEqual(
        sorted([old?.id, mine?.id, theirs?.id].map(String)),
      );
      expect(
        await store.messages.keywordSearch(scope({ authorId: '300000000000000005' }), 'zebra', 10),
      ).toEqual([mine?.id]);
      expect(
        sorted(await store.messages.keywordSearch(scope({ sinceMs: T0 + 86_400_000 }), 'zebra', 10)),
      ).toEqual(sorted([mine?.id, theirs?.id].map(String)));
      expect(
        sorted(await store.messages.keywordSearch(scope({ channelIds: [C, C2] }), 'zebra', 10)),
      ).toContain(otherChannel?.id);
      expect(await store.messages.keywordSearch(scope({ channelIds: [C, C2] }), 'abroad', 10)).toEqual([]);
      expect(otherGuild).toBeDefined();
    });

    it('answers for a member who can read 50,000 channels (one parameter, however many)', async () => {
      const store = await freshStore(backend);
      const many = Array.from({ length: 50_000 }, (_, i) => String(500000000000000000n + BigInt(i)));
      const [hit] = await seed(store, [msg('quokka sighting', { channelId: many[49_999] })]);
      expect(await store.messages.keywordSearch(scope({ channelIds: many }), 'quokka', 5)).toEqual([hit?.id]);
    });

    it('forgets deleted and edited-away text', async () => {
      const store = await freshStore(backend);
      const [r] = await seed(store, [msg('the secret word is pineapple')]);
      if (r === undefined) throw new Error('seed');
      await seed(store, [{ ...r, content: 'the secret word is mango', editedAt: r.createdAt + 1 }]);
      expect(await store.messages.keywordSearch(scope(), 'pineapple', 5)).toEqual([]);
      expect(await store.messages.keywordSearch(scope(), 'mango', 5)).toEqual([r.id]);
      await store.messages.storePage({ rows: [], deletedIds: [r.id], source: 'crawl' });
      expect(await store.messages.keywordSearch(scope(), 'mango', 5)).toEqual([]);
    });

    it('searches the rarest term and leaves out common ones beyond the budget', async () => {
      const database = await freshDatabase(backend);
      const store = await openStore(database);
      onTestFinished(() => store.close());
      const common = Array.from({ length: 60 }, (_, i) => msg(`deploy notes number ${i}`));
      const [, rare] = await seed(store, [...common, msg('deploy the zanzibar cluster')]).then((rows) => [
        rows,
        rows.at(-1),
      ]);
      // PostgreSQL's word frequencies are the planner's statistics, which autovacuum gathers later.
      if (database.kind === 'postgres') await analyze(database.url);
      const hits = await store.messages.keywordSearch(scope(), 'deploy zanzibar', 5, 10);
      expect(hits).toEqual([(rare as NewMessage).id]);
    });
  });

  describe('forgetting', () => {
    it('wipes an author, past retention and deleted text, and bumps the guild version each time', async () => {
      const store = await freshStore(backend);
      const [a, , old, gone] = await seed(store, [
        msg('mine', { authorId: '300000000000000004', minutes: 500 }),
        msg('someone else', { minutes: 500 }),
        msg('ancient history', { minutes: 0 }),
        msg('deleted later', { minutes: 500 }),
      ]);
      let v = await store.guilds.version(G);
      const bumped = async () => {
        const now = await store.guilds.version(G);
        const changed = now !== v;
        v = now;
        return changed;
      };
      expect(await store.messages.forgetAuthor('300000000000000004', undefined, T0)).toEqual([a?.id]);
      expect(await bumped()).toBe(true);
      expect(await store.messages.expireBefore(T0 + 100 * 60_000, T0)).toBe(1);
      expect(await bumped()).toBe(true);
      await store.messages.storePage({ rows: [], deletedIds: [gone?.id ?? ''], source: 'crawl' });
      expect(await bumped()).toBe(true);
      expect(await store.messages.wipeDeletedText(T0)).toBe(1);
      const rows = new Map(
        (await store.messages.byIds([old?.id ?? '', gone?.id ?? ''])).map((r) => [r.id, r]),
      );
      expect(rows.get(old?.id ?? '')).toMatchObject({ content: '', deleted: true });
      expect(rows.get(gone?.id ?? '')).toMatchObject({ content: '', deleted: true });
      expect(await store.messages.countIndexed(G)).toEqual({ messages: 1, channels: 1 });
    });

    it('forgets a whole guild and leaves others alone', async () => {
      const store = await freshStore(backend);
      await store.channels.upsert([
        { id: C, guildId: G, parentId: null, type: 0, name: 'g', nsfw: false },
        { id: C2, guildId: G2, parentId: null, type: 0, name: 'h', nsfw: false },
      ]);
      const [m] = await seed(store, [msg('bye'), msg('stay', { guildId: G2, channelId: C2 })]);
      await store.answers.save({
        id: '1',
        guildId: G,
        channelId: C,
        userId: 'u',
        question: 'q',
        answer: 'a',
        sourceIds: [m?.id ?? ''],
        parentId: null,
        createdAt: T0,
      });
      await store.answers.rate('1', 'u', -1, T0);
      const before = await store.guilds.version(G);
      expect(await store.guilds.forget(G)).toBe(1);
      expect(await store.guilds.version(G)).not.toBe(before);
      expect(await store.channels.ofGuild(G)).toEqual([]);
      expect(await store.answers.get('1')).toBeUndefined();
      expect(await store.answers.ratingCounts(G, 0)).toEqual({ up: 0, down: 0 });
      expect(await store.messages.countIndexed(G2)).toEqual({ messages: 1, channels: 1 });
    });
  });

  describe('channels', () => {
    it('records channels, flags a deleted one with its messages', async () => {
      const store = await freshStore(backend);
      await store.channels.upsert([
        { id: C, guildId: G, parentId: null, type: 0, name: 'general', nsfw: false },
      ]);
      await store.channels.insertIfMissing({
        id: C,
        guildId: G,
        parentId: null,
        type: 0,
        name: 'renamed',
        nsfw: true,
      });
      expect(await store.channels.get(C)).toMatchObject({
        name: 'general',
        nsfw: false,
        lastMessageId: null,
      });
      await seed(store, [msg('one'), msg('two')]);
      expect(await store.channels.markDeleted(C, T0)).toBe(2);
      expect(await store.channels.ofGuild(G)).toEqual([]);
      expect((await store.channels.allOfGuild(G)).map((c) => c.deleted)).toEqual([true]);
      await store.channels.advanceCursor(C, '900000000000000000');
      await store.channels.advanceCursor(C, '800000000000000000');
      expect((await store.channels.get(C))?.lastMessageId).toBe('900000000000000000');
      expect(await store.channels.guildIds()).toEqual([G]);
    });
  });

  describe('outbox', () => {
    it('hands out unsynced rows and marks them synced only if unchanged meanwhile', async () => {
      const store = await freshStore(backend);
      const [a, b] = await seed(store, [msg('alpha'), msg('beta')]);
      if (a === undefined || b === undefined) throw new Error('seed');
      const batch = await store.outbox.next(10);
      expect(batch.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      expect((await store.outbox.next(10, new Set([a.id]))).map((r) => r.id)).toEqual([b.id]);
      await seed(store, [{ ...b, content: 'beta, edited while embedding', editedAt: b.createdAt + 1 }]);
      expect(await store.outbox.markSyncedIfUnchanged(batch)).toBe(1);
      expect((await store.outbox.next(10)).map((r) => r.id)).toEqual([b.id]);
      expect(await store.outbox.pending()).toBe(1);
      expect(await store.outbox.countSyncedSearchable(G)).toBe(1);
      expect(await store.outbox.syncedSearchablePage(G, '0', 10)).toEqual([a.id]);
      await store.outbox.requeue([a.id]);
      expect(await store.outbox.pending()).toBe(2);
    });

    it('switches the model: everything unsynced, other models’ collections not ready', async () => {
      const store = await freshStore(backend);
      await seed(store, [msg('one')]);
      await store.outbox.markSyncedIfUnchanged(await store.outbox.next(10));
      await store.outbox.saveCollection({
        name: 'p.g.old',
        guildId: G,
        model: 'old:latest',
        dimension: 3,
        ready: true,
      });
      expect(await store.outbox.model()).toBeUndefined();
      await store.outbox.switchModel('new:latest', T0);
      expect(await store.outbox.model()).toBe('new:latest');
      expect(await store.outbox.pending()).toBe(1);
      expect((await store.outbox.collection('p.g.old'))?.ready).toBe(false);
      await store.outbox.dropCollection('p.g.old');
      expect(await store.outbox.collections()).toEqual([]);
    });
  });

  describe('runs and the run lock', () => {
    it('records runs and closes abandoned ones', async () => {
      const store = await freshStore(backend);
      const id = await store.runs.start(T0, 'full');
      expect(await store.runs.last()).toMatchObject({ id, status: 'running', source: 'full' });
      await store.runs.closeAbandoned(T0 + 1);
      expect(await store.runs.last('full')).toMatchObject({ status: 'failed', finishedAt: T0 + 1 });
      const next = await store.runs.start(T0 + 2, 'discord');
      await store.runs.finish(next, {
        finishedAt: T0 + 3,
        status: 'ok',
        error: null,
        channels: 2,
        messagesNew: 5,
        messagesEdited: 1,
        messagesDeleted: 0,
        messagesEmbedded: 6,
      });
      expect(await store.runs.last('discord')).toMatchObject({
        status: 'ok',
        messagesNew: 5,
        messagesEmbedded: 6,
      });
      expect((await store.runs.last('full'))?.id).toBe(id);
    });

    it('lets one holder at a time hold the lock, across store instances', async () => {
      const first = await freshStore(backend);
      const got = await first.runs.acquireLock();
      if (!('lock' in got)) throw new Error('first acquire failed');
      const again = await first.runs.acquireLock();
      expect('busy' in again && again.busy.token).toBe(got.lock.holder.token);
      await got.lock.release();
      const third = await first.runs.acquireLock();
      expect('lock' in third).toBe(true);
      if ('lock' in third) await third.lock.release();
    });
  });

  describe('answers and feedback', () => {
    const answer = (id: string, parentId: string | null, sourceIds: string[] = []) => ({
      id,
      guildId: G,
      channelId: C,
      userId: '300000000000000001',
      question: `question ${id}`,
      answer: `answer ${id}`,
      sourceIds,
      parentId,
      createdAt: T0 + Number(id),
    });

    it('keeps conversations, ratings (one per member) and forgets answers citing forgotten messages', async () => {
      const store = await freshStore(backend);
      await store.answers.save(answer('1', null, ['m1']));
      await store.answers.save(answer('2', '1', ['m2']));
      await store.answers.save(answer('3', '2'));
      await store.answers.save(answer('4', '3'));
      expect((await store.answers.conversation('4', 3)).map((a) => a.id)).toEqual(['2', '3', '4']);
      await store.answers.rate('2', 'u1', 1, T0);
      await store.answers.rate('2', 'u1', -1, T0 + 1);
      await store.answers.rate('2', 'u2', 1, T0 + 2);
      await store.answers.rate('3', 'u3', -1, T0 + 3);
      await store.answers.rate('missing', 'u3', -1, T0 + 3);
      expect(await store.answers.ratingCounts(G, T0)).toEqual({ up: 1, down: 2 });
      expect(await store.answers.ratingCounts(G, T0 + 3)).toEqual({ up: 0, down: 1 });
      const down = await store.answers.feedback(G, { down: true, limit: 10 });
      expect(down.map((f) => [f.answer.id, f.userId, f.rating])).toEqual([
        ['3', 'u3', -1],
        ['2', 'u1', -1],
      ]);
      expect(await store.answers.forgetSources(['m2'])).toBe(1);
      expect((await store.answers.get('2'))?.answer).toBe('');
      expect(await store.answers.forgetAsker('300000000000000001', G)).toBe(4);
      expect((await store.answers.get('1'))?.question).toBe('');
    });
  });

  it('answers a ping', async () => {
    const store = await freshStore(backend);
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
