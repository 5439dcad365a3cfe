/**
 * The peers of the acknowledgement benchmark, each a minimal server on the product's stack (Node,
 * tsx, Hono, @hono/node-server) on a free loopback port, started by bench/processes.ts:
 *   hello:       GET / → "Hello Hono!" (the stack's own ceiling);
 *   verify-node: POST /interactions reads the body, checks the Ed25519 signature with Node's
 *                crypto.verify and a KeyObject made once, answers a PING with PONG;
 *   verify-key:  the same with discord-interactions' verifyKey and a CryptoKey imported once, as
 *                src/http/verify.ts checks it.
 * The key is DISCORD_PUBLIC_KEY. Prints {"port":N} on stdout once listening; stops on SIGTERM.
 */
import { createPublicKey, verify } from 'node:crypto';
import { serve } from '@hono/node-server';
import { verifyKey } from 'discord-interactions';
import { type Context, Hono } from 'hono';
import { importPublicKey } from '../src/http/verify';

const mode = process.argv[2];
const publicKeyHex = process.env.DISCORD_PUBLIC_KEY ?? '';

function listen(app: Hono) {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
}

/** PING → PONG after `check` accepted timestamp + body; 401 otherwise. */
function interactions(check: (body: Uint8Array, signature: string, timestamp: string) => Promise<boolean>) {
  const app = new Hono();
  app.post('/interactions', async (c: Context) => {
    const signature = c.req.header('x-signature-ed25519');
    const timestamp = c.req.header('x-signature-timestamp');
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!signature || !timestamp || !(await check(body, signature, timestamp)))
      return c.json({ error: 'invalid request signature' }, 401);
    const interaction = JSON.parse(Buffer.from(body).toString('utf8')) as { type?: unknown };
    return interaction.type === 1 ? c.json({ type: 1 }) : c.json({ error: 'not a ping' }, 400);
  });
  return app;
}

if (mode === 'hello') {
  const app = new Hono();
  app.get('/', (c) => c.text('Hello Hono!'));
  listen(app);
} else if (mode === 'verify-node') {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') },
    format: 'jwk',
  });
  listen(
    interactions(async (body, signature, timestamp) =>
      verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex')),
    ),
  );
} else if (mode === 'verify-key') {
  const key = await importPublicKey(publicKeyHex);
  listen(interactions((body, signature, timestamp) => verifyKey(body, signature, timestamp, key)));
} else {
  process.stderr.write('usage: serve.ts hello|verify-node|verify-key\n');
  process.exit(2);
}
