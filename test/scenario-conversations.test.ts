/**
 * Acceptance try-out of issue 17 on a server the feature was not built against: a bakery's
 * Discord, crawled by the real indexer from the Discord stand-in, asked through signed `/ask`
 * interactions (the real endpoint, worker and permission computation from roles and overwrites).
 * What the model is shown (the prompt) and what the answer cites (the jump links) are checked.
 */
import { describe, expect, it } from 'vitest';
import { ask, command, finalContent, type Harness, harnessIndexer, startHarness } from './harness';
import { until } from './process';
import { type DiscordStandIn, snowflakeFromMs } from './standins/discord';

const GB = '610000000000000001';
const GX = '620000000000000001';
const STAFF = '630000000000000001';
const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const SEND = 1n << 11n;
const EVERYONE = String(VIEW | HISTORY | SEND);
const CH = {
  kitchen: '640000000000000001',
  staff: '640000000000000002',
  recipes: '640000000000000003',
  front: '640000000000000004',
  other: '650000000000000001',
};
const U = {
  ana: '660000000000000001',
  ben: '660000000000000002',
  cho: '660000000000000003',
  dev: '660000000000000004',
  eli: '660000000000000005',
  fox: '660000000000000006',
  boss: '660000000000000007',
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let seq = 0;
function post(
  d: DiscordStandIn,
  channelId: string,
  ms: number,
  author: keyof typeof U,
  content: string,
  replyTo?: string,
  id = snowflakeFromMs(ms, ++seq % 4096),
): string {
  d.addMessage(channelId, {
    id,
    authorId: U[author],
    authorName: author,
    content,
    ...(replyTo ? { replyTo } : {}),
  });
  return id;
}

type World = Record<string, string>;

function bakery(d: DiscordStandIn, t0: number): World {
  const w: World = {};
  d.addGuild({
    id: GB,
    ownerId: U.boss,
    roles: [
      { id: GB, permissions: EVERYONE },
      { id: STAFF, permissions: '0' },
    ],
  });
  d.addGuild({ id: GX, ownerId: U.boss, roles: [{ id: GX, permissions: EVERYONE }] });
  d.addChannel({ id: CH.kitchen, guildId: GB, type: 0, name: 'kitchen' });
  d.addChannel({ id: CH.front, guildId: GB, type: 0, name: 'front-desk' });
  d.addChannel({
    id: CH.staff,
    guildId: GB,
    type: 0,
    name: 'staff-room',
    overwrites: [
      { id: GB, type: 0, allow: '0', deny: String(VIEW) },
      { id: STAFF, type: 0, allow: String(VIEW | HISTORY), deny: '0' },
    ],
  });
  d.addChannel({ id: CH.recipes, guildId: GB, type: 15, name: 'recipe-help' });
  d.setAvailableTags(CH.recipes, [
    { id: '801', name: 'Resolved' },
    { id: '802', name: 'Bread' },
  ]);
  d.addChannel({ id: CH.other, guildId: GX, type: 0, name: 'kitchen' });
  d.addMember(GB, { userId: d.botUserId, roles: [STAFF] });
  d.addMember(GB, { userId: U.eli, roles: [] });
  d.addMember(GB, { userId: U.dev, roles: [STAFF] });

  // 1. A late reply five hours on, after three same-hour distractors sharing the question's words.
  w.q1 = post(d, CH.kitchen, t0, 'ana', 'the dough mixer trips the breaker when kneading rye');
  w.d1a = post(d, CH.kitchen, t0 + 5 * 60_000, 'ben', 'rye flour delivery for the mixer arrives at noon');
  w.d1b = post(d, CH.kitchen, t0 + 15 * 60_000, 'cho', 'the breaker panel labels were updated today');
  w.d1c = post(d, CH.kitchen, t0 + 40 * 60_000, 'fox', 'dough hooks for the mixer are in the dishwasher');
  w.a1 = post(
    d,
    CH.kitchen,
    t0 + 5 * HOUR,
    'dev',
    'plug it into the twenty amp outlet by the door instead',
    w.q1,
  );

  // 2. A reply chain of five whose end is the fix.
  const t2 = t0 + DAY;
  w.q2 = post(d, CH.kitchen, t2, 'ben', 'the croissant laminator leaves streaks of butter');
  w.c2a = post(d, CH.kitchen, t2 + 3 * 60_000, 'dev', 'which setting?', w.q2);
  w.c2b = post(d, CH.kitchen, t2 + 6 * 60_000, 'ben', 'number six', w.c2a);
  w.c2c = post(d, CH.kitchen, t2 + 9 * 60_000, 'dev', 'and the butter temperature?', w.c2b);
  w.c2d = post(d, CH.kitchen, t2 + 12 * 60_000, 'ben', 'straight from the fridge', w.c2c);
  w.f2 = post(
    d,
    CH.kitchen,
    t2 + 15 * 60_000,
    'dev',
    'let the butter warm to thirteen degrees and use setting four',
    w.c2d,
  );

  // 3. A thread with lots of chatter: the fix deep inside, a chatter question between it and the thanks.
  const t3 = t0 + 2 * DAY;
  w.s3 = post(d, CH.kitchen, t3, 'cho', 'the proofing cabinet shows error E7 overnight');
  d.addChannel({ id: w.s3, guildId: GB, type: 11, name: 'proofer E7', parentId: CH.kitchen });
  const chatter = [
    'morning all',
    'who took my apron',
    'sorry it was me',
    'the sourdough looks great today',
    'agreed',
    'is the van back yet',
    'yes parked outside',
    'cool',
    'coffee machine is empty again',
    'refilled',
    'nice',
    'anyone know the wifi password for the tablet',
    'it is on the fridge',
  ];
  for (const [i, c] of chatter.entries()) post(d, w.s3, t3 + (i + 1) * 60_000, i % 2 ? 'fox' : 'ben', c);
  w.a3 = post(
    d,
    w.s3,
    t3 + 20 * 60_000,
    'dev',
    'the humidity sensor is clogged with flour, wipe it with a dry brush',
  );
  w.x3 = post(d, w.s3, t3 + 21 * 60_000, 'fox', 'does anyone want a pastry from the front counter?');
  w.t3 = post(d, w.s3, t3 + 22 * 60_000, 'cho', 'thanks, that fixed it');

  // 4. A forum post with a Resolved tag (its starter has the post's id).
  const t4 = t0 + 3 * DAY;
  w.p4 = snowflakeFromMs(t4, ++seq % 4096);
  d.addChannel({ id: w.p4, guildId: GB, type: 11, name: 'Baguettes come out pale', parentId: CH.recipes });
  d.setAppliedTags(w.p4, ['802', '801']);
  post(d, w.p4, t4, 'eli', 'my baguettes come out pale even after forty minutes', undefined, w.p4);
  post(d, w.p4, t4 + 60_000, 'ben', 'same problem last winter');
  w.a4 = post(d, w.p4, t4 + 4 * 60_000, 'dev', 'add steam in the first ten minutes and brush with egg wash');
  post(d, w.p4, t4 + 9 * 60_000, 'eli', 'much better, thank you!');

  // 5. A short answer, asked about in its own words.
  const t5 = t0 + 4 * DAY;
  w.q5 = post(d, CH.front, t5, 'fox', 'which tray do the gluten free rolls go on?');
  w.a5 = post(d, CH.front, t5 + 20 * 60_000, 'cho', 'yep, the orange tray, the long one', w.q5);

  // 6. A public thread under the staff-only channel: its parent is unreadable, so is it.
  const t6 = t0 + 5 * DAY;
  w.s6 = post(d, CH.staff, t6, 'dev', 'walk-in freezer alarm keeps beeping at night');
  d.addChannel({ id: w.s6, guildId: GB, type: 11, name: 'freezer alarm', parentId: CH.staff });
  w.a6 = post(d, w.s6, t6 + 60_000, 'boss', 'the freezer alarm code is 2468, reset it on the keypad');
  // A member's question in public whose only reply is in the staff thread... and a public one.
  w.q6 = post(d, CH.kitchen, t6 + 2 * HOUR, 'eli', 'why does the walk-in freezer alarm beep at night?');

  // 7. Unspaced and mark-rich scripts.
  const t7 = t0 + 6 * DAY;
  w.zh = post(d, CH.kitchen, t7, 'cho', '昨天烤箱温度失控了，面包全烤焦了');
  w.th = post(d, CH.kitchen, t7 + 60_000, 'cho', 'เตาอบไม่ร้อนตั้งแต่เมื่อวาน');
  w.hi = post(d, CH.kitchen, t7 + 2 * 60_000, 'cho', 'ओवन का तापमान सेंसर खराब है');

  // Another guild with the very words.
  w.gx = post(d, CH.other, t0, 'ana', 'the dough mixer trips the breaker, use the twenty amp outlet');
  return w;
}

async function setup(): Promise<{ h: Harness; w: World; index: () => Promise<void> }> {
  const h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
  const w = bakery(h.discord, Date.now() - 20 * DAY);
  const indexer = harnessIndexer(h, { guildIds: [GB, GX] });
  const index = async (full = false) => {
    const s = await indexer.run({ full });
    expect(s.status).toBe('ok');
  };
  await index();
  return { h, w, index: () => index(true) };
}

/** The model cites source 1 only; its link is the source's cited message. */
const CITE_FIRST = () => ({ chunks: ['See [1].'] });

async function askAs(
  h: Harness,
  question: string,
  who: { userId: string; roles?: string[]; channelId?: string; private?: boolean; days?: number },
): Promise<{ content: string; prompt: string; token: string; id: string }> {
  const before = h.ollama.chatRequests().length;
  const body =
    who.days === undefined
      ? ask(question, {
          guildId: GB,
          channelId: who.channelId ?? CH.kitchen,
          userId: who.userId,
          roles: who.roles ?? [],
          ...(who.private === undefined ? {} : { private: who.private }),
        })
      : command('ask', {
          guildId: GB,
          channelId: who.channelId ?? CH.kitchen,
          userId: who.userId,
          roles: who.roles ?? [],
          options: [
            { name: 'question', type: 3, value: question },
            { name: 'days', type: 4, value: who.days },
          ],
        });
  await h.interact(body);
  const content = await finalContent(h, body.token, 20_000);
  const requests = h.ollama.chatRequests();
  const prompt = requests.length > before ? JSON.stringify(requests.at(-1)?.messages ?? []) : '';
  return { content, prompt, token: body.token, id: body.id };
}

/** The message ids of the jump links in an answer. */
const links = (content: string) => [...content.matchAll(/channels\/\d+\/\d+\/(\d+)/g)].map((m) => m[1]);

describe('try-out: conversations on a bakery server', () => {
  it('a late reply, a five-step chain, a thread with chatter and a resolved forum post: each cites its fix', async () => {
    const { h, w } = await setup();
    h.ollama.chatScript = CITE_FIRST;
    const eli = { userId: U.eli };

    const late = await askAs(h, 'why does the dough mixer trip the breaker?', eli);
    expect(links(late.content)).toEqual([w.a1]);
    expect(late.prompt).toContain('twenty amp outlet');
    // The same-hour distractors are not in the question's block, and not cited.
    for (const d of [w.d1a, w.d1b, w.d1c]) expect(links(late.content)).not.toContain(d);
    expect(late.content).not.toContain(w.gx);

    const chain = await askAs(h, 'the croissant laminator leaves butter streaks', eli);
    expect(links(chain.content)).toEqual([w.f2]);
    expect(chain.prompt).toContain('thirteen degrees');

    const thread = await askAs(h, 'proofing cabinet error E7', eli);
    expect(thread.prompt).toContain('humidity sensor is clogged');
    // The asker thanked after a chatter question: the fix, not "does anyone want a pastry?", is cited.
    expect(links(thread.content)).toEqual([w.a3]);

    const forum = await askAs(h, 'why are my baguettes pale?', eli);
    expect(links(forum.content)).toEqual([w.a4]);
    expect(forum.prompt).toContain('steam in the first ten minutes');
  });

  it('a question in the words of a short answer brings the question it answered', async () => {
    const { h, w } = await setup();
    h.ollama.chatScript = CITE_FIRST;
    const r = await askAs(h, 'the orange tray, the long one', { userId: U.eli });
    expect(r.prompt).toContain('gluten free rolls');
    expect(r.prompt).toContain('orange tray');
    expect(links(r.content)).toEqual([w.a5]);
  });

  it('a thread whose parent channel the member cannot read never reaches them; staff get it privately', async () => {
    const { h, w } = await setup();
    h.ollama.chatScript = CITE_FIRST;
    const member = await askAs(h, 'walk-in freezer alarm beeping at night', { userId: U.eli });
    expect(member.prompt).not.toContain('2468');
    expect(member.prompt).not.toContain('keeps beeping');
    expect(member.content).not.toContain(w.a6);
    expect(member.content).not.toContain(w.s6);
    const before = h.ollama.chatRequests().length;
    const staff = await askAs(h, 'walk-in freezer alarm beeping at night', { userId: U.dev, roles: [STAFF] });
    // Asked in public #kitchen: the public reply can end before the private answer is generated, so
    // wait for the prompt that holds the staff thread, then for the follow-up that carries it.
    await until(
      () =>
        h.ollama
          .chatRequests()
          .slice(before)
          .some((r) => JSON.stringify(r.messages).includes('2468')),
      20_000,
      () => `no prompt with the staff thread in ${h.ollama.chatRequests().length - before} requests`,
    );
    await until(
      () => (h.webhook(staff.token)?.followups.length ?? 0) > 0,
      20_000,
      () => 'no private follow-up',
    );
    // The staff thread's text goes to the asker alone: never into the public reply.
    expect(JSON.stringify(h.webhook(staff.token)?.edits)).not.toContain('2468');
  });

  it('words inside Chinese, Thai and Hindi messages are found', async () => {
    const { h, w } = await setup();
    // An answer that cites nothing lists every source it was given.
    h.ollama.chatScript = () => ({ chunks: ['The messages say so.'] });
    const zh = await askAs(h, '烤箱温度', { userId: U.eli });
    expect(links(zh.content)).toContain(w.zh);
    const th = await askAs(h, 'เตาอบ', { userId: U.eli });
    expect(links(th.content)).toContain(w.th);
    const hi = await askAs(h, 'तापमान सेंसर', { userId: U.eli });
    expect(links(hi.content)).toContain(w.hi);
    // And the keyword index alone finds each (the vector side cannot split unspaced text).
    const scope = { guildId: GB, channelIds: [CH.kitchen] };
    expect(await h.db.store.messages.keywordSearch(scope, '烤箱温度', 5)).toContain(w.zh);
    expect(await h.db.store.messages.keywordSearch(scope, '面包', 5)).toContain(w.zh);
    expect(await h.db.store.messages.keywordSearch(scope, 'เตาอบ', 5)).toContain(w.th);
    expect(await h.db.store.messages.keywordSearch(scope, 'सेंसर', 5)).toContain(w.hi);
    expect(await h.db.store.messages.keywordSearch(scope, 'तापमान', 5)).toContain(w.hi);
  });

  it('an edited fix is quoted as edited; a deleted fix is gone after a full re-check', async () => {
    const { h, w, index } = await setup();
    h.ollama.chatScript = CITE_FIRST;
    h.discord.editMessage(CH.kitchen, w.f2 as string, 'warm the butter to fourteen degrees, setting three');
    h.discord.deleteMessage(CH.kitchen, w.a1 as string);
    await index();
    const chain = await askAs(h, 'the croissant laminator leaves butter streaks', { userId: U.eli });
    expect(chain.prompt).toContain('fourteen degrees');
    expect(chain.prompt).not.toContain('thirteen degrees');
    const late = await askAs(h, 'why does the dough mixer trip the breaker?', { userId: U.eli });
    expect(late.prompt).not.toContain('twenty amp outlet by the door');
    expect(links(late.content)).not.toContain(w.a1);
  });

  it('the days option keeps an old question out of a recent answer’s conversation', async () => {
    const { h, w } = await setup();
    // Make the short answer recent and its question old: store them as such.
    const now = Date.now();
    await h.db.store.messages.storePage({
      rows: [
        {
          id: snowflakeFromMs(now - 10 * DAY, 1),
          guildId: GB,
          channelId: CH.front,
          authorId: U.fox,
          authorName: 'fox',
          content: 'where do the sesame bagels cool down?',
          createdAt: now - 10 * DAY,
        },
        {
          id: snowflakeFromMs(now - HOUR, 2),
          guildId: GB,
          channelId: CH.front,
          authorId: U.cho,
          authorName: 'cho',
          content: 'on the green rack near the window, the sesame bagels',
          createdAt: now - HOUR,
          replyToId: snowflakeFromMs(now - 10 * DAY, 1),
        },
      ],
      source: 'crawl',
    });
    h.ollama.chatScript = CITE_FIRST;
    const r = await askAs(h, 'sesame bagels green rack', { userId: U.eli, days: 2 });
    expect(r.prompt).toContain('green rack');
    expect(r.prompt).not.toContain('cool down');
    expect(w).toBeDefined();
  });
});
