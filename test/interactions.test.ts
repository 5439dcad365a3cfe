import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { NOTHING_FOUND } from '../src/answering/compose';
import { PRIVATE_NOTICE } from '../src/answering/deliver';
import { systemClock } from '../src/async';
import { createLogger } from '../src/log';
import { startWorkerRole } from '../src/roles/worker-role';
import { ask, command, finalContent, G, type Harness, seedGuilds, startHarness } from './harness';
import { until } from './process';
import { createSigner } from './sign';

/** A worker on the harness's database, as a restarted process starts one. */
const restartWorker = (harness: Harness) =>
  startWorkerRole(harness.settings, harness.db, {
    chromaUrl: harness.worker.runtime.raw.vectors.url,
    log: harness.worker.runtime.jobs.log,
    metrics: harness.metrics,
    clock: systemClock,
  });

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const FACTS = [
  {
    channelId: G.general,
    content: 'The deploy script lives in tools/deploy.sh and needs Node 20.',
    minutes: 1,
  },
  { channelId: G.general, content: 'Lunch on Friday is pizza at the usual place.', minutes: 2 },
  {
    channelId: G.mods,
    content: 'The secret ban list for the raid is kept in the moderator vault.',
    minutes: 3,
  },
  {
    channelId: G.otherGeneral,
    content: 'Other guild: the deploy script is deploy-other-guild.sh secretly.',
    minutes: 4,
  },
  { channelId: G.nsfw, content: 'Deploy script gossip from the after dark channel.', minutes: 5 },
];

describe('POST /interactions: the request check', () => {
  it('rejects a missing or wrong signature with 401 and does nothing else', async () => {
    h = await startHarness();
    const body = JSON.stringify(ask('where is the deploy script?'));
    const unsigned = await h.app.request('/interactions', { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    const other = createSigner().sign(body);
    const wrong = await h.app.request('/interactions', { method: 'POST', body, headers: other });
    expect(wrong.status).toBe(401);
    // Tampered body with a signature of the original.
    await new Promise((r) => setTimeout(r, 50));
    expect(h.discord.requests).toHaveLength(0);
    expect(h.ollama.requests).toHaveLength(0);
  });

  it('rejects a body over 1 MiB with 413 before checking anything', async () => {
    h = await startHarness();
    const big = 'x'.repeat(1024 * 1024 + 1);
    const res = await h.app.request('/interactions', { method: 'POST', body: big });
    expect(res.status).toBe(413);
  });

  it('answers a correctly signed body that is not JSON with 400', async () => {
    h = await startHarness();
    for (const raw of ['not json', '{"type": 2,', '']) {
      const res = await h.interactRaw(raw);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'body is not valid JSON' });
    }
    // Valid JSON that is not an interaction is refused too.
    expect((await h.interactRaw('"a string"')).status).toBe(400);
  });

  it('answers PING with PONG as application/json', async () => {
    h = await startHarness();
    const res = await h.interact({ type: 1, id: '1', application_id: '1', token: 't', version: 1 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('answers unknown commands and interaction types with an ephemeral message, never a 500', async () => {
    h = await startHarness();
    for (const body of [
      command('frobnicate'),
      { ...command('ask'), type: 3 },
      { ...command('ask'), type: 5 },
    ]) {
      const res = await h.interact(body);
      expect(res.status).toBe(200);
      const json = (await res.json()) as { type: number; data: { flags: number; content: string } };
      expect(json.type).toBe(4);
      expect(json.data.flags).toBe(64);
      expect(json.data.content.length).toBeGreaterThan(10);
    }
  });

  it('tells a DM user that /ask works in servers only', async () => {
    h = await startHarness();
    const res = await h.interact({ ...ask('hi there', { dm: true }) });
    const json = (await res.json()) as { type: number; data: { content: string; flags: number } };
    expect(json.type).toBe(4);
    expect(json.data.content).toMatch(/servers only/);
  });
});

describe('/ask', () => {
  it("defers at once, then edits @original with a grounded, cited answer from the asker's guild only", async () => {
    h = await startHarness();
    const ids = await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({
      chunks: ['The deploy script is tools/deploy.sh [1]', '. Ping @everyone <@123>!'],
    });
    const interaction = ask('where is the deploy script?');
    const res = await h.interact(interaction);
    expect(await res.json()).toEqual({ type: 5 });
    const content = await finalContent(h, interaction.token);
    expect(content).toContain('The deploy script is tools/deploy.sh [1]');
    expect(content).toContain(
      `https://discord.com/channels/${G.guild}/${G.general}/${ids.get(FACTS[0]?.content ?? '')}`,
    );
    expect(content).not.toMatch(/@everyone(?!\u200b)/);
    for (const edit of h.webhook(interaction.token)?.edits ?? [])
      expect(edit.allowed_mentions).toEqual({ parse: [] });

    const prompt = JSON.stringify(h.ollama.chatRequests()[0]?.messages);
    expect(prompt).toContain('tools/deploy.sh');
    expect(prompt).not.toContain('deploy-other-guild'); // another guild
    expect(prompt).not.toContain('secret ban list'); // a channel the member cannot read
    expect(prompt).not.toContain('after dark'); // NSFW, asked outside an NSFW channel
  });

  it('is ephemeral from the start when private is true', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const res = await h.interact(ask('where is the deploy script?', { private: true }));
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
  });

  it('says nothing was found, without calling the chat model, when nothing relevant exists', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const interaction = ask('quantum chromodynamics lattice gauge');
    await h.interact(interaction);
    expect(await finalContent(h, interaction.token)).toBe(NOTHING_FOUND);
    expect(h.ollama.chatRequests()).toHaveLength(0);
  });

  it('tells the user to run the indexer when the guild has no indexed messages', async () => {
    h = await startHarness();
    await seedGuilds(h, []);
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    expect(await finalContent(h, interaction.token)).toMatch(/not been indexed/);
  });

  it('answers a moderator privately when a source comes from a channel others here cannot read', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['The ban list is in the moderator vault [1].'] });
    const interaction = ask('where is the secret ban list for the raid kept?', {
      userId: G.moderator,
      roles: [G.modRole],
    });
    await h.interact(interaction);
    expect(await finalContent(h, interaction.token)).toBe(PRIVATE_NOTICE);
    await h.discord.waitFor(() =>
      (h.webhook(interaction.token)?.followups ?? []).some((f) =>
        String(f.content).includes('moderator vault'),
      ),
    );
    const followups = h.webhook(interaction.token)?.followups ?? [];
    for (const f of followups) expect(f.flags).toBe(64);
    const publicText = JSON.stringify(h.webhook(interaction.token)?.edits);
    expect(publicText).not.toContain('vault');
  });

  it('streams: edits the reply with the text so far at most about once a second, then the final text', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({
      chunks: Array.from({ length: 12 }, (_, i) => `part${i} `),
      chunkDelayMs: 220,
    });
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    const final = await finalContent(h, interaction.token, 15_000);
    expect(final).toContain('part11');
    const edits = h.discord.requests.filter(
      (r) => r.method === 'PATCH' && r.path.includes(interaction.token),
    );
    expect(edits.length).toBeGreaterThanOrEqual(3); // streamed pieces, then the final edit
    expect(edits.length).toBeLessThanOrEqual(6); // 12 chunks over ~2.6 s: throttled, not one per chunk
    const streamed = edits.slice(0, -1);
    for (let i = 1; i < streamed.length; i++) {
      expect((streamed[i]?.at ?? 0) - (streamed[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    }
  });

  it('splits a 5000-character answer with a code block across messages of at most 2000 characters', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const code = Array.from({ length: 60 }, (_, i) => `echo "step ${i} of the deploy"`).join('\n');
    const prose = 'The deploy works like this. '.repeat(60);
    const answer = `${prose}\n\n\`\`\`bash\n${code}\n\`\`\`\n\n${prose} [1]`;
    expect(answer.length).toBeGreaterThan(4000);
    h.ollama.chatScript = () => ({ chunks: [answer] });
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    await h.discord.waitFor(() => (h.webhook(interaction.token)?.followups.length ?? 0) >= 2);
    const record = h.webhook(interaction.token);
    const parts = [
      String(record?.original?.content),
      ...(record?.followups ?? []).map((f) => String(f.content)),
    ];
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect((p.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    expect(parts.join('\n')).toContain('step 59 of the deploy');
    for (const f of record?.followups ?? []) expect(f.allowed_mentions).toEqual({ parse: [] });
  });

  it('serves an identical question from the cache without calling the model again', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const first = ask('where is the deploy script?');
    await h.interact(first);
    await finalContent(h, first.token);
    const second = ask('Where is the deploy script');
    await h.interact(second);
    expect(await finalContent(h, second.token)).toBe(await finalContent(h, first.token));
    expect(h.ollama.chatRequests()).toHaveLength(1);
  });
});

describe('/ask cache invalidation', () => {
  it('generates again once the index has changed', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const first = ask('where is the deploy script?');
    await h.interact(first);
    await finalContent(h, first.token);
    await seedGuilds(h, [
      { channelId: G.general, content: 'Update: the deploy script moved to tools/ship.sh', minutes: 9 },
    ]);
    const second = ask('where is the deploy script?');
    await h.interact(second);
    await finalContent(h, second.token);
    expect(h.ollama.chatRequests()).toHaveLength(2);
    expect(JSON.stringify(h.ollama.chatRequests()[1]?.messages)).toContain('tools/ship.sh');
  });
});

describe('/ask failures end in a clear final edit', () => {
  const cases: {
    name: string;
    setup: (h: Harness) => void;
    expected: RegExp;
    env?: Record<string, string>;
  }[] = [
    {
      name: 'Ollama refusing connections',
      setup: (x) => (x.ollama.mode = 'refuse'),
      expected: /not responding/i,
    },
    {
      name: 'the chat model not pulled',
      setup: (x) => x.ollama.models.delete('llama3.2:3b'),
      expected: /chat model `llama3\.2:3b` is not installed/,
    },
    {
      name: 'Ollama answering 500',
      setup: (x) => (x.ollama.mode = 'error500'),
      // Every call fails: the host's circuit opens after a few, and the answer says Ollama is not responding.
      expected: /returned an error|not responding/,
    },
    {
      name: 'a model that never sends a token',
      setup: (x) => (x.ollama.chatScript = () => ({ chunks: ['late'], firstTokenDelayMs: 5000 })),
      expected: /too long/,
      env: { OLLAMA_FIRST_TOKEN_TIMEOUT_MS: '500' },
    },
    {
      name: 'Ollama hanging',
      setup: (x) => (x.ollama.mode = 'hang'),
      expected: /too long|not responding|unreachable/,
      env: { EMBED_TIMEOUT_MS: '500', OLLAMA_FIRST_TOKEN_TIMEOUT_MS: '500' },
    },
    {
      name: 'an error in the middle of the stream',
      setup: (x) =>
        (x.ollama.chatScript = () => ({
          chunks: ['a', 'b', 'c'],
          errorAfterChunks: { index: 2, message: 'boom' },
        })),
      expected: /returned an error/,
    },
  ];
  it.each(cases)('$name', async ({ setup, expected, env }) => {
    h = await startHarness(env);
    await seedGuilds(h, FACTS);
    setup(h);
    const interaction = ask('where is the deploy script?');
    const res = await h.interact(interaction);
    expect(res.status).toBe(200);
    const content = await finalContent(h, interaction.token);
    expect(content, content).toMatch(expected);
    expect(content).not.toMatch(/at .*\.ts:\d+|Error:/);
  });

  it('says the bot is busy, at once, when a question would wait longer than ASK_MAX_WAIT_SECONDS', async () => {
    h = await startHarness({ ASK_CONCURRENCY: '1', ASK_MAX_WAIT_SECONDS: '1' });
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['slow', ' answer [1]'], chunkDelayMs: 1500 });
    // One answer measured (about 1.5 s).
    const warm = ask('where is the deploy script?');
    await h.interact(warm);
    expect(await finalContent(h, warm.token)).toContain('slow answer');
    // Recorded as answered (a moment after its final edit), and past the 1 s the figures are reused.
    for (let i = 0; i < 50 && (await h.db.queue.answerStats(G.guild, 0)).served === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1100));
    const first = ask('what is for lunch on friday?');
    await h.interact(first);
    await h.discord.waitFor(() => h.ollama.chatRequests().length === 2);
    // One slot, busy for about 1.5 s: a second question would wait longer than 1 s.
    const second = ask('where is the deploy script, again?', { userId: G.moderator });
    const refused = (await (await h.interact(second)).json()) as {
      type: number;
      data: { content: string; flags: number };
    };
    expect(refused.type).toBe(4);
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toMatch(/busy/);
    expect(await finalContent(h, first.token)).toContain('slow answer');
  });
});

describe('a part of a long answer that Discord does not confirm', () => {
  it('keeps the parts delivered, is not posted twice, and says once that a part may be missing', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: [`${'The deploy story goes on. '.repeat(120)} [1]`] });
    const interaction = ask('tell me everything about the deploy script');
    // Discord stores the first follow-up but answers 500: the client cannot tell it was posted.
    h.discord.failAfterHandling({
      pathIncludes: `/webhooks/${h.discord.applicationId}/${interaction.token}`,
      method: 'POST',
      count: 1,
      status: 500,
    });
    await h.interact(interaction);
    await h.discord.waitFor(() => (h.webhook(interaction.token)?.followups.length ?? 0) >= 2);
    const record = h.webhook(interaction.token);
    expect(String(record?.original?.content)).toContain('The deploy story goes on.');
    const followups = (record?.followups ?? []).map((f) => String(f.content));
    expect(followups[0]).toContain('The deploy story goes on.');
    expect(followups.filter((f) => f.includes('The deploy story goes on.'))).toHaveLength(1);
    expect(followups.at(-1)).toMatch(/may be missing/);
  });
});

describe('/status and /health', () => {
  it('/status defers ephemerally and reports every part within 3 s', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const interaction = command('status');
    const started = Date.now();
    expect(await (await h.interact(interaction)).json()).toEqual({ type: 5, data: { flags: 64 } });
    const content = await finalContent(h, interaction.token, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(content).toMatch(/Ollama: reachable/);
    expect(content).toMatch(/Chat model `llama3\.2:3b`: present/);
    expect(content).toMatch(/Chroma: reachable/);
    expect(content).toMatch(/Messages indexed for this server: 4 in 3 channels/);
  });

  it('/status still answers within 3 s while Ollama hangs', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.mode = 'hang';
    const interaction = command('status');
    const started = Date.now();
    await h.interact(interaction);
    const content = await finalContent(h, interaction.token, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(content).toMatch(/Ollama: timeout/);
  });

  it('GET /health is 200 when all is well and 503 naming the failing part otherwise', async () => {
    h = await startHarness();
    const ok = await h.app.request('/health');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      status: 'ok',
      checks: { database: 'ok', chroma: 'ok', ollama: 'ok' },
    });
    h.ollama.models.delete('nomic-embed-text:latest');
    const missing = await h.app.request('/health');
    expect(missing.status).toBe(503);
    expect(((await missing.json()) as { checks: { ollama: string } }).checks.ollama).toMatch(
      /nomic-embed-text/,
    );
    h.ollama.mode = 'hang';
    const started = Date.now();
    const hung = await h.app.request('/health');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hung.status).toBe(503);
  });
});

describe('robustness', () => {
  it('answers a signed but malformed command with an ephemeral message, not a 500', async () => {
    h = await startHarness();
    const res = await h.interact({ type: 2, id: '1', application_id: '1', token: 't', version: 1 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: number; data: { flags: number } }).data.flags).toBe(64);
  });

  it('on shutdown while the parts of an answer are being sent, each is sent once and the answer is not started over', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const paragraphs = Array.from(
      { length: 4 },
      (_, i) => `Paragraph ${i + 1}: ${'the deploy works like this. '.repeat(60)}`,
    );
    h.ollama.chatScript = () => ({ chunks: [`${paragraphs.join('\n\n')} [1]`] });
    // Discord stores the first follow-up at once but answers it 8 s later.
    h.discord.failAfterHandling({ pathIncludes: '/webhooks/', method: 'POST', count: 1, delayMs: 8000 });
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    await h.discord.waitFor(() => (h.webhook(interaction.token)?.followups.length ?? 0) >= 1, 10_000);
    // The worker asks its jobs to stop after 60 % of the grace (6 s), while that POST is unanswered.
    await h.worker.stop(10_000);
    const parts = () => [
      String(h.webhook(interaction.token)?.original?.content ?? ''),
      ...(h.webhook(interaction.token)?.followups ?? []).map((f) => String(f.content)),
    ];
    // The answer ends: its last part carries the buttons.
    await h.discord
      .waitFor(
        () =>
          (h.webhook(interaction.token)?.followups ?? []).some(
            (f) => Array.isArray(f.components) && f.components.length > 0,
          ),
        10_000,
      )
      .catch((err: unknown) => {
        throw new Error(`${String(err)}\n${JSON.stringify(parts().map((p) => p.slice(0, 40)))}`);
      });
    const restarted = await restartWorker(h);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const sent = parts();
      for (const [i, paragraph] of paragraphs.entries())
        expect(
          sent.filter((p) => p.includes(`Paragraph ${i + 1}:`)),
          paragraph.slice(0, 12),
        ).toHaveLength(1);
      expect(sent.join('\n')).not.toMatch(/restarting|restarted/);
      expect(h.ollama.chatRequests()).toHaveLength(1);
    } finally {
      await restarted.stop(1000);
    }
  });

  it('on shutdown, an answer in flight says so, goes back in line, and is answered after the restart', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: Array.from({ length: 50 }, () => 'slow '), chunkDelayMs: 200 });
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    await h.discord.waitFor(() => (h.webhook(interaction.token)?.edits.length ?? 0) >= 1);
    await h.worker.stop(1000);
    expect(await finalContent(h, interaction.token, 3000)).toMatch(/restarting/);
    // A question asked while no worker runs is still accepted: it waits in the queue.
    const meanwhile = ask('what is for lunch on friday?', { userId: G.moderator });
    expect(await (await h.interact(meanwhile)).json()).toEqual({ type: 5 });
    h.ollama.chatScript = () => ({ chunks: ['After the restart: tools/deploy.sh [1]'] });
    const restarted = await restartWorker(h);
    try {
      await h.discord.waitFor(
        () => String(h.webhook(interaction.token)?.edits.at(-1)?.content ?? '').includes('After the restart'),
        10_000,
      );
      expect(await finalContent(h, meanwhile.token, 10_000)).toContain('After the restart');
    } finally {
      await restarted.stop(1000);
    }
  });
});

describe('GET /metrics', () => {
  it('counts interactions by type and outcome, answers, dependency calls and stored messages', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const interaction = ask('where is the deploy script?');
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    await h.interact(command('frobnicate'));
    // The job counts its outcome just after the final edit reaches Discord: read until it has.
    let res = await h.app.request('/metrics');
    let text = '';
    await until(
      async () => {
        res = await h.app.request('/metrics');
        text = await res.text();
        return /askbot_answers_total\{outcome="answered"\} 1/.test(text);
      },
      10_000,
      () => text,
    );
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(text).toMatch(/askbot_interactions_total\{type="command:ask",outcome="deferred"\} 1/);
    expect(text).toMatch(/askbot_interactions_total\{type="command:unknown",outcome="unknown_command"\} 1/);
    expect(text).toMatch(/askbot_answers_total\{outcome="answered"\} 1/);
    expect(text).toMatch(/askbot_answer_seconds_count 1/);
    expect(text).toMatch(/askbot_dependency_call_seconds_count\{dependency="ollama",operation="chat"\} 1/);
    expect(text).toMatch(/askbot_dependency_call_seconds_count\{dependency="chroma",operation="query"\} 1/);
    expect(text).toMatch(/askbot_messages_stored 5/);
    expect(text).toMatch(/askbot_queue_depth 0/);
  });
});

describe('logs', () => {
  it('carry the interaction id on every line of an /ask and never a token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    h = await startHarness({}, { log: createLogger('debug', { destination: sink }) });
    await seedGuilds(h, FACTS);
    h.ollama.mode = 'error500';
    const interaction = ask('where is the deploy script?');
    const before = lines.length;
    await h.interact(interaction);
    await finalContent(h, interaction.token);
    const mine = lines.slice(before);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const line of mine) {
      const entry = JSON.parse(line) as { interaction?: string };
      expect(entry.interaction).toBe(interaction.id);
      expect(line).not.toContain(interaction.token);
      expect(line).not.toContain(h.discord.botToken);
    }
  });
});
