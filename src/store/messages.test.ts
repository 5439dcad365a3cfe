import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/tmp';
import { openDb } from './db';
import { keywordSearch, searchTerms, selectTerms, upsertMessages } from './messages';

const G = '100000000000000001';
const C = '200000000000000001';
let n = 0;
const row = (content: string, channelId = C) => ({
  id: String(300000000000000000n + BigInt(++n)),
  guildId: G,
  channelId,
  authorId: '1',
  authorName: 'ana',
  content,
  createdAt: n,
});

function store(contents: string[]) {
  const db = openDb(path.join(tempDir(), 'bot.sqlite'));
  const rows = contents.map((c) => row(c));
  upsertMessages(db, rows);
  return { db, ids: new Map(rows.map((r) => [r.content, r.id])) };
}

describe('searchTerms', () => {
  it.each([
    ['How do I fix ERR_OSSL_EVP_UNSUPPORTED?', ['fix', 'err_ossl_evp_unsupported']],
    ['Où est le café ?', ['où', 'est', 'le', 'cafe'].map((t) => t.normalize('NFD').replace(/\p{M}/gu, ''))],
    ['"quoted" OR NEAR(x) * -', ['quoted', 'near']],
  ])('%s', (text, terms) => {
    expect(searchTerms(text)).toEqual(terms);
  });
});

describe('keyword search', () => {
  it('finds exact codes, ignores FTS syntax in the question, and folds diacritics', () => {
    const { db, ids } = store([
      'Fixed ERR_OSSL_EVP_UNSUPPORTED with the legacy provider',
      'Meet at the café at noon',
      'Nothing to see here',
    ]);
    expect(keywordSearch(db, G, [C], 'what is ERR_OSSL_EVP_UNSUPPORTED', 5)).toEqual([
      ids.get('Fixed ERR_OSSL_EVP_UNSUPPORTED with the legacy provider'),
    ]);
    expect(keywordSearch(db, G, [C], 'where is the cafe', 5)).toEqual([ids.get('Meet at the café at noon')]);
    expect(keywordSearch(db, G, [C], '" OR * NEAR( -', 5)).toEqual([]);
    expect(keywordSearch(db, G, ['999'], 'cafe', 5)).toEqual([]);
  });

  it('searches the rarest terms first and leaves out common ones beyond the budget', () => {
    const common = Array.from({ length: 50 }, (_, i) => `deploy notes number ${i}`);
    const { db, ids } = store([...common, 'deploy the zanzibar cluster']);
    expect(selectTerms(db, searchTerms('deploy zanzibar'), 10)).toEqual(['zanzibar']);
    expect(selectTerms(db, searchTerms('deploy zanzibar'), 1000)).toEqual(['zanzibar', 'deploy']);
    expect(selectTerms(db, searchTerms('deploy'), 10)).toEqual(['deploy']);
    expect(keywordSearch(db, G, [C], 'deploy zanzibar', 5, 10)).toEqual([
      ids.get('deploy the zanzibar cluster'),
    ]);
  });

  it('forgets deleted and edited-away text', () => {
    const { db } = store(['the secret word is pineapple']);
    const [r] = [row('the secret word is pineapple')];
    upsertMessages(db, [r]);
    upsertMessages(db, [{ ...r, content: 'the secret word is mango' }]);
    expect(keywordSearch(db, G, [C], 'pineapple', 5)).toHaveLength(1);
    upsertMessages(db, [{ ...r, deleted: true }]);
    expect(keywordSearch(db, G, [C], 'mango', 5)).toEqual([]);
  });
});
