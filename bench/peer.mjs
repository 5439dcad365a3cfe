/**
 * The peers of the benchmarks, each a minimal server on the product's stack (Node, Hono,
 * @hono/node-server, the same node_modules), plain JavaScript started with plain `node` as the
 * product is, on a free loopback port (or PORT):
 *   hello:       GET / → "Hello Hono!" (the stack's own ceiling);
 *   verify-node: POST /interactions reads the body, checks the Ed25519 signature with Node's
 *                crypto.verify and a KeyObject made once, answers a PING with PONG and any other
 *                interaction with a deferral (type 5), recording nothing: the floor of an
 *                acknowledgement;
 *   verify-key:  the same with discord-interactions' verifyKey and a CryptoKey imported once, as
 *                src/http/verify.ts checks it.
 * Every mode also answers GET /health. The key is DISCORD_PUBLIC_KEY. Prints {"port":N} on stdout
 * once listening; stops on SIGTERM.
 */
import { createPublicKey, verify } from 'node:crypto';
import { serve } from '@hono/node-server';
import { verifyKey } from 'discord-interactions';
import { Hono } from 'hono';

const mode = process.argv[2];
const publicKeyHex = process.env.DISCORD_PUBLIC_KEY ?? '';

/** @param {Hono} app */
function listen(app) {
  app.get('/health', (c) => c.json({ status: 'ok' }));
  const server = serve(
    { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' },
    (info) => process.stdout.write(`${JSON.stringify({ port: info.port })}\n`),
  );
  process.once('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
}

/**
 * PING → PONG, any other interaction → deferred, after `check` accepted timestamp + body; 401 otherwise.
 * @param {(body: Uint8Array, signature: string, timestamp: string) => Promise<boolean>} check
 */
function interactions(check) {
  const app = new Hono();
  app.post('/interactions', async (c) => {
    const signature = c.req.header('x-signature-ed25519');
    const timestamp = c.req.header('x-signature-timestamp');
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!signature || !timestamp || !(await check(body, signature, timestamp)))
      return c.json({ error: 'invalid request signature' }, 401);
    const interaction = JSON.parse(Buffer.from(body).toString('utf8'));
    return c.json({ type: interaction.type === 1 ? 1 : 5 });
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
  const key = await crypto.subtle.importKey(
    'raw',
    Buffer.from(publicKeyHex, 'hex'),
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  listen(interactions((body, signature, timestamp) => verifyKey(body, signature, timestamp, key)));
} else {
  process.stderr.write('usage: node bench/peer.mjs hello|verify-node|verify-key\n');
  process.exit(2);
}
