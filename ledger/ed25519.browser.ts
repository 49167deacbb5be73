import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

// Synchronous on purpose, like the digest: the chain checker checks one record at a time, and WebCrypto
// only answers in promises. zip215: false keeps RFC 8032's strict rules, as OpenSSL does under Node.

/** Ed25519 (RFC 8032) verification by @noble/curves. Keys and signatures in hex; the message as UTF-8. */
export function verifyEd25519(publicKey: string, content: string, signature: string): boolean {
  try {
    return ed25519.verify(hexToBytes(signature), utf8ToBytes(content), hexToBytes(publicKey), { zip215: false });
  } catch {
    return false;
  }
}
