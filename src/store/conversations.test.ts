/**
 * The store's conversation structure and its keyword search across scripts, on SQLite and
 * PostgreSQL (issue 17): reply chains walked both ways at any depth, within scope; threads with
 * their tags; wipes that take a message's own edge and words with its text; words found inside
 * unspaced scripts and with the marks of their letters.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { backends, freshDatabase, freshStore } from '../../test/databases';
import type { DatabaseSetting } from '../config';
import { msToSnowflake } from '../discord/snowflake';
import { openStore } from './open';
import type { NewMessage, SearchScope, Store } from './types';

const G = '100000000000000001';
const G2 = '100000000000000002';
const C = '200000000000000001';
const SECRET = '200000000000000002';
const FORUM = '200000000000000015';
const T0 = Date.UTC(2026, 0, 1);
let n = 0;

function msg(content: string, over: Partial<NewMessage> = {}): NewMessage {
  n++;
  const at = T0 + n * 60_000;
  return {
    id: (BigInt(msToSnowflake(at)) + BigInt(n % 4000)).toString(),
    guildId: G,
    channelId: C,
    authorId: '300000000000000001',
    authorName: 'ana',
    content,
    createdAt: at,
    ...over,
  };
}

const scope = (over: Partial<SearchScope> = {}): SearchScope => ({
  guildId: G,
  channelIds: [C, FORUM, '200000000000000016'],
  ...over,
});

async function put(store: Store, rows: NewMessage[]): Promise<NewMessage[]> {
  await store.messages.storePage({ rows, source: 'crawl' });
  return rows;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

/** Runs raw SQL on the store's database, as an older version of the product would have written it. */
async function rawSql(db: DatabaseSetting, statement: string): Promise<void> {
  if (db.kind === 'sqlite') {
    const conn = new Database(db.path);
    try {
      conn.exec(statement);
    } finally {
      conn.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.each(backends)('conversation structure on %s', (backend) => {
  it('walks a reply chain of any depth both ways from any of its messages, in one call', async () => {
    const store = await freshStore(backend);
    const top = msg('which holder fits the printer?');
    const chain = [top];
    for (let i = 0; i < 40; i++) chain.push(msg(`step ${i}`, { replyToId: chain.at(-1)?.id ?? null }));
    const side = msg('another reply to the top', { replyToId: top.id });
    const unrelated = msg('lunch?');
    await put(store, [...chain, side, unrelated]);
    const all = ids([...chain, side]);
    for (const from of [top, chain[20], chain.at(-1), side]) {
      const got = await store.conversations.replyTrees(scope(), [from?.id ?? ''], { depth: 50, limit: 400 });
      expect(ids(got)).toEqual(all);
    }
    // Depth bounds the walk (a broken import cannot make it loop or run away).
    const shallow = await store.conversations.replyTrees(scope(), [chain.at(-1)?.id ?? ''], {
      depth: 5,
      limit: 400,
    });
    expect(shallow.length).toBeLessThan(all.length);
  });

  it('never walks through another guild or a channel outside the scope', async () => {
    const store = await freshStore(backend);
    const q = msg('the question');
    const hidden = msg('a reply in the secret channel', { channelId: SECRET, replyToId: q.id });
    const below = msg('a reply to the secret one', { replyToId: hidden.id });
    const abroad = msg('a reply from another guild', { guildId: G2, replyToId: q.id });
    await put(store, [q, hidden, below, abroad]);
    const fromTop = await store.conversations.replyTrees(scope(), [q.id], { depth: 50, limit: 400 });
    expect(ids(fromTop)).toEqual(ids([q]));
    // From below, the walk up stops at the channel it may not enter.
    const fromBelow = await store.conversations.replyTrees(scope(), [below.id], { depth: 50, limit: 400 });
    expect(ids(fromBelow)).toEqual(ids([below]));
    const wider = await store.conversations.replyTrees(scope({ channelIds: [C, SECRET] }), [below.id], {
      depth: 50,
      limit: 400,
    });
    expect(ids(wider)).toEqual(ids([q, hidden, below]));
  });

  it('a wipe (forget, retention, deleted text) takes the message’s own reply edge and words, not the replies to it', async () => {
    const store = await freshStore(backend);
    const q = msg('printer prints blank pages');
    const forgotten = msg('swap the ribbon', { replyToId: q.id, authorId: '300000000000000009' });
    const thanks = msg('thanks!', { replyToId: forgotten.id });
    await put(store, [q, forgotten, thanks]);
    await store.messages.forgetAuthor('300000000000000009', G, T0);
    const [row] = await store.messages.byIds([forgotten.id]);
    expect(row).toMatchObject({ content: '', replyToId: null, deleted: true });
    expect(await store.messages.keywordSearch(scope(), 'ribbon', 5)).toEqual([]);
    const tree = await store.conversations.replyTrees(scope(), [thanks.id], { depth: 50, limit: 400 });
    // The thanks still points at the tombstone (its author's edge); the tombstone no longer at the question.
    expect(ids(tree)).toEqual(ids([forgotten, thanks]));
  });

  it('records forum tags and applied tags, and names the tags a post carries', async () => {
    const store = await freshStore(backend);
    const post = '200000000000000099';
    await store.channels.upsert([
      {
        id: FORUM,
        guildId: G,
        parentId: null,
        type: 15,
        name: 'help',
        nsfw: false,
        availableTags: [
          { id: '1', name: 'Solved', moderated: false },
          { id: '2', name: 'Printer', moderated: true },
        ],
      },
      {
        id: post,
        guildId: G,
        parentId: FORUM,
        type: 11,
        name: 'Blank pages',
        nsfw: false,
        appliedTags: ['2', '1'],
      },
      { id: C, guildId: G, parentId: null, type: 0, name: 'general', nsfw: false },
    ]);
    expect((await store.channels.get(FORUM))?.availableTags).toEqual([
      { id: '1', name: 'Solved', moderated: false },
      { id: '2', name: 'Printer', moderated: true },
    ]);
    expect((await store.channels.get(post))?.appliedTags).toEqual(['2', '1']);
    expect(await store.conversations.threads([post, C, '999'])).toEqual([
      {
        id: post,
        guildId: G,
        parentId: FORUM,
        type: 11,
        parentType: 15,
        title: 'Blank pages',
        tags: ['Printer', 'Solved'],
      },
    ]);
    // Tags change on Discord: the next discovery's upsert replaces them.
    await store.channels.upsert([
      { id: post, guildId: G, parentId: FORUM, type: 11, name: 'Blank pages', nsfw: false, appliedTags: [] },
    ]);
    expect((await store.conversations.threads([post]))[0]?.tags).toEqual([]);
  });

  it('finds the live time neighbours of several messages in one call', async () => {
    const store = await freshStore(backend);
    const rows = [1, 2, 3, 4, 5, 6].map((i) => msg(`n${i}`, { createdAt: T0 + i * 60_000 }));
    const elsewhere = msg('other channel', { channelId: SECRET, createdAt: T0 + 3 * 60_000 });
    await put(store, [...rows, elsewhere]);
    await store.messages.storePage({ rows: [], deletedIds: [rows[1]?.id ?? ''], source: 'crawl' });
    const [a, , c, , e] = rows as NewMessage[];
    const got = await store.conversations.around([c as NewMessage, a as NewMessage, e as NewMessage], 1, 1);
    const contents = (id: string) => got.get(id)?.map((m) => m.content);
    expect(contents(c?.id ?? '')).toEqual(['n1', 'n4']); // n2 is deleted
    expect(contents(a?.id ?? '')).toEqual(['n3']);
    expect(contents(e?.id ?? '')).toEqual(['n4', 'n6']);
    expect((await store.conversations.around([], 1, 1)).size).toBe(0);
  });

  it('lists a thread’s opening messages in order', async () => {
    const store = await freshStore(backend);
    const post = '200000000000000098';
    const rows = [5, 1, 3, 2, 4].map((i) => msg(`m${i}`, { channelId: post, createdAt: T0 + i * 1000 }));
    await put(store, rows);
    expect((await store.conversations.opening(post, 3)).map((m) => m.content)).toEqual(['m1', 'm2', 'm3']);
  });
});

describe.each(backends)('keyword search across scripts on %s', (backend) => {
  const texts = {
    chinese: '昨天部署失败了，回滚以后好了',
    japanese: 'サーバーのガイドを読んでください',
    thai: 'ฐานข้อมูลล่มเมื่อวานนี้',
    hindi: 'कल रात डेटाबेस बंद हो गया',
    tamil: 'தரவுத்தளம் வேலை செய்யவில்லை',
    korean: '서버에서 배포가 실패했어요',
    french: 'Le café du coin est fermé',
    code: 'ERR_OSSL_EVP_UNSUPPORTED after the upgrade',
  };

  it.each([
    ['Chinese word inside unspaced text', '部署失败怎么办', 'chinese'],
    ['Japanese katakana word', 'ガイドはどこ', 'japanese'],
    ['Thai word', 'ฐานข้อมูล', 'thai'],
    ['Hindi with its vowel signs', 'डेटाबेस', 'hindi'],
    ['Tamil with its virama', 'தரவுத்தளம்', 'tamil'],
    ['Korean with a particle attached', '배포', 'korean'],
    ['Latin diacritics folded in the question', 'cafe fermé', 'french'],
    ['an error code', 'err_ossl_evp_unsupported?', 'code'],
  ] as const)('%s', async (_, question, key) => {
    const store = await freshStore(backend);
    const rows = Object.values(texts).map((t) => msg(t));
    await put(store, rows);
    const wanted = rows[Object.keys(texts).indexOf(key)];
    expect(await store.messages.keywordSearch(scope(), question, 3)).toEqual([wanted?.id]);
  });

  it('a mark that belongs to a letter is not folded away: another word is not found', async () => {
    const store = await freshStore(backend);
    await put(store, [msg(texts.hindi), msg(texts.japanese)]);
    expect(await store.messages.keywordSearch(scope(), 'डटबस', 3)).toEqual([]);
    expect(await store.messages.keywordSearch(scope(), 'カイト', 3)).toEqual([]);
  });

  it('an edit changes the words; rows of an earlier version get theirs at the next refresh', async () => {
    const database = await freshDatabase(backend);
    const store = await openStore(database);
    onTestFinished(() => store.close());
    const [m] = await put(store, [msg('部署失败了')]);
    await store.messages.storePage({
      rows: [{ ...(m as NewMessage), content: '数据库迁移', editedAt: T0 + 9_999 }],
      source: 'crawl',
    });
    expect(await store.messages.keywordSearch(scope(), '部署', 3)).toEqual([]);
    expect(await store.messages.keywordSearch(scope(), '迁移', 3)).toEqual([m?.id]);
    // As an earlier version left it: no words, indexed by its text alone (one unspaced run).
    await rawSql(database, 'UPDATE messages SET search_text = NULL');
    expect(await store.messages.keywordSearch(scope(), '迁移', 3)).toEqual([]);
    expect(await store.messages.refreshSearchText(10)).toBe(1);
    expect(await store.messages.refreshSearchText(10)).toBe(0);
    expect(await store.messages.keywordSearch(scope(), '迁移', 3)).toEqual([m?.id]);
  });
});
