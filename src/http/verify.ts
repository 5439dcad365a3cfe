import type { webcrypto } from 'node:crypto';
import type { APIInteraction } from 'discord-api-types/v10';
import { verifyKey } from 'discord-interactions';
import type { MiddlewareHandler } from 'hono';

export const MAX_BODY_BYTES = 1024 * 1024;

export type InteractionEnv = { Variables: { interaction: APIInteraction } };

/** Imports the application's public key once, instead of on every request. */
export async function importPublicKey(hex: string): Promise<webcrypto.CryptoKey> {
  return crypto.subtle.importKey('raw', Buffer.from(hex, 'hex'), { name: 'Ed25519' }, false, ['verify']);
}

/**
 * Reads the body at most `limit` bytes into memory: a declared or actual size above it stops the
 * read at once (undefined is returned).
 */
async function readLimited(req: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) return undefined;
  if (req.body === null) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Discord's request check, before anything else looks at the request: 413 over 1 MiB, 401 for a
 * missing or wrong Ed25519 signature over timestamp + raw body, 400 for a signed body that is not
 * JSON. The parsed interaction is left on the context.
 * https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
export function verifyDiscordRequest(
  publicKey: webcrypto.CryptoKey | string,
): MiddlewareHandler<InteractionEnv> {
  return async (c, next) => {
    const body = await readLimited(c.req.raw, MAX_BODY_BYTES);
    if (body === undefined) return c.json({ error: 'request body too large' }, 413);
    const signature = c.req.header('x-signature-ed25519');
    const timestamp = c.req.header('x-signature-timestamp');
    if (!signature || !timestamp || !(await verifyKey(body, signature, timestamp, publicKey))) {
      return c.json({ error: 'invalid request signature' }, 401);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      return c.json({ error: 'body is not valid JSON' }, 400);
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      typeof (parsed as { type?: unknown }).type !== 'number'
    ) {
      return c.json({ error: 'body is not an interaction' }, 400);
    }
    c.set('interaction', parsed as APIInteraction);
    await next();
  };
}
