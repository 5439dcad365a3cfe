import { createPublicKey, verify } from 'node:crypto';
import { verifyKey } from 'discord-interactions';
import { Hono } from 'hono';
import { type InteractionEnv, importPublicKey, verifyDiscordRequest } from '../src/http/verify';
import { createSigner } from '../test/sign';
import { signedAsk } from './interactions';
import { opsPerSecond, round } from './stats';

export interface SignatureResult {
  /** Node's own crypto.verify (Ed25519, synchronous): the floor. */
  nodeVerifyPerSec: number;
  /** discord-interactions' verifyKey (WebCrypto) with a pre-imported key, one at a time (the middleware checked this way before). */
  verifyKeyPerSec: number;
  /** The same with 64 verifications in flight (WebCrypto runs them off the main thread). */
  verifyKeyConcurrentPerSec: number;
  /** The whole middleware (body read, crypto.verify, JSON parse) through Hono's in-process app.request. */
  middlewarePerSec: number;
  ratioVerifyKeyToNode: number;
  ratioConcurrentToNode: number;
  ratioMiddlewareToNode: number;
}

/** Verifications per second of signed `/ask` bodies: the product's path against Node's own Ed25519. */
export async function benchSignature(opts: { ms: number; applicationId: string }): Promise<SignatureResult> {
  const signer = createSigner();
  const pool = Array.from({ length: 1000 }, (_, n) =>
    signedAsk(signer.sign, `how do I deploy the bot on box ${n}?`, '810000000000000000', opts.applicationId),
  );
  const prepared = pool.map((r) => ({
    raw: Buffer.from(r.body),
    signature: r.headers['x-signature-ed25519'] ?? '',
    timestamp: r.headers['x-signature-timestamp'] ?? '',
    request: r,
  }));
  const nodeKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(signer.publicKeyHex, 'hex').toString('base64url') },
    format: 'jwk',
  });
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    Buffer.from(signer.publicKeyHex, 'hex'),
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  const app = new Hono<InteractionEnv>();
  app.post('/interactions', verifyDiscordRequest(await importPublicKey(signer.publicKeyHex)), (c) =>
    c.json({ type: 1 }),
  );

  // Every path must accept every body, or the figures would measure a failure path.
  for (const p of prepared.slice(0, 10)) {
    const node = verify(
      null,
      Buffer.concat([Buffer.from(p.timestamp), p.raw]),
      nodeKey,
      Buffer.from(p.signature, 'hex'),
    );
    const ours = await verifyKey(p.raw, p.signature, p.timestamp, cryptoKey);
    const res = await app.request('/interactions', {
      method: 'POST',
      body: p.request.body,
      headers: p.request.headers,
    });
    if (!node || !ours || res.status !== 200)
      throw new Error('signature bench: a valid signature was rejected');
  }

  let i = 0;
  const next = () => prepared[i++ % prepared.length] ?? prepared[0];
  const nodeVerifyPerSec = await opsPerSecond(() => {
    const p = next();
    if (p === undefined) return;
    // The same work verifyKey does before verifying: hex-decode the signature, prefix the timestamp.
    verify(null, Buffer.concat([Buffer.from(p.timestamp), p.raw]), nodeKey, Buffer.from(p.signature, 'hex'));
  }, opts.ms);
  const verifyKeyPerSec = await opsPerSecond(() => {
    const p = next();
    return p && verifyKey(p.raw, p.signature, p.timestamp, cryptoKey);
  }, opts.ms);
  const verifyKeyConcurrentPerSec =
    64 *
    (await opsPerSecond(
      () =>
        Promise.all(
          Array.from({ length: 64 }, () => {
            const p = next();
            return p && verifyKey(p.raw, p.signature, p.timestamp, cryptoKey);
          }),
        ),
      opts.ms,
    ));
  const middlewarePerSec = await opsPerSecond(async () => {
    const p = next();
    if (p === undefined) return;
    await app.request('/interactions', { method: 'POST', body: p.request.body, headers: p.request.headers });
  }, opts.ms);

  return {
    nodeVerifyPerSec: round(nodeVerifyPerSec),
    verifyKeyPerSec: round(verifyKeyPerSec),
    verifyKeyConcurrentPerSec: round(verifyKeyConcurrentPerSec),
    middlewarePerSec: round(middlewarePerSec),
    ratioVerifyKeyToNode: round(verifyKeyPerSec / nodeVerifyPerSec),
    ratioConcurrentToNode: round(verifyKeyConcurrentPerSec / nodeVerifyPerSec),
    ratioMiddlewareToNode: round(middlewarePerSec / nodeVerifyPerSec),
  };
}
