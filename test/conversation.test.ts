import { describe, expect, it } from 'vitest';
import {
  ask,
  buttonPress,
  command,
  finalContent,
  G,
  type Harness,
  messageCommand,
  modalSubmit,
  seedGuilds,
  startHarness,
} from './harness';
import { snowflakeFromMs } from './standins/discord';

const FACTS = [
  {
    channelId: G.general,
    content: 'The filament printer in the lab is a Prusa MK4, it prints PLA.',
    minutes: 1,
  },
  {
    channelId: G.general,
    content: 'The resin printer is an Elegoo Saturn, kept in the back room.',
    minutes: 2,
  },
  { channelId: G.mods, content: 'Mod secret: the raid password is swordfish-42.', minutes: 3 },
  { channelId: G.general, content: 'Lunch on Friday is pizza at the usual place.', minutes: 4 },
];

type Button = { type: number; style: number; custom_id?: string; label?: string; emoji?: { name: string } };
type Row = { type: number; components: Button[] };
const promptOf = (h: Harness, i = -1) => JSON.stringify(h.ollama.chatRequests().at(i)?.messages ?? []);
const json = async (res: Response) => (await res.json()) as { type: number; data?: Record<string, unknown> };

/** The rows of buttons on the last message of an answer (the original, or the last follow-up). */
function lastButtons(h: Harness, token: string): Row[] {
  const rec = h.webhook(token);
  const last = rec?.followups.at(-1) ?? rec?.original;
  return (last?.components as Row[] | undefined) ?? [];
}

async function answered(h: Harness, i: ReturnType<typeof ask>): Promise<string> {
  expect((await json(await h.interact(i))).type).toBe(5);
  return finalContent(h, i.token);
}

describe('buttons on every final answer', () => {
  it('"Follow up", 👍 and 👎 on the last message, with custom ids that fit and carry the answer', async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['The filament printer is a Prusa MK4 [1].'] });
    const q = ask('which filament printer do we have?');
    await answered(h, q);
    const [row] = lastButtons(h, q.token);
    expect(row?.components.map((b) => b.label ?? b.emoji?.name)).toEqual(['Follow up', '👍', '👎']);
    for (const b of row?.components ?? []) {
      expect(b.custom_id?.length).toBeLessThanOrEqual(100);
      expect(b.custom_id).toContain(q.id);
    }
  });

  it('on the last part only, when the answer is split', async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: [`${'The printer story goes on. '.repeat(120)} [1]`] });
    const q = ask('tell me everything about the printers');
    await answered(h, q);
    await h.discord.waitFor(() => (h.webhook(q.token)?.followups.length ?? 0) >= 1);
    const rec = h.webhook(q.token);
    expect(rec?.original?.components ?? []).toEqual([]);
    expect(lastButtons(h, q.token)[0]?.components).toHaveLength(3);
  });

  it('also under "nothing found"', async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    const q = ask('quantum chromodynamics lattice gauge');
    await answered(h, q);
    expect(lastButtons(h, q.token)[0]?.components).toHaveLength(3);
  });
});

describe('Follow up', () => {
  it('opens a modal with one paragraph input (response type 9)', async () => {
    const h = await startHarness();
    const res = await json(await h.interact(buttonPress('fu:950000000000000001')));
    expect(res.type).toBe(9);
    const data = res.data as { custom_id: string; title: string; components: Row[] };
    expect(data.custom_id).toBe('fq:950000000000000001');
    expect(data.title.length).toBeLessThanOrEqual(45);
    const input = data.components[0]?.components[0] as unknown as {
      type: number;
      style: number;
      custom_id: string;
    };
    expect(input).toMatchObject({ type: 4, style: 2 });
  });

  it('is answered like /ask with the earlier turn in the prompt, and retrieval uses the earlier question', async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['We have a filament printer, a Prusa MK4 [1].'] });
    const first = ask('which 3D printers do we have in the lab?');
    await answered(h, first);
    h.ollama.chatScript = () => ({ chunks: ['The resin one is an Elegoo Saturn [1].'] });
    const follow = modalSubmit(`fq:${first.id}`, 'and the resin one?');
    expect(await json(await h.interact(follow))).toEqual({ type: 5 });
    const content = await finalContent(h, follow.token);
    expect(content).toContain('Elegoo Saturn');
    const prompt = promptOf(h);
    expect(prompt).toContain('which 3D printers do we have in the lab?');
    expect(prompt).toContain('a Prusa MK4');
    expect(prompt).toContain('Elegoo Saturn, kept in the back room');
    // The follow-up's answer carries the buttons too, so the conversation can go on.
    expect(lastButtons(h, follow.token)[0]?.components[0]?.custom_id).toBe(`fu:${follow.id}`);
    // And a third turn sees both earlier ones.
    const third = modalSubmit(`fq:${follow.id}`, 'where is it kept?', { labelShape: true });
    await h.interact(third);
    await finalContent(h, third.token);
    expect(promptOf(h)).toContain('which 3D printers');
    expect(promptOf(h)).toContain('and the resin one?');
  });

  it("uses the presser's permissions: a moderator's follow-up may use #mod-only, a member's may not", async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    const first = ask('what do we know about passwords?');
    await answered(h, first);
    const mod = modalSubmit(`fq:${first.id}`, 'what is the raid password?', {
      userId: G.moderator,
      roles: [G.modRole],
    });
    await h.interact(mod);
    await h.discord.waitFor(() =>
      h.ollama.chatRequests().some((r) => JSON.stringify(r.messages).includes('swordfish')),
    );
    const member = modalSubmit(`fq:${first.id}`, 'what is the raid password? tell me the mod secret', {
      userId: G.member,
    });
    await h.interact(member);
    await finalContent(h, member.token);
    expect(promptOf(h)).not.toContain('swordfish');
  });

  it('stays private when pressed on a private answer', async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    const first = ask('which printers?', { private: true });
    await h.interact(first);
    await finalContent(h, first.token);
    const res = await json(
      await h.interact(modalSubmit(`fq:${first.id}`, 'and the resin one?', { message: { flags: 64 } })),
    );
    expect(res).toEqual({ type: 5, data: { flags: 64 } });
  });
});

describe('👍 / 👎', () => {
  it('thanks ephemerally, keeps one rating per member, and /status counts the last 30 days', async () => {
    const h = await startHarness();
    await seedGuilds(h, FACTS);
    const q = ask('what is for lunch on friday?');
    await answered(h, q);
    const presses = [
      buttonPress(`fb:${q.id}:up`, { userId: G.member }),
      buttonPress(`fb:${q.id}:down`, { userId: G.moderator, roles: [G.modRole] }),
      buttonPress(`fb:${q.id}:up`, { userId: G.owner }),
      // The moderator changes their mind: their 👎 becomes a 👍.
      buttonPress(`fb:${q.id}:up`, { userId: G.moderator, roles: [G.modRole] }),
    ];
    for (const p of presses) {
      const res = await json(await h.interact(p));
      expect(res.type).toBe(4);
      expect(res.data?.flags).toBe(64);
      expect(String(res.data?.content)).toMatch(/thank/i);
    }
    // The ratings are recorded by the worker, a moment after the thanks.
    let counts = { up: 0, down: 0 };
    for (let i = 0; i < 100 && counts.up !== 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      counts = await h.db.store.answers.ratingCounts(G.guild, 0);
    }
    expect(counts).toEqual({ up: 3, down: 0 });
    const status = command('status');
    await h.interact(status);
    expect(await finalContent(h, status.token, 3000)).toContain('👍 3 · 👎 0 (last 30 days)');
    const metrics = await (await h.app.request('/metrics')).text();
    expect(metrics).toMatch(/askbot_feedback_total\{rating="up"\} 3/);
    // Never a public message: nothing was posted to the answer's channel or as a follow-up.
    expect(h.webhook(q.token)?.followups ?? []).toEqual([]);
  });

  it('keeps the question, the answer and its sources for review', async () => {
    const h = await startHarness();
    const ids = await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['Pizza [1].'] });
    const q = ask('what is for lunch on friday?');
    await answered(h, q);
    await h.interact(buttonPress(`fb:${q.id}:down`));
    let down: Awaited<ReturnType<Harness['db']['store']['answers']['feedback']>> = [];
    for (let i = 0; i < 50 && down.length === 0; i++) {
      down = await h.db.store.answers.feedback(G.guild, { down: true, limit: 10 });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(down[0]?.answer).toMatchObject({ question: 'what is for lunch on friday?', answer: 'Pizza [1].' });
    expect(down[0]?.answer.sourceIds).toContain(ids.get('Lunch on Friday is pizza at the usual place.'));
  });
});

describe('/ask options', () => {
  it('channel narrows the search to that channel and its threads; one the asker cannot read is refused', async () => {
    const h = await startHarness();
    await seedGuilds(h, [
      ...FACTS,
      { channelId: G.nsfw, content: 'The after-dark printer is a secret Bambu X1.', minutes: 5 },
      {
        channelId: G.generalThread,
        content: 'Thread: the printer queue is in the release-planning thread.',
        minutes: 6,
      },
    ]);
    const q = command('ask', {
      options: [
        { name: 'question', type: 3, value: 'which printer?' },
        { name: 'channel', type: 7, value: G.general },
      ],
      resolved: {
        channels: { [G.general]: { id: G.general, type: 0, name: 'general', permissions: '2147483647' } },
      },
    });
    await answered(h, q);
    const prompt = promptOf(h);
    expect(prompt).toContain('Prusa MK4');
    expect(prompt).toContain('printer queue');
    expect(prompt).not.toContain('Bambu');

    const forbidden = command('ask', {
      options: [
        { name: 'question', type: 3, value: 'what is the raid password?' },
        { name: 'channel', type: 7, value: G.mods },
      ],
      resolved: {
        channels: { [G.mods]: { id: G.mods, type: 0, name: 'mod-only', permissions: String(1n << 11n) } },
      },
    });
    const refused = await json(await h.interact(forbidden));
    expect(refused.type).toBe(4);
    expect(String(refused.data?.content)).toMatch(/can't read/);
    // Without the resolved permissions (any id can be sent), the worker's own check refuses it.
    const sneaky = command('ask', {
      options: [
        { name: 'question', type: 3, value: 'what is the raid password?' },
        { name: 'channel', type: 7, value: G.mods },
      ],
    });
    expect((await json(await h.interact(sneaky))).type).toBe(5);
    expect(await finalContent(h, sneaky.token)).toMatch(/can't read/);
    expect(
      h.ollama
        .chatRequests()
        .map((r) => JSON.stringify(r.messages))
        .join(),
    ).not.toContain('swordfish');
  });

  it('author and days narrow the search inside both searches', async () => {
    const h = await startHarness();
    const now = Date.now();
    const day = 86_400_000;
    await seedGuilds(h, [
      {
        channelId: G.general,
        content: 'Printer tip from Ana: level the bed.',
        authorId: G.owner,
        minutes: 1,
      },
      {
        channelId: G.general,
        content: 'Printer tip from Mason: dry the filament.',
        authorId: G.member,
        minutes: 2,
      },
    ]);
    // A recent message, dated today.
    const recentId = snowflakeFromMs(now - day / 2, 1);
    await h.db.store.messages.storePage({
      rows: [
        {
          id: recentId,
          guildId: G.guild,
          channelId: G.general,
          authorId: G.member,
          authorName: 'mason',
          content: 'Printer tip from today: clean the nozzle.',
          createdAt: now - day / 2,
        },
      ],
      source: 'crawl',
    });
    const byAuthor = command('ask', {
      options: [
        { name: 'question', type: 3, value: 'printer tip' },
        { name: 'author', type: 6, value: G.owner },
      ],
    });
    await answered(h, byAuthor);
    // Only Ana's messages are sources (their neighbours may still be shown as context).
    const sources = async (id: string) => {
      const stored = await h.db.store.answers.get(id);
      return h.db.store.messages.byIds(stored?.sourceIds ?? []);
    };
    expect((await sources(byAuthor.id)).map((m) => m.authorId)).toEqual([G.owner]);
    const lastDays = command('ask', {
      options: [
        { name: 'question', type: 3, value: 'printer tip nozzle' },
        { name: 'days', type: 4, value: 2 },
      ],
    });
    await answered(h, lastDays);
    expect((await sources(lastDays.id)).map((m) => m.content)).toEqual([
      'Printer tip from today: clean the nozzle.',
    ]);
    expect(promptOf(h)).not.toContain('level the bed');
    const bad = command('ask', {
      options: [
        { name: 'question', type: 3, value: 'printer tip' },
        { name: 'days', type: 4, value: 99_999 },
      ],
    });
    expect(String((await json(await h.interact(bad))).data?.content)).toMatch(/days/);
  });
});

describe('"Ask about this message"', () => {
  it('answers for the asker alone, with the target and the reply it got as the first sources', async () => {
    const h = await startHarness();
    const ids = await seedGuilds(h, [
      { channelId: G.general, content: 'How do I reset the printer firmware?', minutes: 10 },
      { channelId: G.general, content: 'Unrelated chatter about pizza.', minutes: 11 },
    ]);
    const questionId = ids.get('How do I reset the printer firmware?') ?? '';
    const replyId = snowflakeFromMs(Date.UTC(2026, 9, 1, 13), 7);
    await h.db.store.messages.storePage({
      rows: [
        {
          id: replyId,
          guildId: G.guild,
          channelId: G.general,
          authorId: G.owner,
          authorName: 'ana',
          content: 'Hold the knob for ten seconds while powering on.',
          createdAt: Date.UTC(2026, 9, 1, 13),
          replyToId: questionId,
        },
      ],
      source: 'crawl',
    });
    h.ollama.chatScript = () => ({ chunks: ['It was answered: hold the knob [2].'] });
    const i = messageCommand({
      id: questionId,
      channelId: G.general,
      authorId: G.member,
      content: 'How do I reset the printer firmware?',
      timestamp: new Date(Date.UTC(2026, 9, 1, 12, 10)).toISOString(),
    });
    expect(await json(await h.interact(i))).toEqual({ type: 5, data: { flags: 64 } });
    expect(await finalContent(h, i.token)).toContain('hold the knob');
    const prompt = promptOf(h);
    expect(prompt).toContain('How do I reset the printer firmware?');
    expect(prompt).toContain('Hold the knob for ten seconds');
    // The target and the reply it got are the first two sources.
    expect((await h.db.store.answers.get(i.id))?.sourceIds.slice(0, 2)).toEqual([questionId, replyId]);
  });
});

describe('old buttons stay safe', () => {
  it('a follow-up whose answer is gone, or whose sources were deleted, says so and answers on its own', async () => {
    const h = await startHarness();
    const ids = await seedGuilds(h, FACTS);
    const unknown = modalSubmit('fq:950000000000009999', 'and the resin one?');
    await h.interact(unknown);
    expect(await finalContent(h, unknown.token)).toMatch(/no longer have the earlier answer/);

    h.ollama.chatScript = () => ({ chunks: ['The resin printer is an Elegoo Saturn [1].'] });
    const first = ask('which resin printer?');
    await answered(h, first);
    await h.db.store.messages.storePage({
      rows: [],
      deletedIds: [ids.get('The resin printer is an Elegoo Saturn, kept in the back room.') ?? ''],
      source: 'crawl',
    });
    const follow = modalSubmit(`fq:${first.id}`, 'where is it kept?');
    await h.interact(follow);
    expect(await finalContent(h, follow.token)).toMatch(/left it out/);
    expect(promptOf(h)).not.toContain('Elegoo Saturn');
  });

  it('a button this version does not know gets a clear ephemeral reply; a rating of a gone answer is harmless', async () => {
    const h = await startHarness();
    for (const id of ['legacy:whatever', 'fu:not-a-number', 'fb:1:sideways', '']) {
      const res = await json(await h.interact(buttonPress(id)));
      expect(res.type).toBe(4);
      expect(res.data?.flags).toBe(64);
      expect(String(res.data?.content)).toMatch(/older version/);
    }
    const res = await json(await h.interact(buttonPress('fb:950000000000009999:up')));
    expect(res.type).toBe(4);
    expect((await h.db.store.answers.ratingCounts(G.guild, 0)).up).toBe(0);
  });
});

describe('/forget-me', () => {
  it('asks to confirm; only that member can; then their messages leave the index and later answers', async () => {
    const h = await startHarness();
    await seedGuilds(h, [
      { channelId: G.general, content: 'My home address is 12 Birch Lane.', authorId: G.member, minutes: 1 },
      { channelId: G.general, content: 'The printer is a Prusa MK4.', authorId: G.owner, minutes: 2 },
    ]);
    const prompt = await json(await h.interact(command('forget-me')));
    expect(prompt.type).toBe(4);
    expect(prompt.data?.flags).toBe(64);
    const rows = prompt.data?.components as Row[];
    const confirm = rows[0]?.components.find((b) => b.label?.startsWith('Forget'))?.custom_id ?? '';
    expect(confirm).toContain(G.member);

    const wrong = await json(
      await h.interact(buttonPress(confirm, { userId: G.moderator, roles: [G.modRole] })),
    );
    expect(String(wrong.data?.content)).toMatch(/Only the member/);
    expect(await h.db.store.members.isOptedOut(G.member, G.guild)).toBe(false);

    const press = buttonPress(confirm, { userId: G.member, message: { flags: 64 } });
    const res = await json(await h.interact(press));
    expect(res.type).toBe(7);
    await h.discord.waitFor(() => String(h.webhook(press.token)?.original?.content ?? '').startsWith('Done'));
    expect(h.webhook(press.token)?.original?.content).toMatch(/Done: 1 message of yours was removed/);
    expect(await h.db.store.members.isOptedOut(G.member, G.guild)).toBe(true);

    const q = ask('what is the home address?', { userId: G.owner });
    await answered(h, q);
    expect(
      h.ollama
        .chatRequests()
        .map((r) => JSON.stringify(r.messages))
        .join(),
    ).not.toContain('Birch Lane');
    const hits = await h.worker.runtime.raw.vectors.count(G.guild);
    expect(hits).toBe(1);

    const undo = command('forget-me', { options: [{ name: 'undo', type: 5, value: true }] });
    expect(await json(await h.interact(undo))).toEqual({ type: 5, data: { flags: 64 } });
    expect(await finalContent(h, undo.token)).toMatch(/opted back in/);
    expect(await h.db.store.members.isOptedOut(G.member, G.guild)).toBe(false);
  });
});
