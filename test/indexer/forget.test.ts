/**
 * Issue 11: a member who asks to be forgotten (`/forget-me`, `npm run forget -- --user`) leaves the
 * index at once and stays out of every later run (incremental, full, import); a guild can be
 * removed entirely.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetGuild, forgetMember } from '../../src/forget';
import { unavailableVectors } from '../../src/indexer/wiring';
import { backends } from '../databases';
import { tempDir } from '../tmp';
import {
  CH,
  chromaRecords,
  expectedSearchable,
  G1,
  G2,
  HOUR,
  makeIndexer,
  startFixture,
  storedMessages,
  USERS,
  writeExport,
} from './world';

const ALICE = USERS[0] ?? '';
const BOB = USERS[1] ?? '';

describe.each(backends)('forgetting a member (%s)', (backend) => {
  it('wipes their messages and vectors at once, and keeps them out of incremental, full and import runs', async () => {
    const f = await startFixture({ small: true });
    const t = Date.now() - 3 * HOUR;
    const alice = [
      f.add(CH.general, t, 'alice explains the deploy', { author: ALICE }),
      f.add(CH.g2text, t + 1000, 'alice in the second guild', { author: ALICE }),
    ];
    const bob = f.add(CH.general, t + 2000, 'bob answers alice', { author: BOB });
    const h = await makeIndexer(f, { backend });
    expect((await h.indexer.run()).status).toBe('ok');
    const aliceAll = (await storedMessages(h.database)).filter((m) => m.authorId === ALICE);
    expect(aliceAll.length).toBeGreaterThan(alice.length);
    await h.store.answers.save({
      id: '900000000000000001',
      guildId: G1,
      channelId: CH.general,
      userId: BOB,
      question: 'how do we deploy?',
      answer: 'as alice explains, …',
      sourceIds: [alice[0] ?? ''],
      parentId: null,
      createdAt: Date.now(),
    });
    await h.store.answers.save({
      id: '900000000000000002',
      guildId: G1,
      channelId: CH.general,
      userId: ALICE,
      question: 'what did bob say?',
      answer: 'bob answers',
      sourceIds: [bob],
      parentId: null,
      createdAt: Date.now(),
    });
    const versions = [await h.store.guilds.version(G1), await h.store.guilds.version(G2)];

    // Every guild.
    const r = await forgetMember(
      { store: h.store, vectors: h.vectors },
      { userId: ALICE, guildId: undefined, at: Date.now() },
    );
    expect(r.removed).toBe(aliceAll.length);
    expect(r.vectorsPending).toBeUndefined();
    expect(r.answersForgotten).toBe(2);
    const stored = await storedMessages(h.database);
    for (const m of stored.filter((x) => x.authorId === ALICE))
      expect(m).toMatchObject({ deleted: true, wiped: true, content: '', authorName: '' });
    expect(stored.find((m) => m.id === bob)).toMatchObject({ deleted: false, content: 'bob answers alice' });
    const records = await chromaRecords(f.chromaUrl, h.prefix);
    expect(records.filter((x) => (x.metadata as { author_id: string }).author_id === ALICE)).toEqual([]);
    expect(records.some((x) => x.id === bob)).toBe(true);
    expect((await h.store.answers.get('900000000000000001'))?.answer).toBe('');
    expect((await h.store.answers.get('900000000000000002'))?.question).toBe('');
    expect(await h.store.guilds.version(G1)).toBeGreaterThan(versions[0] ?? 0);
    expect(await h.store.guilds.version(G2)).toBeGreaterThan(versions[1] ?? 0);
    expect(await h.store.outbox.pending()).toBe(0);

    // She writes again and edits an old message: no run stores any of it.
    const later = f.add(CH.general, Date.now() - HOUR, 'alice after opting out', { author: ALICE });
    f.discord.editMessage(CH.general, alice[0] ?? '', 'alice edits after opting out');
    const inc = await h.indexer.run();
    expect(inc.status).toBe('ok');
    expect(inc.messagesOptedOut).toBeGreaterThan(0);
    const full = await h.indexer.run({ full: true });
    expect(full.status).toBe('ok');
    const file = writeExport(path.join(tempDir(), 'export.json'), {
      guildId: G1,
      channel: { id: CH.general, name: 'general' },
      messages: [
        { id: alice[0] ?? '', content: 'alice explains the deploy', authorId: ALICE },
        { id: later, content: 'alice after opting out', authorId: ALICE },
      ],
    });
    const imp = await h.indexer.importFile(file);
    expect(imp).toMatchObject({ status: 'ok', messagesNew: 0, messagesEdited: 0, messagesOptedOut: 2 });
    const after = await storedMessages(h.database);
    expect(after.find((m) => m.id === later)).toBeUndefined();
    expect(after.filter((m) => m.authorId === ALICE && (m.content !== '' || !m.deleted))).toEqual([]);
    expect(
      (await chromaRecords(f.chromaUrl, h.prefix)).filter(
        (x) => (x.metadata as { author_id: string }).author_id === ALICE,
      ),
    ).toEqual([]);

    // Opting back in lets only what is indexed from then on in: the forgotten stay forgotten.
    expect(await h.store.members.optIn(ALICE, undefined)).toBe(true);
    const fresh = f.add(CH.general, Date.now() - 60_000, 'alice is back', { author: ALICE });
    expect((await h.indexer.run({ full: true })).status).toBe('ok');
    const back = await storedMessages(h.database);
    expect(back.find((m) => m.id === fresh)).toMatchObject({ deleted: false, content: 'alice is back' });
    expect(back.find((m) => m.id === alice[0])).toMatchObject({ deleted: true, content: '' });
  });

  it('forgets in one guild only when given one', async () => {
    const f = await startFixture({ small: true });
    const t = Date.now() - 3 * HOUR;
    const one = f.add(CH.general, t, 'alice in guild one', { author: ALICE });
    const two = f.add(CH.g2text, t, 'alice in guild two', { author: ALICE });
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const r = await forgetMember(
      { store: h.store, vectors: h.vectors },
      { userId: ALICE, guildId: G1, at: Date.now() },
    );
    expect(r.removed).toBe(
      (await storedMessages(h.database)).filter((m) => m.authorId === ALICE && m.guildId === G1).length,
    );
    const byId = new Map((await storedMessages(h.database)).map((m) => [m.id, m]));
    expect(byId.get(one)).toMatchObject({ deleted: true, content: '' });
    expect(byId.get(two)).toMatchObject({ deleted: false, content: 'alice in guild two' });
    expect(await h.store.members.isOptedOut(ALICE, G1)).toBe(true);
    expect(await h.store.members.isOptedOut(ALICE, G2)).toBe(false);
    f.add(CH.g2text, Date.now() - HOUR, 'alice still welcome here', { author: ALICE });
    expect((await h.indexer.run()).messagesNew).toBe(1);
  });

  it('with Chroma down, wipes the text at once and the next run removes the vectors', async () => {
    const f = await startFixture({ small: true });
    const said = f.add(CH.general, Date.now() - 3 * HOUR, 'alice says something', { author: ALICE });
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const r = await forgetMember(
      {
        store: h.store,
        vectors: unavailableVectors('http://127.0.0.1:9', 'Chroma at http://127.0.0.1:9 is unreachable'),
      },
      { userId: ALICE, guildId: undefined, at: Date.now() },
    );
    expect(r.removed).toBeGreaterThan(0);
    expect(r.vectorsPending).toMatch(/unreachable/);
    expect((await storedMessages(h.database)).find((m) => m.id === said)).toMatchObject({ content: '' });
    expect(await h.store.outbox.pending()).toBe(r.removed);
    expect((await chromaRecords(f.chromaUrl, h.prefix)).some((x) => x.id === said)).toBe(true);

    expect((await h.indexer.run()).status).toBe('ok');
    expect(await h.store.outbox.pending()).toBe(0);
    expect(
      (await chromaRecords(f.chromaUrl, h.prefix)).filter(
        (x) => (x.metadata as { author_id: string }).author_id === ALICE,
      ),
    ).toEqual([]);
  });
});

describe.each(backends)('forgetting a guild (%s)', (backend) => {
  it('removes its messages, channels, answers and vectors, and leaves the other guild alone', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const g2 = (await storedMessages(h.database)).filter((m) => m.guildId === G2);
    const version = await h.store.guilds.version(G2);
    await h.store.answers.save({
      id: '900000000000000003',
      guildId: G2,
      channelId: CH.g2text,
      userId: BOB,
      question: 'q',
      answer: 'a',
      sourceIds: [g2[0]?.id ?? ''],
      parentId: null,
      createdAt: Date.now(),
    });
    const r = await forgetGuild({ store: h.store, vectors: h.vectors }, G2);
    expect(r).toEqual({ removed: g2.length });
    expect((await storedMessages(h.database)).filter((m) => m.guildId === G2)).toEqual([]);
    expect(await h.store.channels.ofGuild(G2)).toEqual([]);
    expect(await h.store.answers.get('900000000000000003')).toBeUndefined();
    expect(await chromaRecords(f.chromaUrl, h.prefix, undefined, [G2])).toEqual([]);
    expect(await h.store.guilds.version(G2)).not.toBe(version);
    const g1 = expectedSearchable(f).filter((m) => !g2.some((x) => x.id === m.id));
    expect((await chromaRecords(f.chromaUrl, h.prefix, undefined, [G1])).length).toBe(g1.length);
    // Again: nothing left, nothing fails.
    expect(await forgetGuild({ store: h.store, vectors: h.vectors }, G2)).toEqual({ removed: 0 });
  });

  it('says so when Chroma cannot drop the collection, and running it again finishes the job', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const down = unavailableVectors('http://127.0.0.1:9', 'Chroma at http://127.0.0.1:9 is unreachable');
    const r = await forgetGuild({ store: h.store, vectors: down }, G2);
    expect(r.removed).toBeGreaterThan(0);
    expect(r.vectorsError).toMatch(/unreachable/);
    expect((await chromaRecords(f.chromaUrl, h.prefix, undefined, [G2])).length).toBeGreaterThan(0);
    expect(await forgetGuild({ store: h.store, vectors: h.vectors }, G2)).toEqual({ removed: 0 });
    expect(await chromaRecords(f.chromaUrl, h.prefix, undefined, [G2])).toEqual([]);
  });
});
