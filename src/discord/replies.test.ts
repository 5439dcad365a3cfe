import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordStandIn, startDiscordStandIn } from '../../test/standins/discord';
import { AppError } from '../errors';
import { createReplier } from './replies';
import { createInteractionRest } from './rest';

let discord: DiscordStandIn | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  proxy?.close();
  proxy = undefined;
  await discord?.close();
});

const posts = (d: DiscordStandIn) => d.requests.filter((r) => r.method === 'POST').length;
const patches = (d: DiscordStandIn) => d.requests.filter((r) => r.method === 'PATCH').length;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

/** A port with nothing listening on it (connections are refused) until `forwardTo` is called. */
async function closedPort(): Promise<{ apiUrl: string; forwardTo(target: string): Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    async forwardTo(target) {
      const t = new URL(target);
      proxy = createServer((req, res) => {
        const up = request(
          { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        req.pipe(up);
      });
      await new Promise<void>((r) => proxy?.listen(port, '127.0.0.1', r));
    },
  };
}

describe('interaction replies', () => {
  it('are not held to the 50 requests/s global limit, from which Discord exempts them', async () => {
    discord = await startDiscordStandIn();
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), discord.applicationId);
    const started = Date.now();
    // 200 interactions answering at once: with the global limit applied this takes 4 s or more.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => replier.editOriginal(`token-${i}`, { content: `answer ${i}` })),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(discord.webhookMessages.size).toBe(200);
  });

  it('always send allowed_mentions with nothing allowed, edits and follow-ups alike', async () => {
    discord = await startDiscordStandIn();
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), discord.applicationId);
    await replier.editOriginal('t', { content: 'hi @everyone <@123>' });
    const id = await replier.followUp('t', { content: 'more', ephemeral: true });
    await replier.editFollowUp('t', id, { content: 'edited' });
    const bodies = discord.requests.map((r) => r.body as { allowed_mentions?: unknown; flags?: number });
    expect(bodies).toHaveLength(3);
    for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [] });
    expect(bodies[1]?.flags).toBe(64);
    expect(discord.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('never posts a follow-up twice when Discord stores it but answers too late', async () => {
    discord = await startDiscordStandIn();
    const app = discord.applicationId;
    const rest = createInteractionRest({ apiUrl: discord.apiUrl, timeoutMs: 300 });
    discord.failAfterHandling({ pathIncludes: `/webhooks/${app}/slow`, count: 10, delayMs: 1000 });
    const err = await rejection(createReplier(rest, app).followUp('slow', { content: 'part 2' }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('DISCORD_FAILED');
    expect((err as AppError).message).toMatch(/may or may not have been posted/);
    expect((err as AppError).message).not.toContain('slow'); // the interaction token
    expect(discord.webhookMessages.get('slow')?.followups).toHaveLength(1);
    expect(posts(discord)).toBe(1);
  });

  it('never posts a follow-up twice when Discord stores it but answers 500', async () => {
    discord = await startDiscordStandIn();
    const app = discord.applicationId;
    discord.failAfterHandling({ pathIncludes: `/webhooks/${app}/broken`, count: 10, status: 500 });
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), app);
    const err = await rejection(replier.followUp('broken', { content: 'part 2' }));
    expect((err as AppError).message).toMatch(/HTTP 500.*may or may not have been posted/);
    expect(discord.webhookMessages.get('broken')?.followups).toHaveLength(1);
    expect(posts(discord)).toBe(1);
  });

  it('waits out a 429 on a follow-up and posts it once', async () => {
    discord = await startDiscordStandIn();
    const app = discord.applicationId;
    discord.rateLimit({ pathIncludes: `/webhooks/${app}/busy`, count: 1, retryAfterSeconds: 0.05 });
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), app);
    await replier.followUp('busy', { content: 'part 2' });
    expect(discord.webhookMessages.get('busy')?.followups.map((f) => f.content)).toEqual(['part 2']);
    expect(posts(discord)).toBe(2);
  });

  it('sends a follow-up again when the connection was refused, so it never reached Discord', async () => {
    discord = await startDiscordStandIn();
    const port = await closedPort();
    const replier = createReplier(createInteractionRest({ apiUrl: port.apiUrl }), discord.applicationId);
    const sending = replier.followUp('t', { content: 'part 2' });
    // The first attempt finds nothing listening; the proxy to Discord comes up during the backoff.
    await new Promise((r) => setTimeout(r, 100));
    await port.forwardTo(discord.apiUrl);
    expect(await sending).toBe(discord.webhookMessages.get('t')?.followups[0]?.id);
    expect(discord.webhookMessages.get('t')?.followups).toHaveLength(1);
  });

  it('retries an edit that failed with 500, which lands once', async () => {
    discord = await startDiscordStandIn();
    const app = discord.applicationId;
    discord.failNext({ pathIncludes: `/webhooks/${app}/t/messages`, count: 1, status: 500 });
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), app);
    await replier.editOriginal('t', { content: 'the answer' });
    expect(patches(discord)).toBe(2);
    expect(discord.webhookMessages.get('t')?.original?.content).toBe('the answer');
    expect(discord.webhookMessages.get('t')?.edits).toHaveLength(1);
  });

  it('retries an edit that Discord applied but answered 500: the message is the same either way', async () => {
    discord = await startDiscordStandIn();
    const app = discord.applicationId;
    discord.failAfterHandling({ pathIncludes: `/webhooks/${app}/t/messages`, count: 1, status: 500 });
    const replier = createReplier(createInteractionRest({ apiUrl: discord.apiUrl }), app);
    await replier.editOriginal('t', { content: 'the answer' });
    expect(patches(discord)).toBe(2);
    expect(discord.webhookMessages.get('t')?.original?.content).toBe('the answer');
  });
});
