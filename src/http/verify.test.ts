import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../test/sign';
import { type InteractionEnv, importPublicKey, verifyDiscordRequest, verifySignature } from './verify';

describe('the Ed25519 request check', () => {
  it('accepts the signature of timestamp + body, and nothing else', async () => {
    const signer = createSigner();
    const key = await importPublicKey(signer.publicKeyHex);
    const body = '{"type":1}';
    const headers = signer.sign(body);
    const signature = headers['x-signature-ed25519'] ?? '';
    const timestamp = headers['x-signature-timestamp'] ?? '';
    const bytes = Buffer.from(body);
    expect(verifySignature(key, bytes, signature, timestamp)).toBe(true);
    expect(verifySignature(key, Buffer.from('{"type":2}'), signature, timestamp)).toBe(false);
    expect(verifySignature(key, bytes, signature, `${Number(timestamp) + 1}`)).toBe(false);
    const other = await importPublicKey(createSigner().publicKeyHex);
    expect(verifySignature(other, bytes, signature, timestamp)).toBe(false);
    // Malformed signatures are refused, never thrown: not hex, too short, too long, empty.
    for (const bad of [signature.replace(/./, 'z'), signature.slice(2), `${signature}00`, ''])
      expect(verifySignature(key, bytes, bad, timestamp)).toBe(false);
  });

  it('answers 401 through the middleware for each of those', async () => {
    const signer = createSigner();
    const app = new Hono<InteractionEnv>();
    app.post('/i', verifyDiscordRequest(await importPublicKey(signer.publicKeyHex)), (c) =>
      c.json({ type: 1 }),
    );
    const body = '{"type":1}';
    const good = signer.sign(body);
    expect((await app.request('/i', { method: 'POST', body, headers: good })).status).toBe(200);
    const forged = { ...good, 'x-signature-ed25519': 'ab'.repeat(32) };
    expect((await app.request('/i', { method: 'POST', body, headers: forged })).status).toBe(401);
    expect((await app.request('/i', { method: 'POST', body: '{"type":2}', headers: good })).status).toBe(401);
  });
});
