import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../store/types';
import { findAnswer, isSolvedTag, isThanks, looksLikeQuestion } from './answer-signals';

const ASKER = 'asker';
let t = 0;
/** A message `k` minutes in, by `author`, replying to `replyTo`. */
function m(id: string, author: string, content: string, replyTo: string | null = null): StoredMessage {
  t++;
  return {
    id,
    guildId: 'g',
    channelId: 'c',
    authorId: author,
    authorName: author,
    authorIsBot: false,
    content,
    createdAt: 1_000_000 + t * 60_000,
    editedAt: null,
    deleted: false,
    attachments: '[]',
    embeds: '[]',
    replyToId: replyTo,
    type: replyTo === null ? 0 : 19,
    vectorSynced: true,
  };
}

describe('isThanks', () => {
  it.each([
    ['thanks, that fixed it', true],
    ['Thank you so much!', true],
    ['thx', true],
    ['that worked 🎉', true],
    ['Danke, läuft wieder', true],
    ['merci beaucoup', true],
    ['спасибо, помогло', true],
    ['谢谢，好了', true],
    ['ありがとうございます', true],
    ['धन्यवाद', true],
    ['Dzięki!', true],
    ['thanks but it still prints blank pages', false],
    ['thanks, though it does not work', false],
    ['the type of the cable?', false],
    ['czy ty wiesz?', false],
    ['thanksgiving dinner at noon', false],
  ])('%j → %s', (text, expected) => {
    expect(isThanks(text)).toBe(expected);
  });
});

describe('isSolvedTag', () => {
  it.each([
    ['Solved', true],
    ['✅ Resolved', true],
    ['answered', true],
    ['Gelöst', true],
    ['Résolu', true],
    ['已解决', true],
    ['Unsolved', false],
    ['Printer', false],
    ['Needs answer', false],
  ])('%j → %s', (name, expected) => {
    expect(isSolvedTag(name)).toBe(expected);
  });
});

describe('looksLikeQuestion', () => {
  it.each([
    ['why does the printer print blank pages?', true],
    ['how to reset it', true],
    ['Wo ist das？', true],
    ['swap the ribbon cartridge, the old one is spent', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});

describe('findAnswer', () => {
  it('a late reply by someone else to the question is its answer', () => {
    const q = m('q', ASKER, 'the label printer prints blank pages since Tuesday');
    const a = m('a', 'helper', 'swap the ribbon cartridge, the old one is spent', 'q');
    const found = findAnswer({ root: q, messages: [q, a] });
    expect(found.answer?.id).toBe('a');
    expect(found.signals).toMatchObject({ othersReplied: true, askerThanked: false, solvedTag: false });
  });

  it('the end of the helpers’ reply chain, not the question back to the asker', () => {
    const q = m('q', ASKER, 'the printer jams');
    const back = m('b', 'helper', 'which holder?', 'q');
    const reply = m('r', ASKER, 'the grey one', 'b');
    const fix = m('f', 'helper', 'set it to 0.5', 'r');
    const found = findAnswer({ root: q, messages: [q, back, reply, fix] });
    expect(found.answer?.id).toBe('f');
    expect(found.signals.askerReplied).toBe(true);
  });

  it('the message the asker thanked, in a thread with chatter and no reply links', () => {
    const q = m('q', ASKER, 'build fails with exit code 137');
    const chatter = [m('c1', 'x', 'lol same'), m('c2', 'y', 'anyone for lunch'), m('c3', 'x', 'brb')];
    const a = m('a', 'helper', 'raise the container memory limit to 4 GB');
    const c4 = m('c4', 'y', 'nice weather');
    const thanks = m('t', ASKER, 'thanks, that did it!');
    const found = findAnswer({ root: q, messages: [q, ...chatter, a, c4, thanks] });
    // Without a reply link, the last message before the thanks that says something.
    expect(found.answer?.id).toBe('a');
    const linked = m('t2', ASKER, 'thanks, that did it!', 'a');
    const withLink = findAnswer({ root: q, messages: [q, ...chatter, a, c4, linked] });
    expect(withLink.answer?.id).toBe('a');
    expect(withLink.signals.askerThanked).toBe(true);
  });

  it('a question someone asked between the fix and the thanks is not what was thanked for', () => {
    const q = m('q', ASKER, 'the proofing cabinet shows error E7 overnight');
    const a = m('a', 'helper', 'the humidity sensor is clogged with flour, wipe it with a dry brush');
    const x = m('x', 'y', 'does anyone want a pastry from the front counter?');
    const thanks = m('t', ASKER, 'thanks, that fixed it');
    expect(findAnswer({ root: q, messages: [q, a, x, thanks] }).answer?.id).toBe('a');
  });

  it('chatter alone is never taken for an answer', () => {
    const q = m('q', ASKER, 'build fails with exit code 137');
    const found = findAnswer({ root: q, messages: [q, m('c1', 'x', 'lol same'), m('c2', 'y', 'brb')] });
    expect(found.answer).toBeUndefined();
    expect(found.signals.othersReplied).toBe(true);
  });

  it('a forum post’s Solved tag is a signal', () => {
    const q = m('q', ASKER, 'VPN drops every hour');
    const found = findAnswer({ root: q, messages: [q], tags: ['Network', 'Solved'] });
    expect(found.signals.solvedTag).toBe(true);
  });

  it('an accepted answer (issue 19) wins over every other signal', () => {
    const q = m('q', ASKER, 'the printer jams');
    const a = m('a', 'helper', 'clean the roller', 'q');
    const b = m('b', 'other', 'replace the tray');
    const found = findAnswer({ root: q, messages: [q, a, b], accepted: new Set(['b']) });
    expect(found.answer?.id).toBe('b');
    expect(found.signals.accepted).toBe(true);
  });

  it('a question nobody answered has no answer and no signal', () => {
    const q = m('q', ASKER, 'does anyone know the wifi password?');
    const bump = m('u', ASKER, 'bump');
    expect(findAnswer({ root: q, messages: [q, bump] })).toEqual({
      answer: undefined,
      signals: {
        solvedTag: false,
        askerThanked: false,
        askerReplied: false,
        othersReplied: false,
        accepted: false,
      },
    });
  });
});
