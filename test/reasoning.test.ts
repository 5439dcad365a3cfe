import { Writable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { CUT_OFF_NOTE } from '../src/answering/compose';
import { REASONING_SPENT_BUDGET } from '../src/answering/pipeline';
import { parseSettings } from '../src/config';
import { answerBudget } from '../src/llm/prompt';
import { createLogger } from '../src/log';
import {
  ask,
  command,
  finalContent,
  G,
  type Harness,
  messageCommand,
  modalSubmit,
  seedGuilds,
  startHarness,
} from './harness';
import { runEntry } from './process';
import { tempDir } from './tmp';

const FACTS = [
  { channelId: G.general, content: 'The deploy script is tools/deploy.sh and runs on Fridays', minutes: 1 },
  { channelId: G.general, content: 'Staging lives at staging.example.org behind the VPN', minutes: 2 },
];
const REASONING = 'SECRET-REASONING';

async function started(env: Record<string, string> = {}, log?: ReturnType<typeof createLogger>) {
  const h = await startHarness({ ASK_CACHE_TTL_SECONDS: '0', ...env }, log ? { log } : {});
  for (const m of ['qwen3:8b', 'deepseek-r1:7b', 'gpt-oss:20b']) h.ollama.models.add(m);
  await seedGuilds(h, FACTS);
  return h;
}

/** Every text the bot sent for a token: each edit of the original and each follow-up, in order. */
function everything(h: Harness, token: string): string[] {
  const rec = h.webhook(token);
  return [
    ...(rec?.edits ?? []).map((e) => String(e.content ?? '')),
    ...(rec?.followups ?? []).map((f) => String(f.content ?? '')),
  ];
}

/** The whole final answer: the original, then its follow-up parts (once the last carries the buttons). */
async function wholeAnswer(h: Harness, token: string): Promise<string> {
  await finalContent(h, token, 20_000);
  await h.discord.waitFor(() => {
    const rec = h.webhook(token);
    const last = rec?.followups.at(-1) ?? rec?.original;
    return Array.isArray(last?.components) && last.components.length > 0;
  }, 20_000);
  const rec = h.webhook(token);
  return [rec?.original?.content ?? '', ...(rec?.followups ?? []).map((f) => String(f.content ?? ''))].join(
    '\n',
  );
}

async function answered(h: Harness, i: { token: string }): Promise<string> {
  expect(((await (await h.interact(i)).json()) as { type: number }).type).toBe(5);
  return wholeAnswer(h, i.token);
}

const lastChat = (h: Harness) => h.ollama.chatRequests().at(-1);

describe('an answer cut off at its budget (done_reason "length") says so', () => {
  // OLLAMA_NUM_CTX 1024: the reply's budget is 256 tokens; the stand-in counts one a piece.
  const budget = answerBudget(1024);
  const cases: [string, (i: number) => string, RegExp][] = [
    ['mid-sentence', (i) => (i === 0 ? 'Install Node 20 [1]' : ` then step ${i}`), /then step 255$/],
    ['inside a code block', (i) => (i === 0 ? 'Run this [1]:\n```sh\n' : `echo ${i}\n`), /echo 255\n```$/],
    ['inside a list', (i) => (i === 0 ? 'Steps [1]:\n' : `- step ${i}\n`), /- step 255$/],
    [
      'in a long answer split over several messages',
      (i) => (i === 0 ? 'It goes like this [1].' : ` The deploy runs again and again, part ${i}.`),
      /part 255\.$/,
    ],
  ];
  it.each(cases)(
    '%s: the text stops where the model stopped and one line says it was cut off',
    async (_, piece, end) => {
      const h = await started({ OLLAMA_NUM_CTX: '1024' });
      h.ollama.chatScript = () => ({ chunks: Array.from({ length: budget + 50 }, (_, i) => piece(i)) });
      const q = ask('how do I deploy?');
      const whole = await answered(h, q);
      expect(lastChat(h)?.options?.num_predict).toBe(budget);
      // The line comes right after the last word the model wrote, then the sources.
      const [answer, sources, ...more] = whole.split(CUT_OFF_NOTE);
      expect(more).toEqual([]);
      expect(answer?.trimEnd()).toMatch(end);
      expect(sources?.trimStart()).toMatch(/^\*\*Sources\*\*\n\[1\]/);
      for (const text of everything(h, q.token)) expect(text.length).toBeLessThanOrEqual(2000);
    },
  );

  it('an answer that ended by itself has no such line', async () => {
    const h = await started({ OLLAMA_NUM_CTX: '1024' });
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    expect(await answered(h, ask('where is the deploy script?'))).not.toContain(CUT_OFF_NOTE);
  });

  it('a follow-up and "Ask about this message" say so too', async () => {
    const h = await started({ OLLAMA_NUM_CTX: '1024' });
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    const first = ask('where is the deploy script?');
    await answered(h, first);
    h.ollama.chatScript = () => ({
      chunks: ['And it runs ', ...Array.from({ length: budget + 10 }, () => 'on and ')],
    });
    const follow = await answered(h, modalSubmit(`fq:${first.id}`, 'when does it run?'));
    expect(follow).toContain(`on and\n\n${CUT_OFF_NOTE}`);
    const about = messageCommand({
      id: '1555187776880649999',
      channelId: G.general,
      authorId: G.member,
      content: 'Where does staging live?',
      timestamp: new Date(Date.UTC(2026, 9, 1, 12, 30)).toISOString(),
    });
    expect(await answered(h, about)).toContain(CUT_OFF_NOTE);
  });

  it('npm run ask prints the line after the streamed text', async () => {
    const h = await started({ OLLAMA_NUM_CTX: '1024' });
    h.ollama.chatScript = () => ({
      chunks: ['It is ', ...Array.from({ length: budget + 5 }, () => 'very ')],
    });
    const run = runEntry(
      'scripts/ask.ts',
      ['--guild', G.guild, 'where is the deploy script?'],
      {
        OLLAMA_HOST: h.ollama.url,
        OLLAMA_NUM_CTX: '1024',
        CHROMA_URL: inject('chromaUrl'),
        CHROMA_COLLECTION: h.settings.chroma.collection,
        DATABASE_URL: h.settings.databasePath,
      },
      tempDir(),
    );
    expect((await run.exit).code, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(
      /very *\n+\*\(The answer was cut off here: it reached its length limit\.\)\*\n/,
    );
  });
});

describe('models that reason before answering', () => {
  it('qwen3 by default (OLLAMA_THINK=false): think is turned off and the answer comes at once', async () => {
    const h = await started({ OLLAMA_CHAT_MODEL: 'qwen3:8b' });
    h.ollama.chatScript = () => ({ thinking: [REASONING], chunks: ['It is tools/deploy.sh [1].'] });
    expect(await answered(h, ask('where is the deploy script?'))).toMatch(/^It is tools\/deploy\.sh \[1\]\./);
    expect(lastChat(h)?.think).toBe(false);
  });

  const streams: [string, Record<string, string>, unknown, boolean][] = [
    ['qwen3 with OLLAMA_THINK=true', { OLLAMA_CHAT_MODEL: 'qwen3:8b', OLLAMA_THINK: 'true' }, true, false],
    [
      'deepseek-r1 with OLLAMA_THINK=true',
      { OLLAMA_CHAT_MODEL: 'deepseek-r1:7b', OLLAMA_THINK: 'true' },
      true,
      false,
    ],
    [
      'deepseek-r1 on an Ollama without `think` (inline <think>)',
      { OLLAMA_CHAT_MODEL: 'deepseek-r1:7b', OLLAMA_THINK: 'true' },
      true,
      true,
    ],
    [
      'gpt-oss with OLLAMA_THINK=false (it cannot stop: low)',
      { OLLAMA_CHAT_MODEL: 'gpt-oss:20b' },
      'low',
      false,
    ],
    [
      'gpt-oss with OLLAMA_THINK=high',
      { OLLAMA_CHAT_MODEL: 'gpt-oss:20b', OLLAMA_THINK: 'high' },
      'high',
      false,
    ],
  ];
  it.each(streams)(
    '%s: reasoning longer than the first-token deadline counts as progress and never reaches Discord or the logs',
    async (_, env, think, legacy) => {
      const lines: string[] = [];
      const log = createLogger('info', {
        destination: new Writable({
          write(chunk, _enc, done) {
            lines.push(String(chunk));
            done();
          },
        }),
      });
      const h = await started(
        { ...env, OLLAMA_FIRST_TOKEN_TIMEOUT_MS: '1500', OLLAMA_STALL_TIMEOUT_MS: '1500' },
        log,
      );
      h.ollama.legacyThink = legacy;
      // Reasoning a piece every 100 ms, for 6 s (gpt-oss at low: a third of it, 2 s): longer than both
      // deadlines, never silent for them (15 times the gap, so a loaded machine does not matter).
      h.ollama.chatScript = () => ({
        thinking: Array.from({ length: 60 }, (_, i) => `${REASONING} step ${i}. `),
        chunks: ['It is ', 'tools/deploy.sh [1].'],
        chunkDelayMs: 100,
      });
      const q = ask('where is the deploy script?');
      expect(await answered(h, q)).toMatch(/^It is tools\/deploy\.sh \[1\]\.\n\n\*\*Sources\*\*/);
      if (!legacy) expect(lastChat(h)?.think).toBe(think);
      for (const text of everything(h, q.token)) {
        expect(text).not.toContain(REASONING);
        expect(text).not.toContain('think>');
      }
      // The log line comes right after the final edit.
      await h.discord.waitFor(() => lines.some((l) => l.includes('"outcome":"answered"')), 10_000);
      expect(lines.join('')).not.toContain(REASONING);
    },
  );

  it.each([
    ['qwen3', { OLLAMA_CHAT_MODEL: 'qwen3:8b', OLLAMA_THINK: 'true' }],
    ['gpt-oss', { OLLAMA_CHAT_MODEL: 'gpt-oss:20b', OLLAMA_THINK: 'high' }],
  ])('%s that spends its whole budget reasoning says so plainly, with the sources', async (_, env) => {
    const h = await started({ ...env, OLLAMA_NUM_CTX: '2048' });
    expect(answerBudget(2048, true)).toBe(1024);
    h.ollama.chatScript = () => ({
      thinking: Array.from({ length: 3000 }, () => `${REASONING} `),
      chunks: ['never reached'],
    });
    const whole = await answered(h, ask('where is the deploy script?'));
    expect(lastChat(h)?.options?.num_predict).toBe(1024);
    expect(whole).toContain(`(${REASONING_SPENT_BUDGET})`);
    expect(whole).toContain('tools/deploy.sh');
    expect(whole).not.toContain(REASONING);
    expect(whole).not.toContain('empty answer');
  });

  it('a model that cannot reason, with OLLAMA_THINK=true, is asked again without think', async () => {
    const h = await started({ OLLAMA_THINK: 'true' });
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
    expect(await answered(h, ask('where is the deploy script?'))).toMatch(/^It is tools\/deploy\.sh/);
    const sent = h.ollama.chatRequests();
    expect(sent.map((r) => r.think)).toEqual([true, undefined]);
    expect(await answered(h, ask('where is the deploy script, again?'))).toMatch(/^It is/);
    expect(h.ollama.chatRequests().at(-1)?.think).toBeUndefined();
  });

  it.each([
    ['qwen3:8b', 'false', 'reasons before answering: reasoning off (OLLAMA_THINK=false)'],
    ['qwen3:8b', 'true', 'reasons before answering: reasoning on (OLLAMA_THINK=true)'],
    ['gpt-oss:20b', 'false', 'reasoning set to low (this model cannot turn it off; OLLAMA_THINK=false)'],
    ['llama3.2:3b', 'true', 'does not reason'],
  ])('/status says whether %s reasons (OLLAMA_THINK=%s)', async (model, think, line) => {
    const h = await started({ OLLAMA_CHAT_MODEL: model, OLLAMA_THINK: think });
    const status = command('status');
    await h.interact(status);
    expect(await finalContent(h, status.token, 5000)).toContain(`Chat model \`${model}\`: present`);
    expect(h.webhook(status.token)?.original?.content).toContain(line);
  });
});

describe('both models stay loaded (OLLAMA_KEEP_ALIVE)', () => {
  it.each([
    [undefined, '30m', '30m'],
    ['-1', -1, 'for ever'],
    ['2h', '2h', '2h'],
    ['3600', 3600, '3600 s'],
  ])(
    'OLLAMA_KEEP_ALIVE=%s: chat and embedding requests ask for %s, and /status shows what is loaded',
    async (setting, sent, shown) => {
      const h = await started(setting === undefined ? {} : { OLLAMA_KEEP_ALIVE: setting });
      h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'] });
      await answered(h, ask('where is the deploy script?'));
      const embeds = h.ollama.requests.filter((r) => r.path === '/api/embed');
      expect(embeds.length).toBeGreaterThan(0);
      for (const r of embeds) expect((r.body as { keep_alive?: unknown }).keep_alive).toEqual(sent);
      expect(lastChat(h)?.keep_alive).toEqual(sent);
      const status = command('status');
      await h.interact(status);
      const content = await finalContent(h, status.token, 5000);
      expect(content).toContain(`Models kept loaded after use: ${shown} (OLLAMA_KEEP_ALIVE)`);
      expect(content).toMatch(
        /✅ Chat model `llama3\.2:3b`: present, loaded \((until [^)]*\d\d:\d\d[^)]*UTC|kept loaded)\)/,
      );
      expect(content).toMatch(/✅ Embedding model `nomic-embed-text`: present, loaded/);
      const loaded = /· loaded: (.*)$/m.exec(content)?.[1] ?? '';
      expect(loaded).toContain('`llama3.2:3b`');
      expect(loaded).toContain('`nomic-embed-text:latest`');
    },
  );

  it.each(['forever', '30 minutes', '1d', ''])(
    'OLLAMA_KEEP_ALIVE=%j other than a duration or seconds is refused, or the default',
    (v) => {
      if (v === '') {
        expect(parseSettings({ OLLAMA_KEEP_ALIVE: v }).ollama.keepAlive).toBe('30m');
        return;
      }
      expect(() => parseSettings({ OLLAMA_KEEP_ALIVE: v })).toThrow(
        /^Setting OLLAMA_KEEP_ALIVE must be a duration/,
      );
    },
  );

  it.each([
    ['HIGH', 'high'],
    ['true', true],
    ['off', undefined],
  ])('OLLAMA_THINK=%s', (v, want) => {
    if (want === undefined) expect(() => parseSettings({ OLLAMA_THINK: v })).toThrow(/OLLAMA_THINK must be/);
    else expect(parseSettings({ OLLAMA_THINK: v }).ollama.think).toBe(want);
  });
});
