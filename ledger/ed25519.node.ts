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

// A clone is checked whole at every sync, so one process meets the same signature again and again:
// remember the ones that verified (key and signature → the message they sign). Only an identical
// triple is answered from memory; anything else, and every failure, is verified again.
// Bounded by the messages' total length, so that large or many events never hold much memory.
const verified = new Map<string, string>();
const VERIFIED_CHARS_KEPT = 8_000_000;
let verifiedChars = 0;

/** Ed25519 (RFC 8032) verification by node:crypto (OpenSSL). Keys and signatures in hex; the message as UTF-8. */
export function verifyEd25519(publicKey: string, content: string, signature: string): boolean {
  const remembered = `${publicKey}:${signature}`;
  if (verified.get(remembered) === content) return true;
  const key = keyObject(publicKey);
  if (!key) return false;
  let ok: boolean;
  try {
    ok = verify(null, Buffer.from(content, 'utf8'), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
  if (ok && content.length <= VERIFIED_CHARS_KEPT) {
    if (verifiedChars + content.length > VERIFIED_CHARS_KEPT) {
      verified.clear();
      verifiedChars = 0;
    }
    verified.set(remembered, content);
    verifiedChars += content.length;
  }
  return ok;
}
