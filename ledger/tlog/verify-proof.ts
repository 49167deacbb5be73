import { bytesEqual, EMPTY_ROOT, HASH_SIZE, nodeHash, type Hash } from './merkle-hash.ts';
import { half, isOdd, isPowerOfTwo, isTreeNumber } from './tree-math.ts';

// The verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, step by step; they return false
// rather than throw, whatever they are given. A root is only ever compared, so any length is
// accepted (and cannot match a computed one unless it is 32 bytes); a leaf hash and every proof
// element must be 32 bytes.

const wellFormed = (hashes: readonly Hash[]) => hashes.every((h) => h instanceof Uint8Array && h.length === HASH_SIZE);

/** The root that an inclusion proof implies, or null when it cannot be a proof for (index, size). */
export function rootFromInclusionProof(index: number, size: number, leaf: Hash, proof: readonly Hash[]): Hash | null {
  if (!isTreeNumber(index) || !isTreeNumber(size) || index >= size || !wellFormed([leaf, ...proof])) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** Whether `proof` proves the leaf with hash `leaf` at `index` in the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && bytesEqual(computed, root);
}

/** Whether `proof` proves the tree of `oldSize` leaves (root `oldRoot`) a prefix of the tree of `newSize` (root `newRoot`). */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (!isTreeNumber(oldSize) || !isTreeNumber(newSize) || oldSize > newSize || !wellFormed(proof)) return false;
  // The empty tree (whose root must be SHA-256 of nothing) is a prefix of every tree, with an empty
  // proof (C2SP tlog-witness); equal sizes need nothing but equal roots.
  if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY_ROOT) && (newSize > 0 || bytesEqual(newRoot, EMPTY_ROOT));
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}
