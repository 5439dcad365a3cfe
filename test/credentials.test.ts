import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createLogger } from '../src/log';
import { ask, command, finalContent, G, type Harness, seedGuilds, startHarness } from './harness';
import { type AuthProxy, startAuthProxy } from './standins/auth-proxy';

const PASSWORD = 's@cret:1';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A proxy that asks for `bot` and PASSWORD. */
async function proxy(target = ''): Promise<AuthProxy> {
  const p = await startAuthProxy('bot', PASSWORD, target);
  cleanups.push(() => p.close());
  return p;
}

/** `http://bot:<password>@127.0.0.1:<port>`, the password percent-encoded as a URL needs it. */
const withPassword = (p: AuthProxy, password: string) =>
  `http://bot:${encodeURIComponent(password)}@127.0.0.1:${p.port}`;

/** A harness whose Ollama and Chroma sit behind password-asking proxies, and every log line it wrote. */
async function behindProxies(password: string) {
  const lines: string[] = [];
  const log = createLogger('debug', { destination: { write: (l: string) => lines.push(l) } });
  const ollamaProxy = await proxy();
  const chromaProxy = await proxy(inject('chromaUrl'));
  const h: Harness = await startHarness(
    { OLLAMA_HOST: withPassword(ollamaProxy, password) },
    { chromaUrl: withPassword(chromaProxy, password), log },
  );
  cleanups.push(() => h.close());
  ollamaProxy.target = h.ollama.url;
  return { h, lines, ollamaProxy, chromaProxy };
}

const secretsIn = (text: string) =>
  [PASSWORD, encodeURIComponent(PASSWORD), 'wrong-one'].filter((s) => text.includes(s));

describe('Ollama and Chroma behind a reverse proxy that asks for a password (user:password@ in the URL)', () => {
  it('answers through both with the credentials of their URLs, and never shows the password', async () => {
    const { h, lines, ollamaProxy, chromaProxy } = await behindProxies(PASSWORD);
    await seedGuilds(h, [{ channelId: G.general, content: 'The deploy script lives in tools/deploy.sh' }]);
    const question = ask('where is the deploy script?');
    await h.interact(question);
    const answer = await finalContent(h, question.token);
    expect(answer).toContain('Stand-in answer.');
    expect(answer).toContain(`https://discord.com/channels/${G.guild}/${G.general}/`);
    expect(JSON.stringify(h.ollama.chatRequests().at(-1)?.messages)).toContain('tools/deploy.sh');

    const health = await h.app.request('/health');
    expect(await health.json()).toMatchObject({ checks: { chroma: 'ok', ollama: 'ok' } });
    const status = command('status');
    await h.interact(status);
    const report = await finalContent(h, status.token, 3000);
    expect(report).toContain(`✅ Ollama: reachable at http://127.0.0.1:${ollamaProxy.port} (`);

    expect(ollamaProxy.refused).toBe(0);
    expect(ollamaProxy.passed).toBeGreaterThan(2); // embeddings, the chat, the probes
    expect(chromaProxy.refused).toBe(0);
    expect(chromaProxy.passed).toBeGreaterThan(2);
    expect(secretsIn(`${answer}\n${report}\n${lines.join('')}`)).toEqual([]);
  });

  it('with a wrong password, /health and /status name the hosts but not the password', async () => {
    const console = vi.spyOn(globalThis.console, 'log');
    const { h, lines, ollamaProxy, chromaProxy } = await behindProxies('wrong-one');
    const health = await h.app.request('/health');
    expect(health.status).toBe(503);
    const json = await health.json();
    const body = JSON.stringify(json);
    expect(json).toMatchObject({
      checks: {
        chroma: 'refused credentials',
        ollama: `http://127.0.0.1:${ollamaProxy.port} refused credentials`,
      },
    });
    const status = command('status');
    await h.interact(status);
    const report = await finalContent(h, status.token, 3000);
    expect(report).toContain(`❌ Ollama: refused credentials at http://127.0.0.1:${ollamaProxy.port} (`);
    expect(report).toContain('❌ Chroma: refused credentials');
    expect(ollamaProxy.passed + chromaProxy.passed).toBe(0);
    // The proxy's text answers reach no console (the service's stdout is its JSON log).
    expect(console).not.toHaveBeenCalled();
    expect(secretsIn(`${body}\n${report}\n${lines.join('')}`)).toEqual([]);
  });
});
