import { describe, expect, it } from 'vitest';
import { searchTerms, termWords } from '../store/terms';
import { foldText, indexWords, searchText } from './words';

describe('indexWords: what a keyword index holds', () => {
  it.each([
    // Unspaced scripts: overlapping bigrams of characters (a character with its marks counts as one).
    ['Chinese', '昨天部署失败了', ['昨天', '天部', '部署', '署失', '失败', '败了']],
    ['Japanese kanji and kana', '設定を変更', ['設定', '定を', 'を変', '変更']],
    ['Japanese katakana, half-width made full', 'ｶﾞｲﾄﾞ', ['ガイ', 'イド']],
    ['Thai, vowels and tone marks kept with their letters', 'ข้อมูล', ['ข้อ', 'อมู', 'มูล']],
    ['Korean', '서버에서', ['서버', '버에', '에서']],
    ['a lone character of an unspaced script', 'x 猫 y', ['x', '猫', 'y']],
    ['a script change inside a run', 'windows版本', ['windows', '版本']],
    // Marks that belong to letters stay.
    ['Devanagari vowel signs and virama', 'डेटाबेस बंद है', ['डेटाबेस', 'बंद', 'है']],
    ['Tamil vowel signs and virama', 'தரவுத்தளம்', ['தரவுத்தளம்']],
    ['kana voicing marks', 'がぎぐ', ['がぎ', 'ぎぐ']],
    ['Cyrillic й and ё', 'йод ёлка', ['йод', 'ёлка']],
    // Latin-style diacritics are folded, and Greek accents.
    ['French', 'Où est le café ?', ['ou', 'est', 'le', 'cafe']],
    ['Polish and German', 'Łódź straße Ångström', ['lodz', 'strasse', 'angstrom']],
    ['Vietnamese', 'Tiếng Việt', ['tieng', 'viet']],
    ['Greek', 'Ελληνικά', ['ελληνικα']],
    // Punctuation and underscores split words, as before.
    ['an error code', 'ERR_OSSL_EVP_UNSUPPORTED!', ['err', 'ossl', 'evp', 'unsupported']],
    ['a host and port', 'example.com:8080', ['example', 'com', '8080']],
  ])('%s', (_, text, words) => {
    expect(indexWords(text)).toEqual(words);
  });

  it('is the same for composed and decomposed input, full-width and half-width forms', () => {
    expect(indexWords('cafe\u0301')).toEqual(indexWords('café'));
    expect(indexWords('か\u3099')).toEqual(indexWords('が'));
    expect(indexWords('ＥＲＲ１２３')).toEqual(['err123']);
    expect(foldText('डेटाबेस'.normalize('NFD'))).toBe('डेटाबेस');
  });

  it("the search text holds the message's words and its author's", () => {
    expect(searchText('Deploy failed: 部署失败', 'Łukasz')).toBe('deploy failed 部署 署失 失败 lukasz');
  });
});

describe('searchTerms: a question finds what the index holds', () => {
  it.each([
    ['How do I fix ERR_OSSL_EVP_UNSUPPORTED?', ['fix', 'err_ossl_evp_unsupported']],
    ['Où est le café ?', ['ou', 'est', 'le', 'cafe']],
    ['"quoted" OR NEAR(x) * -', ['quoted', 'near']],
    ['部署失败怎么办', ['部署', '署失', '失败', '败怎', '怎么', '么办']],
    ['डेटाबेस क्यों बंद है?', ['डेटाबेस', 'क्यों', 'बंद', 'है']],
    ['猫?', ['猫']],
  ])('%s', (text, terms) => {
    expect(searchTerms(text)).toEqual(terms);
  });

  it.each([
    ['Chinese inside unspaced text', '昨天部署失败了，大家看一下', '部署失败'],
    ['Japanese', 'サーバーの設定を変更しました', '設定を変更'],
    ['Thai', 'ฐานข้อมูลล่มเมื่อวาน', 'ฐานข้อมูล'],
    ['Hindi', 'कल डेटाबेस बंद हो गया', 'डेटाबेस'],
    ['Tamil', 'தரவுத்தளம் வேலை செய்யவில்லை', 'தரவுத்தளம்'],
    ['kana with voicing marks', 'ガイドを読んでください', 'ガイド'],
    ['decomposed kana in the question', 'ガイドを読んでください', 'カ\u3099イト\u3099'],
    ['Latin diacritics on one side only', 'the café was closed', 'cafe'],
    ['Latin diacritics on the other side', 'the cafe was closed', 'café'],
  ])('%s: every word of the question is indexed', (_, message, question) => {
    const indexed = new Set(indexWords(message));
    for (const term of searchTerms(question)) {
      for (const w of termWords(term)) expect(indexed.has(w), `${w} of ${question}`).toBe(true);
    }
    expect(searchTerms(question).length).toBeGreaterThan(0);
  });

  it('does not fold a mark that belongs to a letter: another word is not found', () => {
    // Devanagari ड (da) and डे (de) are different syllables; か and が different kana.
    expect(new Set(indexWords('डेटाबेस')).has(searchTerms('डटबस')[0] ?? '')).toBe(false);
    expect(searchTerms('ガイド')).not.toEqual(searchTerms('カイト'));
  });
});
