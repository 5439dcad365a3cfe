import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** A fresh Ed25519 key pair, as a Discord application has; signs requests exactly as Discord does. */
export function createSigner(): {
  publicKeyHex: string;
  sign(body: string, timestamp?: string): Record<string, string>;
} {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const publicKeyHex = Buffer.from(String(jwk.x), 'base64url').toString('hex');
  return {
    publicKeyHex,
    sign: (body, timestamp = String(Math.floor(Date.now() / 1000))) => signWith(privateKey, body, timestamp),
  };
}

function signWith(key: KeyObject, body: string, timestamp: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), key).toString('hex'),
    'x-signature-timestamp': timestamp,
  };
}
