/**
 * Acceptance try-out of issue 21 with data of its own: two guilds, members asking answerable and
 * unanswerable questions (some privately), ratings, the `days` option, paging, /forget-me of the
 * member whose public question named a topic that then holds only a private one. Through the real
 * endpoint and worker, a real SQLite store, Chroma, the Discord and Ollama stand-ins.
 */
import { describe, expect, it } from 'vitest';
import {
  ask,
  buttonPress,
  command,
  type FixtureMessage,
  finalContent,
  G,
  type Harness,
  seedGuilds,
  startHarness,
} from './harness';

const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const SEND = 1n << 11n;
const MANAGE_GUILD = 1n << 5n;
const MEMBER_PERMS = String(VIEW | HISTORY | SEND);
const MOD_PERMS = String(VIEW | HISTORY | SEND | MANAGE_GUILD);
const RIA = '910000000000000021';
const SAM = '910000000000000022';
const TEO = '910000000000000023';

const FACTS: FixtureMessage[] = [
  { channelId: G.general, content: 'The oven runs at 230 degrees for the sourdough loaves.', minutes: 0 },
  { channelId: G.general, content: 'Aprons are washed on Thursdays in the back room.', minutes: 2 },
  { channelId: G.otherGeneral, content: 'The oven in the second shop runs at 210 degrees.', minutes: 3 },
];

function as<T extends object>(body: T, userId: string, permissions: string): T {
  const member = (body as { member?: { permissions: string; user: { id: string } } }).member;
  if (member) {
    member.permissions = permissions;
    member.user = { ...member.user, id: userId };
  }
  return body;
}

const insights = (
  userId: string,
  permissions: string,
  opts: { days?: number; guildId?: string; channelId?: string } = {},
) =>
  as(
    command('insights', {
      ...(opts.guildId ? { guildId: opts.guildId, channelId: opts.channelId ?? G.otherGeneral } : {}),
      ...(opts.days === undefined ? {} : { options: [{ name: 'days', type: 4, value: opts.days }] }),
    }),
    userId,
    permissions,
  );

async function askAndWait(
  h: Harness,
  text: string,
  userId: string,
  opts: { private?: boolean; guildId?: string; channelId?: string } = {},
) {
  const body = as(
    ask(text, {
      ...(opts.private === undefined ? {} : { private: opts.private }),
      ...(opts.guildId ? { guildId: opts.guildId, channelId: opts.channelId ?? G.otherGeneral } : {}),
    }),
    userId,
    MEMBER_PERMS,
  );
  await h.interact(body);
  return { id: body.id, token: body.token, content: await finalContent(h, body.token, 20_000) };
}

async function grouped(h: Harness) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if ((await h.db.store.insights.toGroup(1)).length === 0) return;
    if (Date.now() > deadline) throw new Error('questions were not grouped');
    h.worker.insights.recorded();
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shown(h: Harness, token: string): Promise<string> {
  let last: { content?: unknown } | undefined;
  await h.discord.waitFor(() => {
    last = h.webhook(token)?.edits.at(-1);
    return typeof last?.content === 'string' && last.content !== '';
  }, 15_000);
  return String(last?.content);
}

async function view(h: Harness, userId: string, opts: Parameters<typeof insights>[2] = {}) {
  const body = insights(userId, MOD_PERMS, opts);
  const res = await h.interact(body);
  expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
  return shown(h, body.token);
}

describe('try-out: insights for a bakery with two shops', () => {
  it('each guild sees only its own questions; topics, gaps, ratings; private texts never shown; days', async () => {
    const h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['It says so [1].'] });

    const oven1 = await askAndWait(h, 'what temperature is the oven for sourdough', RIA);
    // Worded close enough for the stand-in's bag-of-words embeddings (threshold 0.82).
    await askAndWait(h, 'what temperature is the oven for sourdough please', SAM);
    await askAndWait(h, 'what temperature is the oven for sourdough today', TEO, { private: true });
    const apron = await askAndWait(h, 'when are the aprons washed', SAM);
    // Unanswerable, three times: the gap.
    const gap = await askAndWait(h, 'parking permit renewal for delivery vans', RIA);
    expect(gap.content).toMatch(/nothing|couldn/i);
    await askAndWait(h, 'parking permit renewal delivery vans', SAM);
    await askAndWait(h, 'zzyzx salary slip missing', TEO, { private: true });
    // The second shop: its own questions, with a word no answer in the first may show.
    await askAndWait(h, 'oven temperature in the marmalade shop', RIA, { guildId: G.other });
    // Ratings: 👍 on the apron answer, 👎 on the first oven answer.
    await h.interact(as(buttonPress(`fb:${apron.id}:up`), SAM, MEMBER_PERMS));
    await h.interact(as(buttonPress(`fb:${oven1.id}:down`), RIA, MEMBER_PERMS));
    const rated = Date.now() + 10_000;
    for (;;) {
      const c = await h.db.store.answers.ratingCounts(G.guild, 0);
      if ((c.up === 1 && c.down === 1) || Date.now() > rated) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // An old question (40 days ago), for the days option.
    await h.db.store.insights.record({
      id: '980000000000000777',
      guildId: G.guild,
      channelId: G.general,
      userId: SAM,
      kind: 'ask',
      private: false,
      text: 'who bakes the anniversary cake',
      outcome: 'answered',
      detail: '',
      askedAt: Date.now() - 40 * 86_400_000,
      sources: [],
    });
    await grouped(h);

    // A member is refused, in either guild.
    for (const guildId of [undefined, G.other]) {
      const refused = await h.interact(insights(RIA, MEMBER_PERMS, guildId ? { guildId } : {}));
      expect(await refused.json()).toMatchObject({ type: 4, data: { flags: 64 } });
    }

    const a = await view(h, G.moderator);
    expect(a).toMatch(/Questions: \*\*7\*\* \(asked privately: 2\)/);
    expect(a).toMatch(/Answered 4 · nothing found 3/);
    expect(a).toMatch(/“what temperature is the oven for sourdough( please)?” · \*\*3\*\*/);
    const gaps = a.slice(a.indexOf('**Gaps**'));
    expect(gaps).toMatch(/“parking permit renewal( for)? delivery vans” · \*\*2\*\*\/2/);
    expect(a).toMatch(/👍 1/);
    expect(a).toMatch(/👎 1/);
    // Nothing of the other guild, no private text, nothing older than the period.
    for (const hidden of ['marmalade', 'today', 'zzyzx', 'salary', 'anniversary'])
      expect(a).not.toContain(hidden);

    const b = await view(h, G.moderator, { guildId: G.other });
    expect(b).toMatch(/Questions: \*\*1\*\*/);
    expect(b).not.toContain('sourdough');
    expect(b).not.toContain('parking');

    // days: 60 brings the old question in; days: 1 keeps it out.
    const wide = await view(h, G.moderator, { days: 60 });
    expect(wide).toMatch(/Questions: \*\*8\*\*/);
    expect(wide).toContain('anniversary cake');
    const narrow = await view(h, G.moderator, { days: 1 });
    expect(narrow).toMatch(/Questions: \*\*7\*\*/);

    // Nothing the bot sent anywhere carries a private question's words.
    const sent = JSON.stringify([...h.discord.webhookMessages.values()]);
    for (const text of ['zzyzx', 'sourdough today']) expect(sent).not.toContain(text);
  });

  it('after /forget-me of the member whose public question named a topic, a private-only topic stays unnamed', async () => {
    const h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['It says so [1].'] });
    const pub = await askAndWait(h, 'when are the aprons washed', RIA);
    const priv = await askAndWait(h, 'when are the aprons washed again', SAM, { private: true });
    // Ria also asked in the other shop: /forget-me there is not asked for, so it stays.
    const elsewhere = await askAndWait(h, 'oven temperature in the marmalade shop', RIA, {
      guildId: G.other,
    });
    await grouped(h);
    const topic = (await h.db.store.insights.get(pub.id))?.topicId;
    expect((await h.db.store.insights.get(priv.id))?.topicId).toBe(topic);

    const confirm = as(buttonPress(`fm:yes:${RIA}`), RIA, MEMBER_PERMS);
    await h.interact(confirm);
    await h.discord.waitFor(
      () => /removed/i.test(String(h.webhook(confirm.token)?.edits.at(-1)?.content)),
      15_000,
    );
    expect(await h.db.store.insights.get(pub.id)).toBeUndefined();
    expect(await h.db.store.insights.get(elsewhere.id)).toBeDefined();

    const a = await view(h, G.moderator);
    expect(a).toMatch(/Questions: \*\*1\*\* \(asked privately: 1\)/);
    expect(a).not.toContain('aprons');
    expect(a).toContain('(private questions only)');
  });
});
