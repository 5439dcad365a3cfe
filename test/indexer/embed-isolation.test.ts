/**
 * One message the embedding model refuses must never block the others (issue 8, kind 9). The
 * Ollama stand-in behaves like Ollama 0.13.5 and later with a small-context embedding model: any
 * input longer than the context gets 400 `the input length exceeds the context length`, for the
 * whole request, whatever `truncate` says.
 */
import { describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/async';
import { isTransientDependency } from '../../src/indexer/failures';
import { createIndexer, type Indexer } from '../../src/indexer/indexer';
import { createOllamaEmbedder } from '../../src/llm/embedder';
import { isTransient } from '../../src/llm/errors';
import { createOllamaClient } from '../../src/llm/ollama';
import { createLogger } from '../../src/log';
import { cutToLength, graphemeBoundaryAtOrBefore } from '../../src/text/cut';
import { startDiscordStandIn } from '../standins/discord';
import { type RecordedOllamaRequest, standInContextTokens, startOllamaStandIn } from '../standins/ollama';
import {
  CH,
  chromaRecords,
  DAY,
  type Fixture,
  G1,
  idAt,
  makeIndexer,
  OWNER,
  onCleanup,
  USERS,
} from './world';

const CONTEXT_TOKENS = 512;
const MODEL = 'nomic-embed-text';
const PREFIX = 'search_document: ';

/**
 * 4,080 UTF-16 units of chat, about 1,260 stand-in tokens. The 6-unit start puts both halving
 * points (2,040 and about 1,018) inside a ZWJ family emoji, so a cut by code units would split it.
 */
function longMessage(): string {
  const unit = 'the deploy failed again because the cache volume filled up 👩‍👩‍👧 ';
  let text = `Note: ${unit.repeat(59)}`;
  text += unit.slice(0, 4080 - text.length);
  return text;
}

/** One letter carrying 4,079 combining marks: a single grapheme cluster, so no cut can shorten it. */
const ZALGO = `Z${'\u0336'.repeat(4079)}`;

interface LogLine {
  level: number;
  msg: string;
  messageId?: string;
}

/** A guild with one channel of 22 messages, the 10th of them `odd`; an indexer whose log is kept. */
async function world(odd: string): Promise<{
  f: Fixture;
  indexer: Indexer;
  prefix: string;
  ids: string[];
  oddId: string;
  logs: LogLine[];
}> {
  const discord = await startDiscordStandIn();
  onCleanup(() => discord.close());
  const ollama = await startOllamaStandIn({ embedContextTokens: CONTEXT_TOKENS });
  onCleanup(() => ollama.close());
  discord.addGuild({ id: G1, ownerId: OWNER, roles: [{ id: G1, permissions: '66560' }] });
  discord.addChannel({ id: CH.general, guildId: G1, type: 0, name: 'general' });
  const expected = new Map<string, { id: string; content: string }[]>();
  const add: Fixture['add'] = (channelId, ms, content, o = {}) => {
    const id = idAt(ms);
    const author = o.author ?? USERS[0] ?? OWNER;
    discord.addMessage(channelId, {
      id,
      authorId: author,
      authorName: 'alice',
      content,
      bot: o.bot === true,
    });
    expected.set(channelId, [...(expected.get(channelId) ?? []), { id, content }]);
    return id;
  };
  const f: Fixture = { discord, ollama, chromaUrl: inject('chromaUrl'), expected, add };
  const t0 = Date.now() - 30 * DAY;
  const ids: string[] = [];
  let oddId = '';
  for (let i = 0; i < 22; i++) {
    const id = add(CH.general, t0 + i * 60_000, i === 9 ? odd : `short message ${i} about the release`);
    ids.push(id);
    if (i === 9) oddId = id;
  }

  // The shared wiring (SQLite, REST, Chroma), and an indexer over it whose log the test reads.
  const h = await makeIndexer(f, { settings: { guildIds: [G1] } });
  const logs: LogLine[] = [];
  const indexer = createIndexer({
    store: h.store,
    rest: h.rest,
    vectors: h.vectors,
    embedder: createOllamaEmbedder(createOllamaClient(ollama.url, 10_000), {
      host: ollama.url,
      model: MODEL,
    }),
    clock: systemClock,
    log: createLogger('info', { destination: { write: (line: string) => logs.push(JSON.parse(line)) } }),
    botUserId: discord.botUserId,
    settings: { guildIds: [G1], channelIds: [], rescanHours: 48, embedBatchSize: 16, embedModel: MODEL },
    tuning: { retryBaseMs: 20 },
  });
  return { f, indexer, prefix: h.prefix, ids, oddId, logs };
}

/** The inputs of one /api/embed request. */
function inputs(r: RecordedOllamaRequest): string[] {
  const input = (r.body as { input?: unknown } | undefined)?.input;
  return Array.isArray(input) ? input.map(String) : typeof input === 'string' ? [input] : [];
}

const embedRequests = (f: Fixture, from = 0) =>
  f.ollama.requests.slice(from).filter((r) => r.path === '/api/embed');

/** True when the string holds a high surrogate without its low one, or the reverse. */
const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('indexer: an input the embedding model refuses', () => {
  it('embeds the other 21, then the long one from its start, halved on grapheme boundaries until it fits', async () => {
    const long = longMessage();
    expect(long.length).toBe(4080);
    expect(standInContextTokens(PREFIX + long)).toBeGreaterThan(CONTEXT_TOKENS);
    // Cuts by code units would split an emoji here: the test would see a lone surrogate.
    expect(graphemeBoundaryAtOrBefore(long, 2040)).toBeLessThan(2040);
    const w = await world(long);

    const s = await w.indexer.run();
    expect(s).toMatchObject({ status: 'ok', messagesNew: 22, messagesEmbedded: 22, failedChannels: [] });
    const records = await chromaRecords(w.f.chromaUrl, w.prefix);
    expect(records.map((r) => r.id).sort()).toEqual([...w.ids].sort());
    // The vector is of the start; the stored, keyword-searched and quoted text stays whole.
    expect(records.find((r) => r.id === w.oddId)?.document).toBe(long);

    // Halving until the model takes it: what the spec says the accepted text must be.
    let fit = long;
    while (standInContextTokens(PREFIX + fit) > CONTEXT_TOKENS)
      fit = cutToLength(fit, Math.floor(fit.length / 2));
    expect(fit.length).toBeLessThan(2040);
    const requests = embedRequests(w.f);
    const accepted = requests.filter((r) => r.status === 200).flatMap(inputs);
    const ofLong = accepted.filter((t) => t.startsWith(`${PREFIX}Note: `));
    expect(ofLong).toEqual([PREFIX + fit]);
    for (const t of requests.flatMap(inputs)) expect(hasLoneSurrogate(t)).toBe(false);
    // Every short message went in with a batch; none was sent alone to find the long one.
    for (let i = 0; i < 22; i++) {
      if (i !== 9) expect(accepted).toContain(`${PREFIX}short message ${i} about the release`);
    }
    // A refusal is never repeated as it is (it is not retried as a transient failure).
    const refused = requests.filter((r) => r.status === 400).map((r) => JSON.stringify(inputs(r)));
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused).size).toBe(refused.length);
    expect(
      w.logs.some(
        (l) => l.level === 30 && l.messageId === w.oddId && l.msg.includes(`first ${fit.length} of 4080`),
      ),
    ).toBe(true);

    // Nothing is left for the next run: it only probes the model.
    const from = w.f.ollama.requests.length;
    const again = await w.indexer.run();
    expect(again).toMatchObject({ status: 'ok', messagesNew: 0, messagesEmbedded: 0 });
    expect(embedRequests(w.f, from).every((r) => r.status === 200)).toBe(true);
    expect(embedRequests(w.f, from).flatMap(inputs)).toEqual([`${PREFIX}dimension probe`]);
  });

  it('skips and names a message that cannot be shortened enough; the next run tries it once and ends the same', async () => {
    expect(cutToLength(ZALGO, 2040)).toBe('');
    const w = await world(ZALGO);

    const s = await w.indexer.run();
    expect(['ok', 'partial']).toContain(s.status);
    expect(s).toMatchObject({ messagesNew: 22, messagesEmbedded: 21 });
    const records = await chromaRecords(w.f.chromaUrl, w.prefix);
    expect(records.map((r) => r.id).sort()).toEqual(w.ids.filter((id) => id !== w.oddId).sort());
    const named = (from: number) =>
      w.logs
        .slice(from)
        .filter(
          (l) =>
            l.level === 40 && l.messageId === w.oddId && l.msg.includes(`message ${w.oddId} not embedded`),
        );
    expect(named(0)).toHaveLength(1);
    expect(named(0)[0]?.msg).toMatch(/the input length exceeds the context length/);

    const from = w.f.ollama.requests.length;
    const logFrom = w.logs.length;
    const again = await w.indexer.run();
    expect(['ok', 'partial']).toContain(again.status);
    expect(again).toMatchObject({ messagesNew: 0, messagesEmbedded: 0 });
    // Once, alone, then named again: no loop within the run, no failure.
    const refused = embedRequests(w.f, from).filter((r) => r.status === 400);
    expect(refused.map(inputs)).toEqual([[PREFIX + ZALGO]]);
    expect(named(logFrom)).toHaveLength(1);
  });

  it('is its own error code: not transient, so neither retried nor charged to a circuit breaker', async () => {
    const ollama = await startOllamaStandIn({ embedContextTokens: CONTEXT_TOKENS });
    onCleanup(() => ollama.close());
    const embedder = createOllamaEmbedder(createOllamaClient(ollama.url, 10_000), {
      host: ollama.url,
      model: MODEL,
    });
    const err = await embedder.embed(['fine', longMessage()], 'document').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'OLLAMA_INPUT_REJECTED' });
    expect((err as Error).message).toContain('the input length exceeds the context length');
    expect(isTransient(err as never)).toBe(false);
    expect(isTransientDependency(err)).toBe(false);
    expect(ollama.requests.filter((r) => r.path === '/api/embed')).toHaveLength(1);
  });
});
