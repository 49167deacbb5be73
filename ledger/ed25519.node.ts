import { createPublicKey, verify, type KeyObject } from 'node:crypto';

// A ledger has a handful of keys and a million signatures: import each key once.
const keys = new Map<string, KeyObject | null>();

function keyObject(publicKey: string): KeyObject | null {
  let key = keys.get(publicKey);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'hex').toString('base64url') }, format: 'jwk' });
    } catch {
      key = null;
    }
    if (keys.size < 10_000) keys.set(publicKey, key);
  }
  return key;
}

/** Ed25519 (RFC 8032) verification by node:crypto (OpenSSL). Keys and signatures in hex; the message as UTF-8. */
export function verifyEd25519(publicKey: string, content: string, signature: string): boolean {
  const key = keyObject(publicKey);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(content, 'utf8'), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
