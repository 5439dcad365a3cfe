/**
 * Issue 21 end to end: signed interactions through the real endpoint and worker, a real SQLite
 * store, the run's Chroma server, the Discord and Ollama stand-ins. Members ask (publicly and
 * privately; answerable and not), rate and forget; a moderator's /insights shows the topics and
 * the gaps, a member's is refused; the weekly digest arrives once with its chart; `npm run
 * insights` exports the same figures. A private question's text never reaches Discord.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../src/insights/chart';
import { CSV_COLUMNS, type InsightsExport } from '../src/insights/export';
import {
  ask,
  buttonPress,
  command,
  type FixtureMessage,
  finalContent,
  G,
  type Harness,
  harnessIndexer,
  seedGuilds,
  startHarness,
} from './harness';
import { runEntry } from './process';
import { tempDir } from './tmp';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const SEND = 1n << 11n;
const MANAGE_GUILD = 1n << 5n;
/** A member's permissions in the channel: read and write, no Manage Server. */
const MEMBER_PERMS = String(VIEW | HISTORY | SEND);
const MOD_PERMS = String(VIEW | HISTORY | SEND | MANAGE_GUILD);
const OTHER = '910000000000000009';

const FACTS: FixtureMessage[] = [
  { channelId: G.general, content: 'The deploy script is tools/deploy.sh and it needs Node 20.', minutes: 0 },
  {
    channelId: G.general,
    content: 'To reset your password open the account page and press reset.',
    minutes: 1,
  },
];

/** An interaction from `userId` with exactly these permissions. */
function as<T extends object>(body: T, userId: string, permissions: string): T {
  const member = (body as { member?: { permissions: string; user: { id: string } } }).member;
  if (member) {
    member.permissions = permissions;
    member.user = { ...member.user, id: userId };
  }
  return body;
}

const insights = (userId: string, permissions: string, days?: number) =>
  as(
    command('insights', days === undefined ? {} : { options: [{ name: 'days', type: 4, value: days }] }),
    userId,
    permissions,
  );

async function askAndWait(harness: Harness, text: string, userId: string, opts: { private?: boolean } = {}) {
  const body = as(ask(text, opts), userId, MEMBER_PERMS);
  const res = await harness.interact(body);
  expect(((await res.json()) as { type: number }).type).toBe(5);
  return { id: body.id, token: body.token, content: await finalContent(harness, body.token, 20_000) };
}

/** Until every recorded question has its topic. */
async function grouped(harness: Harness) {
  await harness.discord.waitFor(() => false, 1).catch(() => {});
  const deadline = Date.now() + 30_000;
  for (;;) {
    if ((await harness.db.store.insights.toGroup(1)).length === 0) return;
    if (Date.now() > deadline) throw new Error('questions were not grouped');
    harness.worker.insights.recorded();
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The last edit of an interaction's original message. */
async function shown(harness: Harness, token: string): Promise<{ content: string; components: unknown[] }> {
  let last: { content?: unknown; components?: unknown } | undefined;
  await harness.discord.waitFor(() => {
    last = harness.webhook(token)?.edits.at(-1);
    return typeof last?.content === 'string' && last.content !== '';
  }, 15_000);
  return { content: String(last?.content), components: (last?.components as unknown[]) ?? [] };
}

/** Every text the bot sent to Discord in this test: interaction replies and channel messages. */
function everythingSent(harness: Harness): string {
  return JSON.stringify([
    ...harness.discord.webhookMessages.values(),
    harness.discord.help.botMessages(G.general),
  ]);
}

describe('insights: what members ask and where the bot falls short', () => {
  it('records every question; a moderator sees topics, gaps, channels and ratings; a member is refused; private texts never shown', async () => {
    h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['The answer is in the notes [1].'] });

    const deploy1 = await askAndWait(h, 'where is the deploy script kept', G.member);
    const deploy2 = await askAndWait(h, 'where is the deploy script please', OTHER);
    // The most typical deploy question is private: it may not name the topic.
    await askAndWait(h, 'where is the deploy script tonight', G.member, { private: true });
    await askAndWait(h, 'how do i reset my password', G.member);
    await askAndWait(h, 'how do i reset my password please', OTHER);
    // Nothing relevant: a gap, asked publicly twice and once privately (its own topic).
    const gap = await askAndWait(h, 'flux capacitor calibration manual', G.member);
    expect(gap.content).toMatch(/nothing|couldn/i);
    await askAndWait(h, 'flux capacitor calibration manual please', OTHER);
    await askAndWait(h, 'quantum chromodynamics lattice gauge', OTHER, { private: true });
    // A 👎 on the second deploy answer.
    await h.interact(as(buttonPress(`fb:${deploy2.id}:down`), G.moderator, MOD_PERMS));
    await h.discord.waitFor(() => false, 1).catch(() => {});
    const rated = Date.now() + 10_000;
    while ((await h.db.store.answers.ratingCounts(G.guild, 0)).down === 0 && Date.now() < rated)
      await new Promise((r) => setTimeout(r, 50));

    // Each question recorded with its kind, outcome and sources.
    expect(await h.db.store.insights.get(deploy1.id)).toMatchObject({
      kind: 'ask',
      outcome: 'answered',
      private: false,
      userId: G.member,
    });
    expect(await h.db.store.insights.get(gap.id)).toMatchObject({ outcome: 'nothing_found' });
    expect(await h.db.store.insights.sourceChannels(G.guild, 0, Date.now() + 1, 5)).toEqual([
      { channelId: G.general, questions: 5 },
    ]);
    await grouped(h);

    // A member without Manage Server is refused, ephemerally, at once.
    const refused = await h.interact(insights(G.member, MEMBER_PERMS));
    expect(await refused.json()).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/Manage Server/) },
    });

    // A moderator: deferred ephemerally, then the report (within Discord's 3 seconds).
    const mod = insights(G.moderator, MOD_PERMS, 30);
    const t0 = performance.now();
    const ack = await h.interact(mod);
    expect(await ack.json()).toEqual({ type: 5, data: { flags: 64 } });
    const view = await shown(h, mod.token);
    const ms = performance.now() - t0;
    console.info(`/insights shown ${Math.round(ms)} ms after the interaction (8 questions)`);
    expect(view.content).toMatch(/Questions: \*\*8\*\* \(asked privately: 2\)/);
    expect(view.content).toMatch(/Answered 5 · nothing found 3/);
    expect(view.content).toMatch(/👎 1/);
    // Topics named by public questions; the private-only topic says so.
    expect(view.content).toMatch(/“where is the deploy script (kept|please)” · \*\*3\*\*/);
    expect(view.content).toMatch(/“how do i reset my password( please)?” · \*\*2\*\*/);
    expect(view.content).toContain('(private questions only)');
    // Gaps: nothing found (2 of 2), the 👎 (1 of 3), the private nothing-found.
    const gaps = view.content.slice(view.content.indexOf('**Gaps**'));
    expect(gaps).toMatch(/“flux capacitor calibration manual( please)?” · \*\*2\*\*\/2/);
    expect(gaps).toMatch(/“where is the deploy script (kept|please)” · \*\*1\*\*\/3: nothing found 0 · 👎 1/);
    expect(view.content).toContain(`<#${G.general}> · **5**`);
    // Private texts are counted, never shown: not here, nor anywhere the bot wrote.
    for (const text of ['tonight', 'chromodynamics']) {
      expect(view.content).not.toContain(text);
    }
    for (const edit of h.webhook(mod.token)?.edits ?? [])
      expect(edit.allowed_mentions).toEqual({ parse: [] });
    // The period is checked.
    const bad = await h.interact(insights(G.moderator, MOD_PERMS, 400));
    expect(((await bad.json()) as { data: { content: string } }).data.content).toMatch(/1 to 365/);
  });

  it('pages long lists with buttons that survive a restart and check the presser again', async () => {
    h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const now = Date.now();
    for (const [i, w] of words.entries()) {
      for (let k = 0; k <= i % 3; k++) {
        await h.db.store.insights.record({
          id: String(980000000000000000n + BigInt(i * 10 + k)),
          guildId: G.guild,
          channelId: G.general,
          userId: G.member,
          kind: 'ask',
          private: false,
          text: `${w} ${w} ${w} question`,
          outcome: 'nothing_found',
          detail: '',
          askedAt: now - 60_000,
          sources: [],
        });
      }
    }
    await grouped(h);
    const first = insights(G.moderator, MOD_PERMS);
    await h.interact(first);
    const page1 = await shown(h, first.token);
    expect(page1.content).toContain('(1–5 of 8)');
    const ids = JSON.stringify(page1.components);
    expect(ids).toContain('"custom_id":"ip:30:1"');
    // The next page, pressed on the message (any process decodes the id): a deferred update.
    const next = as(buttonPress('ip:30:1', { message: { flags: 64 } }), G.moderator, MOD_PERMS);
    const res = await h.interact(next);
    expect(await res.json()).toEqual({ type: 6 });
    const page2 = await shown(h, next.token);
    expect(page2.content).toContain('(6–8 of 8)');
    expect(page2.content).toMatch(/^6\. /m);
    // A member pressing it (the message was shared) is refused.
    const member = await h.interact(as(buttonPress('ip:30:1'), G.member, MEMBER_PERMS));
    expect(((await member.json()) as { data: { content: string } }).data.content).toMatch(/Manage Server/);
  });

  it('/forget-me and retention remove a member’s questions, and the figures follow', async () => {
    h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['The answer is in the notes [1].'] });
    const hers = await askAndWait(h, 'where is the deploy script kept', G.member);
    await askAndWait(h, 'how do i reset my password', G.member, { private: true });
    const his = await askAndWait(h, 'where is the deploy script please', OTHER);
    await grouped(h);
    const topic = (await h.db.store.insights.get(his.id))?.topicId ?? '';
    expect((await h.db.store.insights.topic(topic))?.size).toBe(2);

    const confirm = as(buttonPress(`fm:yes:${G.member}`), G.member, MEMBER_PERMS);
    await h.interact(confirm);
    await h.discord.waitFor(
      () => /Removed|removed/.test(String(h?.webhook(confirm.token)?.edits.at(-1)?.content)),
      15_000,
    );
    expect(await h.db.store.insights.get(hers.id)).toBeUndefined();
    expect((await h.db.store.insights.outcomes(G.guild, 0, Date.now() + 1)).total).toBe(1);
    expect(await h.db.store.insights.topic(topic)).toMatchObject({ size: 1, labelQuestionId: his.id });
    const view = insights(G.moderator, MOD_PERMS);
    await h.interact(view);
    const content = (await shown(h, view.token)).content;
    expect(content).toMatch(/Questions: \*\*1\*\*/);
    expect(content).not.toContain('kept');

    // Retention: an index run with INDEX_RETENTION_DAYS removes older questions too.
    const old = '980000000000000999';
    await h.db.store.insights.record({
      id: old,
      guildId: G.guild,
      channelId: G.general,
      userId: OTHER,
      kind: 'ask',
      private: false,
      text: 'an old question',
      outcome: 'answered',
      detail: '',
      askedAt: Date.now() - 40 * 86_400_000,
      sources: [],
    });
    const indexer = harnessIndexer(h, { guildIds: [G.guild], retentionDays: 30 });
    expect((await indexer.run()).status).not.toBe('failed');
    expect(await h.db.store.insights.get(old)).toBeUndefined();
    expect(await h.db.store.insights.get(his.id)).toBeDefined();
  });

  it('records a question refused as busy at the acknowledgement, off the acknowledgement path', async () => {
    h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off', ASK_MAX_PER_MEMBER: '1' }, { worker: false });
    await seedGuilds(h, FACTS);
    await h.interact(as(ask('where is the deploy script kept'), G.member, MEMBER_PERMS));
    const second = as(ask('how do i reset my password', { private: true }), G.member, MEMBER_PERMS);
    const res = await h.interact(second);
    expect(await res.json()).toMatchObject({ type: 4, data: { flags: 64 } });
    // The grouper's round records it from the queue.
    const deadline = Date.now() + 20_000;
    while ((await h.db.store.insights.get(second.id)) === undefined && Date.now() < deadline) {
      h.worker.insights.recorded();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await h.db.store.insights.get(second.id)).toMatchObject({
      outcome: 'busy',
      detail: 'member_limit',
      private: true,
    });
  });

  it('posts the weekly digest once, with a PNG chart, pinging no one, in the server’s language', async () => {
    h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    h.discord.addGuild({
      id: G.guild,
      ownerId: G.owner,
      roles: [{ id: G.guild, permissions: MEMBER_PERMS }],
      preferredLocale: 'de',
    });
    h.ollama.chatScript = () => ({ chunks: ['The answer is in the notes [1].'] });
    await askAndWait(h, 'where is the deploy script kept', G.member);
    await askAndWait(h, 'where is the deploy script tonight', G.member, { private: true });
    await askAndWait(h, 'flux capacitor calibration manual', OTHER);
    await grouped(h);
    await h.db.store.settings.update(
      G.guild,
      { kind: 'digest', channelId: G.general },
      { userId: G.moderator, at: Date.now() },
    );
    const round = await h.worker.insights.digestNow();
    expect(round).toMatchObject({ sent: [G.guild], failed: [] });
    const again = await h.worker.insights.digestNow();
    expect(again).toMatchObject({ sent: [], skipped: [G.guild] });
    const posted = h.discord.help.botMessages(G.general);
    expect(posted).toHaveLength(1);
    const digest = posted[0];
    expect(digest?.allowedMentions).toEqual({ parse: [] });
    expect(digest?.content).toContain('Einblicke der Woche');
    expect(digest?.content).toMatch(/Fragen: \*\*3\*\*/);
    expect(digest?.content).not.toContain('tonight');
    expect(everythingSent(h)).not.toContain('tonight');
    // The chart: a valid PNG of the expected size, attached to that message.
    const [file] = h.discord.uploads;
    expect(file).toMatchObject({ messageId: digest?.id, filename: 'insights.png', contentType: 'image/png' });
    const png = file?.data ?? Buffer.alloc(0);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
    // Only counts are drawn; the PNG carries no text chunk with a question in it.
    expect(png.toString('latin1')).not.toContain('tonight');
    expect(
      await h.db.store.insights.digest(G.guild, (await import('../src/insights/digest')).isoWeek(Date.now())),
    ).toMatchObject({
      status: 'sent',
      messageId: digest?.id,
    });
  });

  it('npm run insights exports the same figures as a table, CSV and JSON, with public texts only', async () => {
    h = await startHarness({ INSIGHTS_DIGEST_CRON: 'off' });
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['The answer is in the notes [1].'] });
    await askAndWait(h, 'where is the deploy script kept', G.member);
    await askAndWait(h, 'where is the deploy script tonight', G.member, { private: true });
    await askAndWait(h, 'flux capacitor, "calibration" manual', OTHER);
    await grouped(h);
    const env = { DATABASE_URL: h.settings.databasePath };
    const run = async (args: string[]) => {
      const r = runEntry('scripts/insights.ts', ['--guild', G.guild, ...args], env, tempDir());
      expect((await r.exit).code, r.stderr()).toBe(0);
      return r.stdout();
    };
    const json = JSON.parse(await run(['--format', 'json', '--days', '7'])) as InsightsExport;
    expect(json).toMatchObject({
      guildId: G.guild,
      days: 7,
      questions: { total: 3, private: 1, byOutcome: { answered: 2, nothing_found: 1 } },
      channels: [{ channelId: G.general, name: 'general', questions: 2 }],
    });
    expect(json.daily).toHaveLength(8);
    const deployTopic = json.topics.find((t) => t.questions === 2);
    expect(deployTopic?.name).toBe('where is the deploy script kept');
    expect(deployTopic?.publicQuestions.map((q) => q.text)).toEqual(['where is the deploy script kept']);
    expect(json.gaps).toEqual([{ rank: expect.any(Number), topicId: expect.any(String), gaps: 1 }]);

    const csv = await run(['--format', 'csv']);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + json.topics.length);
    expect(csv).toMatch(
      /^1,e\d+,where is the deploy script kept,2,0,0,0,0,0,0,where is the deploy script kept\r$/m,
    );
    // RFC 4180 quoting of a text with a comma and quotes.
    expect(csv).toMatch(
      /^2,e\d+,"flux capacitor, ""calibration"" manual",1,0,1,1,0,0,0,"flux capacitor, ""calibration"" manual"\r$/m,
    );

    const table = await run([]);
    expect(table).toContain('Questions: 3 (1 asked privately)');
    expect(table).toContain('“where is the deploy script kept”');
    for (const out of [JSON.stringify(json), csv, table]) expect(out).not.toContain('tonight');

    const help = runEntry('scripts/insights.ts', ['--help'], env, tempDir());
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toMatch(
      /usage: npm run insights -- --guild GUILD_ID \[--days N\] \[--format table\|csv\|json\]/,
    );
    const bad = runEntry('scripts/insights.ts', ['--guild', G.guild, '--format', 'xml'], env, tempDir());
    expect((await bad.exit).code).toBe(2);
  });
});
