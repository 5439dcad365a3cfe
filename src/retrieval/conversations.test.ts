import { describe, expect, it } from 'vitest';
import type { StoredMessage, ThreadRecord } from '../store/types';
import { buildConversations, type ConversationGraph, chainTop, type Seed } from './conversations';
import { ANSWER_FACTORS, answerFactor } from './rank';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1, 9);

function m(
  id: string,
  content: string,
  o: { author?: string; at?: number; replyTo?: string; channel?: string; deleted?: boolean } = {},
): StoredMessage {
  return {
    id,
    guildId: 'g',
    channelId: o.channel ?? 'help',
    authorId: o.author ?? 'asker',
    authorName: o.author ?? 'asker',
    authorIsBot: false,
    content,
    createdAt: T0 + (o.at ?? 0),
    editedAt: null,
    deleted: o.deleted ?? false,
    attachments: '[]',
    embeds: '[]',
    replyToId: o.replyTo ?? null,
    type: o.replyTo === undefined ? 0 : 19,
    vectorSynced: true,
  };
}

function graph(rows: StoredMessage[], threads: ThreadRecord[] = []): ConversationGraph {
  return { rows: new Map(rows.map((r) => [r.id, r])), threads: new Map(threads.map((t) => [t.id, t])) };
}

const thread = (id: string, o: Partial<ThreadRecord> = {}): ThreadRecord => ({
  id,
  guildId: 'g',
  parentId: 'forum',
  type: 11,
  parentType: 15,
  title: `post ${id}`,
  tags: [],
  ...o,
});

const everything = { visible: (x: StoredMessage) => !x.deleted && x.content !== '', maxMessages: 12 };
const seed = (message: StoredMessage, score = 0.016): Seed => ({ message, score });
// Ids grow with time, as snowflakes do.
const ids = (list: { messages: StoredMessage[] }) => list.messages.map((x) => x.id);

describe('buildConversations', () => {
  it('a chatty thread with many loose hits does not outrank the exact match of an answered question', () => {
    const q = m('100', 'the dough mixer trips the breaker when kneading rye');
    const a = m('101', 'plug it into the twenty amp outlet', { author: 'dev', at: 5 * HOUR, replyTo: '100' });
    const t = thread('200', { parentId: 'help', parentType: 0, title: 'proofer E7' });
    const starter = m('200', 'the proofing cabinet shows error E7', { author: 'cho', at: 24 * HOUR });
    const chatter = Array.from({ length: 8 }, (_, i) =>
      m(String(201 + i), `chatter ${i} about the day`, {
        author: 'fox',
        at: 24 * HOUR + (i + 1) * 60_000,
        channel: '200',
      }),
    );
    const thanks = m('210', 'thanks, that fixed it', { author: 'cho', at: 25 * HOUR, channel: '200' });
    // Fused scores: the question first in both retrievers, the chatter loosely similar.
    const seeds = [seed(q, 2 / 61), seed(a, 1 / 70), ...chatter.map((c, i) => seed(c, 1 / (62 + i)))];
    const built = buildConversations(seeds, graph([q, a, starter, ...chatter, thanks], [t]), everything);
    expect(built[0]?.key).toBe('chain:100');
  });

  it('a question brings the reply that came two hours later, which is cited', () => {
    const q = m('100', 'the label printer prints blank pages since Tuesday');
    const near = m('101', 'the label printer is out of labels again', { author: 'dan', at: 10 * 60_000 });
    const a = m('102', 'swap the ribbon cartridge, the old one is spent', {
      author: 'helper',
      at: 2 * HOUR,
      replyTo: '100',
    });
    const [first, second] = buildConversations(
      [seed(q, 0.02), seed(near, 0.019)],
      graph([q, near, a]),
      everything,
    );
    expect(first).toMatchObject({ key: 'chain:100', hit: q, message: a });
    expect(ids(first as never)).toEqual(['100', '102']);
    // The same-hour distractor is its own conversation, never part of the question's, never its answer.
    expect(second).toMatchObject({ key: 'message:101', message: near });
  });

  it('an answer brings the question it replied to (asked in the words of a short answer)', () => {
    const q = m('200', 'which cable goes to the dock?');
    const a = m('201', 'yes, that cable, the blue one', {
      author: 'helper',
      at: 30 * 60_000,
      replyTo: '200',
    });
    const [only] = buildConversations([seed(a)], graph([q, a]), everything);
    expect(only).toMatchObject({ key: 'chain:200', hit: a, message: a });
    expect(ids(only as never)).toEqual(['200', '201']);
  });

  it('the end of a reply chain is the cited answer, with every step shown', () => {
    const q = m('300', 'the printer jams on thick paper');
    const b = m('301', 'which holder?', { author: 'helper', at: 60_000, replyTo: '300' });
    const r = m('302', 'the grey one', { at: 2 * 60_000, replyTo: '301' });
    const f = m('303', 'set it to 0.5', { author: 'helper', at: 3 * 60_000, replyTo: '302' });
    const [only] = buildConversations([seed(q)], graph([q, b, r, f]), everything);
    expect(only?.message.id).toBe('303');
    expect(ids(only as never)).toEqual(['300', '301', '302', '303']);
    expect(chainTop(f, graph([q, b, r, f]).rows).id).toBe('300');
  });

  it('hits of one conversation merge into one source, scored above either alone', () => {
    const q = m('400', 'vpn drops every hour');
    const a = m('401', 'renew the dhcp lease on the router', {
      author: 'helper',
      at: 60_000,
      replyTo: '400',
    });
    const other = m('402', 'vpn settings for the office', { author: 'dan', at: 5 * HOUR });
    const list = buildConversations(
      [seed(q, 0.016), seed(a, 0.015), seed(other, 0.0161)],
      graph([q, a, other]),
      everything,
    );
    expect(list.map((s) => s.key)).toEqual(['chain:400', 'message:402']);
  });

  it('a hit deep in a thread with chatter brings the starter and the thanked answer', () => {
    const post = thread('500', { tags: ['Solved'] });
    const starter = m('500', 'build fails with exit code 137', { channel: '500' });
    const rows = [starter];
    for (let i = 1; i <= 5; i++)
      rows.push(m(`50${i}`, `chatter ${i} lol`, { author: `c${i}`, channel: '500', at: i * 60_000 }));
    const answer = m('506', 'raise the container memory limit to 4 GB', {
      author: 'helper',
      channel: '500',
      at: 6 * 60_000,
    });
    const more = m('507', 'brb', { author: 'c1', channel: '500', at: 7 * 60_000 });
    const thanks = m('508', 'thanks, that did it!', { channel: '500', at: 8 * 60_000 });
    rows.push(answer, more, thanks);
    const [only] = buildConversations([seed(rows[3] as StoredMessage)], graph(rows, [post]), everything);
    expect(only).toMatchObject({ key: 'thread:500', message: answer });
    expect(only?.thread).toEqual({ id: '500', parentId: 'forum', title: 'post 500', tags: ['Solved'] });
    expect(only?.signals).toMatchObject({ solvedTag: true, askerThanked: true });
    expect(ids(only as never)).toContain('500');
  });

  it('a thread started from a message: the starter in the parent channel leads the thread', () => {
    const starter = m('600', 'deploy to staging is stuck', { channel: 'ops' });
    const inside = m('601', 'restart the runner, it lost its token', {
      author: 'helper',
      channel: '600',
      at: 60_000,
    });
    const [only] = buildConversations(
      [seed(starter)],
      graph([starter, inside], [thread('600', { parentId: 'ops', parentType: 0 })]),
      everything,
    );
    expect(only?.key).toBe('thread:600');
    expect(ids(only as never)).toEqual(['600', '601']);
  });

  it('shows nothing the asker may not see, and never cites it', () => {
    const q = m('700', 'printer prints blank pages');
    const hidden = m('701', 'swap the ribbon', {
      author: 'helper',
      at: 60_000,
      replyTo: '700',
      channel: 'secret',
    });
    const gone = m('702', 'it is the fuser', { author: 'x', at: 2 * 60_000, replyTo: '700', deleted: true });
    const visible = (x: StoredMessage) => everything.visible(x) && x.channelId !== 'secret';
    const [only] = buildConversations([seed(q)], graph([q, hidden, gone]), { ...everything, visible });
    expect(ids(only as never)).toEqual(['700']);
    expect(only?.message.id).toBe('700');
  });

  it('keeps at most maxMessages, the question, the hit and the answer first', () => {
    const q = m('800', 'long thread question', { channel: '800' });
    const rows = [q];
    for (let i = 1; i < 40; i++)
      rows.push(m(String(800 + i), `reply ${i}`, { author: `u${i}`, channel: '800', at: i * 60_000 }));
    const hit = rows[30] as StoredMessage;
    const [only] = buildConversations([seed(hit)], graph(rows, [thread('800')]), {
      ...everything,
      maxMessages: 6,
    });
    expect(only?.messages).toHaveLength(6);
    expect(ids(only as never)).toContain('800');
    expect(ids(only as never)).toContain(hit.id);
  });

  it('ranks an answered conversation above a lone unanswered question of about the same relevance', () => {
    const lone = m('900', 'why does the printer print blank pages?');
    const q = m('901', 'printer blank pages', { at: HOUR });
    const a = m('902', 'swap the ribbon', { author: 'helper', at: 2 * HOUR, replyTo: '901' });
    const list = buildConversations([seed(lone, 0.0164), seed(q, 0.0161)], graph([lone, q, a]), everything);
    expect(list.map((s) => s.key)).toEqual(['chain:901', 'message:900']);
  });

  it('an accepted answer (issue 19) is cited and ranks its conversation first', () => {
    const q1 = m('950', 'printer jams');
    const a1 = m('951', 'clean the roller', { author: 'helper', at: 60_000, replyTo: '950' });
    const q2 = m('952', 'printer jams again', { at: HOUR });
    const a2 = m('953', 'use thinner paper', { author: 'other', at: HOUR + 60_000, replyTo: '952' });
    const list = buildConversations([seed(q1, 0.0164), seed(q2, 0.016)], graph([q1, a1, q2, a2]), {
      ...everything,
      accepted: new Set(['953']),
    });
    expect(list.map((s) => s.message.id)).toEqual(['953', '951']);
  });
});

describe('answerFactor: the one place answered-ness changes the rank', () => {
  const none = {
    accepted: false,
    solvedTag: false,
    askerThanked: false,
    askerReplied: false,
    othersReplied: false,
  };
  it.each([
    [{ ...none, accepted: true }, false, ANSWER_FACTORS.accepted],
    [{ ...none, solvedTag: true }, false, ANSWER_FACTORS.confirmed],
    [{ ...none, askerThanked: true, othersReplied: true }, false, ANSWER_FACTORS.confirmed],
    [{ ...none, othersReplied: true }, false, ANSWER_FACTORS.replied],
    [none, true, ANSWER_FACTORS.loneQuestion],
    [none, false, 1],
  ])('%j, lone question %s → %d', (signals, loneQuestion, factor) => {
    expect(answerFactor(signals, { loneQuestion })).toBe(factor);
  });
});
