import { sha256 } from '@noble/hashes/sha2.js';

/** A Merkle tree hash: 32 bytes of SHA-256. */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;

/** RFC 6962 §2.1: the hash of the empty tree is SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256(new Uint8Array(0));

/** RFC 6962 §2.1: a leaf's hash, SHA-256(0x00 || data); the prefix keeps leaves and nodes apart. */
export function leafHash(data: Uint8Array): Hash {
  const input = new Uint8Array(1 + data.length);
  input.set(data, 1);
  return sha256(input);
}

/** RFC 6962 §2.1: an inner node's hash, SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** Byte-for-byte equality (hashes here are public: no need for constant time). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
