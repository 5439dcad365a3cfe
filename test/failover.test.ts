import { describe, expect, it, onTestFinished } from 'vitest';
import { ask, finalContent, G, type Harness, seedGuilds, startHarness } from './harness';
import { ROOT, runEntry } from './process';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';

/** The sentence of an answer the model could not give (sources only). */
const SOURCES_ONLY = /^The language model can't answer right now/;

async function hosts(n: number): Promise<OllamaStandIn[]> {
  const started = await Promise.all(Array.from({ length: n }, () => startOllamaStandIn()));
  onTestFinished(() => Promise.all(started.map((s) => s.close())).then(() => {}));
  return started;
}

/** Chat requests a host has received that have not finished (still streaming, or cut off). */
const unfinished = (s: OllamaStandIn) =>
  s.requests.filter((r) => r.path === '/api/chat' && r.status === undefined).length;

async function until(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function seeded(env: Record<string, string>): Promise<Harness> {
  const h = await startHarness({ ASK_MAX_PER_MEMBER: '100', ASK_CACHE_TTL_SECONDS: '0', ...env });
  await seedGuilds(h, [
    { channelId: G.general, content: 'The deploy script is tools/deploy.sh and runs on Fridays', minutes: 1 },
    { channelId: G.general, content: 'Staging lives at staging.example.org behind the VPN', minutes: 2 },
  ]);
  return h;
}

describe('one Ollama host lost while another is healthy', () => {
  it('76 questions, one of two hosts killed while answers stream on it: all 76 are answered', async () => {
    const [a, b] = await hosts(2);
    if (a === undefined || b === undefined) throw new Error('two hosts');
    const words = ['It ', 'is ', 'tools/deploy.sh ', 'and ', 'it ', 'runs ', 'on ', 'Fridays ', '[1].'];
    for (const s of [a, b]) s.chatScript = () => ({ chunks: words, chunkDelayMs: 40 });
    const h = await seeded({ OLLAMA_HOST: `${a.url},${b.url}` });

    const questions = Array.from({ length: 76 }, (_, i) => ask(`where is the deploy script? (${i})`));
    for (const q of questions)
      expect(((await (await h.interact(q)).json()) as { type: number }).type).toBe(5);
    // Kill the second host while answers stream on it.
    await until(() => unfinished(b) >= 1 && b.chatRequests().length >= 8, 'answers streaming on both hosts');
    const cutOff = unfinished(b);
    b.mode = 'refuse';

    const finals = await Promise.all(questions.map((q) => finalContent(h, q.token, 120_000)));
    const failed = finals.filter((f) => SOURCES_ONLY.test(f));
    process.stdout.write(
      `failover: ${cutOff} answers were streaming on the lost host; ${failed.length} of ${finals.length} ended sources-only\n`,
    );
    expect(cutOff).toBeGreaterThanOrEqual(1);
    expect(failed).toEqual([]);
    expect(
      finals.filter((f) => f.startsWith('It is tools/deploy.sh and it runs on Fridays [1].')),
    ).toHaveLength(76);
  }, 180_000);
});

describe('an Ollama host process killed (SIGKILL) while it streams answers', () => {
  it('every question is answered in full by the other host', async () => {
    const [a] = await hosts(1);
    if (a === undefined) throw new Error('one host');
    const words = Array.from({ length: 30 }, () => 'word ');
    a.chatScript = () => ({ chunks: [...words, '[1].'], chunkDelayMs: 50 });
    const child = runEntry('test/standins/ollama-process.ts', [], {}, ROOT);
    onTestFinished(() => {
      if (child.child.exitCode === null) child.child.kill('SIGKILL');
    });
    await until(() => child.stdout().includes('"url"'), 'the stand-in process to listen', 30_000);
    const url = (JSON.parse(child.stdout().split('\n')[0] ?? '{}') as { url: string }).url;
    const h = await seeded({ OLLAMA_HOST: `${url},${a.url}` });
    const questions = Array.from({ length: 12 }, (_, i) => ask(`where is the deploy script? (${i})`));
    for (const q of questions) await h.interact(q);
    const count = (line: string) =>
      child
        .stdout()
        .split('\n')
        .filter((l) => l === line).length;
    await until(
      () => count('chat start') - count('chat end') >= 1 && count('chat start') >= 2,
      'answers streaming on the process',
    );
    const inFlight = count('chat start') - count('chat end');
    child.child.kill('SIGKILL');
    const finals = await Promise.all(questions.map((q) => finalContent(h, q.token, 120_000)));
    process.stdout.write(
      `failover: ${inFlight} answers were streaming on the killed host; ${finals.filter((f) => SOURCES_ONLY.test(f)).length} of ${finals.length} ended sources-only\n`,
    );
    expect(inFlight).toBeGreaterThanOrEqual(1);
    expect(finals.filter((f) => SOURCES_ONLY.test(f))).toEqual([]);
    expect(finals.every((f) => f.startsWith(`${words.join('')}[1].`))).toBe(true);
  }, 180_000);
});
