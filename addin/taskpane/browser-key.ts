import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { openDB, type DBSchema } from 'idb';
import { fingerprintOf, type Signer } from '../../ledger/signed-content.ts';

/**
 * The key as kept in IndexedDB. Where the WebView has Ed25519 in WebCrypto, the private key is a
 * non-extractable CryptoKey: no script, the pane's own included, can read its bytes. Elsewhere the
 * 32-byte seed is signed with by @noble/curves, and kept only encrypted by a non-extractable AES-GCM
 * key stored beside it, so that the seed's bytes are never at rest in the clear.
 */
export type StoredKey =
  | { kind: 'webcrypto'; publicKey: string; privateKey: CryptoKey }
  | { kind: 'noble'; publicKey: string; wrappingKey: CryptoKey; iv: Uint8Array; wrappedSeed: ArrayBuffer };

interface KeyDb extends DBSchema {
  keys: { key: string; value: StoredKey };
}

const OWN = 'own';

/** The database holding this user's key, apart per user where Office partitions storage. */
export function keyDatabaseName(partitionKey = ''): string {
  return `${partitionKey}cchc-keys`;
}

export interface BrowserKeyOptions {
  partitionKey?: string;
  /** false: behave as a WebView without Ed25519 in WebCrypto (the @noble/curves way). */
  webCryptoEd25519?: boolean;
}

/**
 * This user's signing key on this computer: read from IndexedDB, made there on first use. Two
 * panes opening at once keep the one stored first.
 */
export async function browserSigner(options: BrowserKeyOptions = {}): Promise<Signer> {
  const db = await openDB<KeyDb>(keyDatabaseName(options.partitionKey), 1, {
    upgrade(database) {
      database.createObjectStore('keys');
    },
  });
  try {
    let stored = await db.get('keys', OWN);
    if (!stored) {
      const made = await newKey(options.webCryptoEd25519 !== false);
      // add, not put: a key another pane stored meanwhile is never replaced.
      await db.add('keys', made, OWN).catch(() => undefined);
      stored = (await db.get('keys', OWN))!;
    }
    return signerOf(stored);
  } finally {
    db.close();
  }
}

async function newKey(tryWebCrypto: boolean): Promise<StoredKey> {
  if (tryWebCrypto) {
    try {
      const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      const publicKey = bytesToHex(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
      return { kind: 'webcrypto', publicKey, privateKey: pair.privateKey };
    } catch {
      // NotSupportedError: this WebView has no Ed25519; the library below does the same work.
    }
  }
  const seed = ed25519.utils.randomSecretKey();
  const wrappingKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrappedSeed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrappingKey, seed);
  const publicKey = bytesToHex(ed25519.getPublicKey(seed));
  seed.fill(0);
  return { kind: 'noble', publicKey, wrappingKey, iv, wrappedSeed };
}

function signerOf(stored: StoredKey): Signer {
  const sign =
    stored.kind === 'webcrypto'
      ? async (content: string) => bytesToHex(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, stored.privateKey, new TextEncoder().encode(content))))
      : async (content: string) => {
          const seed = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: stored.iv as Uint8Array<ArrayBuffer> }, stored.wrappingKey, stored.wrappedSeed));
          try {
            return bytesToHex(ed25519.sign(utf8ToBytes(content), seed));
          } finally {
            seed.fill(0);
          }
        };
  return { publicKey: stored.publicKey, fingerprint: fingerprintOf(stored.publicKey), sign };
}
