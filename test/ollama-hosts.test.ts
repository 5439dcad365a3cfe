import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors';
import type { ChatMessage } from '../src/llm/chat';
import { createOllamaPool, type OllamaPool, type ResilienceOptions } from '../src/llm/hosts';
import { command, finalContent, type Harness, startHarness } from './harness';
import { type OllamaStandIn, type OllamaStandInOptions, startOllamaStandIn } from './standins/ollama';
import { LONE_SURROGATE } from './unicode';

const QUESTION: ChatMessage[] = [{ role: 'user', content: 'Where is the deploy script?' }];
const ANSWER = 'Stand-in answer.'; // the stand-in's default script

let standIns: OllamaStandIn[] = [];
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await Promise.all(standIns.map((s) => s.close()));
  standIns = [];
});

async function standIn(models?: string[], opts: OllamaStandInOptions = {}): Promise<OllamaStandIn> {
  const s = await startOllamaStandIn({ ...opts, ...(models ? { models } : {}) });
  standIns.push(s);
  return s;
}

function pool(
  hosts: OllamaStandIn[],
  resilience: Partial<ResilienceOptions> = {},
  models: { chat?: string; embed?: string; firstTokenTimeoutMs?: number; stallTimeoutMs?: number } = {},
): OllamaPool {
  return createOllamaPool({
    hosts: hosts.map((h) => h.url),
    chatModel: models.chat ?? 'llama3.2:3b',
    embedModel: models.embed ?? 'nomic-embed-text',
    numCtx: 4096,
    timeoutMs: 10_000,
    firstTokenTimeoutMs: models.firstTokenTimeoutMs ?? 10_000,
    ...(models.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: models.stallTimeoutMs }),
    embedTimeoutMs: 10_000,
    resilience: { backoffMs: 1, maxBackoffMs: 5, ...resilience },
  });
}

const chats = (s: OllamaStandIn) => s.chatRequests().length;
const embeds = (s: OllamaStandIn) => s.requests.filter((r) => r.path === '/api/embed').length;

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('Ollama pool: two hosts', () => {
  it('spreads concurrent chats over both hosts and counts the work in flight', async () => {
    const [a, b] = [await standIn(), await standIn()];
    const slow = () => ({ chunks: ['slow', ' answer', '.'], chunkDelayMs: 150 });
    a.chatScript = slow;
    b.chatScript = slow;
    const p = pool([a, b]);
    const n = 8;
    const running = Promise.all(Array.from({ length: n }, () => p.chat.chat(QUESTION)));
    await until(() => chats(a) + chats(b) === n, 'every chat to reach a host');
    const busy = p.hosts();
    expect(busy.map((h) => h.inFlight).reduce((x, y) => x + y)).toBe(n);
    const results = await running;
    expect(results.map((r) => r.text)).toEqual(Array(n).fill('slow answer.'));
    expect(chats(a)).toBeGreaterThanOrEqual(n / 3);
    expect(chats(b)).toBeGreaterThanOrEqual(n / 3);
    expect(p.hosts().map((h) => h.inFlight)).toEqual([0, 0]);
  });

  it('sends an embedding to the host without a chat in flight', async () => {
    const [a, b] = [await standIn(), await standIn()];
    const slow = () => ({ chunks: ['slow', '.'], chunkDelayMs: 300 });
    a.chatScript = slow;
    b.chatScript = slow;
    const p = pool([a, b]);
    const chat = p.chat.chat(QUESTION);
    await until(() => chats(a) + chats(b) === 1, 'the chat to reach a host');
    const [busy, idle] = chats(a) === 1 ? [a, b] : [b, a];
    await p.embedder.embed(['first'], 'query');
    await p.embedder.embed(['second'], 'query');
    expect(embeds(idle)).toBe(2);
    expect(embeds(busy)).toBe(0);
    await chat;
  });

  it('serves everything from the other host while one refuses connections, and takes it back once a probe reaches it', async () => {
    const [a, b] = [await standIn(), await standIn()];
    a.mode = 'refuse';
    const p = pool([a, b], { breakerThreshold: 2, probeIntervalMs: 200 });
    for (let i = 0; i < 4; i++) expect((await p.chat.chat(QUESTION)).text).toBe(ANSWER);
    expect(await p.embedder.embed(['hello'], 'query')).toHaveLength(1);
    expect(chats(b)).toBe(4);
    expect(p.hosts()[0]).toMatchObject({ url: a.url, breaker: 'open', lastError: 'unreachable' });
    expect(p.hosts()[1]).toMatchObject({ url: b.url, breaker: 'closed' });

    a.mode = 'ok';
    // A refused connection is ruled out by the probe itself: the circuit closes without any request.
    await until(() => p.hosts()[0]?.breaker === 'closed', 'a probe to close the circuit');
    expect(chats(a)).toBe(0);
    expect(a.requests.some((r) => r.path === '/api/version')).toBe(true);
    const results = await Promise.all([1, 2, 3, 4].map(() => p.chat.chat(QUESTION)));
    expect(results.every((r) => r.text === ANSWER)).toBe(true);
    expect(chats(a)).toBe(2); // least in flight, ties in turn: both hosts again
    expect(chats(b)).toBe(6);
  });

  it.each([
    ['an error line', { errorAfterChunks: { index: 2, message: 'llama runner process has terminated' } }],
    ['a connection that dies', { dieAfterChunks: 2 }],
    ['a stream that goes silent', { pauseAfterChunks: { index: 2, ms: 10_000 } }],
  ] as const)(
    'restarts a chat that failed mid-stream (%s) on the other host, saying so before the new text',
    async (_, fault) => {
      const [a, b] = [await standIn(), await standIn()];
      a.chatScript = () => ({ chunks: ['The ', 'answer ', 'is'], ...fault });
      const p = pool([a, b], {}, { stallTimeoutMs: 300 });
      const seen: string[] = [];
      // The first request goes to the first host (least in flight, in turn).
      const result = await p.chat.chat(QUESTION, {
        onText: (t) => seen.push(t),
        onRestart: () => seen.push('<restart>'),
      });
      expect(result.text).toBe(ANSWER);
      expect(seen).toEqual(['The ', 'The answer ', '<restart>', 'Stand-in', 'Stand-in answer', ANSWER]);
      expect([chats(a), chats(b)]).toEqual([1, 1]);
      expect(p.hosts()[0]?.lastError).toBeDefined();
    },
  );

  it('fails only when no host can finish the answer, after trying each in every round', async () => {
    const [a, b] = [await standIn(), await standIn()];
    const breaks = () => ({ chunks: ['The ', 'answer ', 'is'], dieAfterChunks: 2 });
    a.chatScript = breaks;
    b.chatScript = breaks;
    const p = pool([a, b], { retries: 1, breakerThreshold: 10 });
    let restarts = 0;
    const err = await failure(p.chat.chat(QUESTION, { onText: () => {}, onRestart: () => restarts++ }));
    expect(err.code).toBe('OLLAMA_UNREACHABLE');
    // Two rounds of both hosts: four attempts, each after the first starting the answer over.
    expect(chats(a) + chats(b)).toBe(4);
    expect(restarts).toBe(3);
  });

  it('moves a chat that failed before its first token to the other host', async () => {
    const [a, b] = [await standIn(), await standIn()];
    a.chatScript = () => ({ chunks: [], errorAfterChunks: { index: 0, message: 'llama runner crashed' } });
    const p = pool([a, b]);
    for (let i = 0; i < 3; i++) expect((await p.chat.chat(QUESTION, { onText: () => {} })).text).toBe(ANSWER);
    expect(chats(b)).toBe(3);
    expect(chats(a)).toBeGreaterThanOrEqual(1);
    expect(p.hosts()[0]?.lastError).toMatch(/^error 500/);
  });

  it.each(['error500', 'gateway502'] as const)(
    'cuts a long error text (%s) on a character, never inside one',
    async (mode) => {
      const a = await standIn();
      a.mode = mode;
      a.errorMessage = `Erreur de passerelle — le serveur amont ne répond pas. ${'😀'.repeat(150)}`;
      const p = pool([a], { retries: 0 });
      const err = await failure(p.chat.chat(QUESTION));
      const texts = [
        err.message,
        String((err.cause as Error | undefined)?.message),
        p.hosts()[0]?.lastError ?? '',
      ];
      for (const text of texts) expect(text).not.toMatch(LONE_SURROGATE);
      expect(p.hosts()[0]?.lastError).toMatch(/^error 50[02]: Erreur de passerelle — .*😀…$/u);
    },
  );

  it('moves a chat whose first token is late to the other host', async () => {
    const [a, b] = [await standIn(), await standIn()];
    a.chatScript = () => ({ chunks: ['late'], firstTokenDelayMs: 5000 });
    const p = pool([a, b], {}, { firstTokenTimeoutMs: 300 });
    const results = await Promise.all([1, 2].map(() => p.chat.chat(QUESTION)));
    expect(results.map((r) => r.text)).toEqual([ANSWER, ANSWER]);
    expect(chats(b)).toBe(2);
    expect(p.hosts()[0]?.lastError).toBe('timeout');
  });

  it('sends a request to the host that has the model, without holding it against the other', async () => {
    const [a, b] = [await standIn(['nomic-embed-text:latest']), await standIn()];
    const p = pool([a, b]);
    for (let i = 0; i < 4; i++) expect((await p.chat.chat(QUESTION)).text).toBe(ANSWER);
    expect(chats(b)).toBe(4);
    expect(p.hosts()[0]).toEqual({ url: a.url, inFlight: 0, breaker: 'closed' });
  });

  it('says the model is missing when no host has it, asking each host once', async () => {
    const [a, b] = [await standIn(['nomic-embed-text:latest']), await standIn(['nomic-embed-text:latest'])];
    const p = pool([a, b]);
    const err = await failure(p.chat.chat(QUESTION));
    expect(err.code).toBe('OLLAMA_MODEL_MISSING');
    expect(err.message).toMatch(/ollama pull llama3\.2:3b/);
    expect([chats(a), chats(b)]).toEqual([1, 1]);
  });

  it('does not retry an embedding input longer than the context, nor hold it against the host', async () => {
    // Ollama 0.13.5 and later refuse such an input with 400 whatever `truncate` says.
    const [x, y] = [
      await standIn(undefined, { embedContextTokens: 20 }),
      await standIn(undefined, { embedContextTokens: 20 }),
    ];
    const p = pool([x, y], { breakerThreshold: 1 });
    const err = await failure(p.embedder.embed(['word '.repeat(200)], 'document'));
    expect(err.code).toBe('OLLAMA_INPUT_REJECTED');
    expect(embeds(x) + embeds(y)).toBe(1);
    expect(p.hosts().map((h) => [h.breaker, h.lastError])).toEqual([
      ['closed', undefined],
      ['closed', undefined],
    ]);
    expect(await p.embedder.embed(['short'], 'document')).toHaveLength(1);
  });

  it('does not retry any other request the host refuses as invalid (4xx)', async () => {
    const models = ['llama3.2:3b', 'mxbai-embed-large:latest'];
    const [a, b] = [await standIn(models), await standIn(models)];
    const p = pool([a, b], { breakerThreshold: 1 }, { embed: 'mxbai-embed-large' });
    // The stand-in answers 400 "invalid input" to an empty input.
    await failure(p.embedder.embed([''], 'document'));
    expect(embeds(a) + embeds(b)).toBe(1);
    expect(p.hosts().map((h) => h.breaker)).toEqual(['closed', 'closed']);
  });
});

describe('Ollama pool: one host (as before the pool)', () => {
  it('retries transient failures with backoff and returns the first success', async () => {
    const a = await standIn();
    let calls = 0;
    a.chatScript = () =>
      ++calls < 3
        ? { chunks: [], errorAfterChunks: { index: 0, message: 'overloaded' } }
        : { chunks: ['ok'] };
    const p = pool([a], { retries: 2 });
    expect((await p.chat.chat(QUESTION)).text).toBe('ok');
    expect(chats(a)).toBe(3);
  });

  it('gives up after the last retry', async () => {
    const a = await standIn();
    a.mode = 'error500';
    const p = pool([a], { retries: 2, breakerThreshold: 10 });
    expect((await failure(p.chat.chat(QUESTION))).code).toBe('OLLAMA_FAILED');
    expect(chats(a)).toBe(3);
  });

  it('does not retry what a retry cannot fix', async () => {
    const a = await standIn(['nomic-embed-text:latest']);
    const p = pool([a], { retries: 2 });
    expect((await failure(p.chat.chat(QUESTION))).code).toBe('OLLAMA_MODEL_MISSING');
    expect(chats(a)).toBe(1);
  });

  it('opens the circuit after the threshold, then fails at once with a sentence that says so', async () => {
    const a = await standIn();
    a.mode = 'error500';
    const p = pool([a], { retries: 2, breakerThreshold: 5, probeIntervalMs: 60_000 });
    await failure(p.chat.chat(QUESTION)); // three attempts
    const second = await failure(p.chat.chat(QUESTION)); // two more open the circuit
    expect(chats(a)).toBe(5);
    expect(second.code).toBe('OLLAMA_UNREACHABLE');
    expect(second.message).toBe(
      `Ollama at ${a.url} failed repeatedly; calls are paused until it answers again, probed every 60000 ms (circuit open).`,
    );
    expect(second.userMessage).toMatch(/not responding/);
    const third = await failure(p.embedder.embed(['x'], 'query'));
    expect(third.message).toMatch(/circuit open/);
    expect(chats(a)).toBe(5);
    expect(embeds(a)).toBe(0);
    expect(p.hosts()[0]).toMatchObject({
      breaker: 'open',
      lastError: 'error 500: llama runner process has terminated',
    });
  });

  it('reopens the circuit when the trial request fails, and closes it when one succeeds', async () => {
    const a = await standIn();
    a.mode = 'error500';
    const p = pool([a], { retries: 0, breakerThreshold: 1, probeIntervalMs: 100 });
    await failure(p.chat.chat(QUESTION));
    expect(p.hosts()[0]?.breaker).toBe('open');
    // Ollama answers its probe, but its runner failed: only a real request can tell it works again.
    await until(() => p.hosts()[0]?.breaker === 'half-open', 'a probe to let a trial through');
    await failure(p.chat.chat(QUESTION));
    expect(chats(a)).toBe(2);
    expect(p.hosts()[0]?.breaker).toBe('open');
    a.mode = 'ok';
    await until(() => p.hosts()[0]?.breaker === 'half-open', 'a probe to let a trial through');
    expect((await p.chat.chat(QUESTION)).text).toBe(ANSWER);
    expect(p.hosts()[0]?.breaker).toBe('closed');
  });

  it('does not wait for a first token twice on one host', async () => {
    const a = await standIn();
    a.chatScript = () => ({ chunks: ['late'], firstTokenDelayMs: 5000 });
    const p = pool([a], { retries: 2 }, { firstTokenTimeoutMs: 200 });
    expect((await failure(p.chat.chat(QUESTION))).code).toBe('OLLAMA_TIMEOUT');
    expect(chats(a)).toBe(1);
  });
});

describe('/health and /status with two hosts', () => {
  it('name the failing host, and /status gives each host a line', async () => {
    const [a, b] = [await standIn(), await standIn()];
    harness = await startHarness({ OLLAMA_HOST: `${a.url},${b.url}` });
    const healthy = await harness.app.request('/health');
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as { checks: { ollama: string } }).checks.ollama).toBe('ok');

    b.mode = 'refuse';
    const down = await harness.app.request('/health');
    expect(down.status).toBe(503);
    expect(((await down.json()) as { checks: { ollama: string } }).checks.ollama).toBe(
      `${b.url} unreachable`,
    );

    const status = command('status');
    await harness.interact(status);
    const content = await finalContent(harness, status.token, 3000);
    expect(content).toContain(
      `✅ Ollama: reachable at ${a.url} (version 0.12.0, circuit closed, 0 in flight)`,
    );
    expect(content).toContain(`❌ Ollama: unreachable at ${b.url} (circuit closed, 0 in flight)`);

    b.mode = 'hang';
    const hung = await harness.app.request('/health');
    expect(((await hung.json()) as { checks: { ollama: string } }).checks.ollama).toBe(`${b.url} timeout`);
  });
});
