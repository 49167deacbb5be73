import { EMPTY_ROOT, nodeHash, type Hash } from './merkle-hash.ts';
import { isTreeNumber, largestPowerOfTwoAtMost, splitPoint } from './tree-math.ts';

/**
 * A perfect subtree: the 2^level leaves from index × 2^level. Every hash a proof or a tree head
 * needs is made of these, so a store keeps them and nothing else (level 0 holds the leaf hashes).
 */
export interface NodeId {
  level: number;
  index: number;
}

/** Where perfect subtrees' hashes come from: an in-memory tree, a database. Answers in the order asked. */
export type NodeSource = (ids: readonly NodeId[]) => Promise<Hash[]>;

/** The leaves [start, end) as the range RFC 6962's recursion meets it: start is a multiple of a power of two ≥ its length. */
type Range = readonly [start: number, end: number];

/** The perfect subtrees that make up a range, left to right (largest first). */
export function rangeNodes(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  for (let at = start; at < end; ) {
    const size = largestPowerOfTwoAtMost(end - at);
    ids.push({ level: Math.log2(size), index: at / size });
    at += size;
  }
  return ids;
}

/** A range's Merkle tree hash from its perfect subtrees' hashes: MTH splits off the largest first, so fold from the right. */
export function foldRange(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  let hash = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[start:end]): the ranges whose hashes prove leaf m, from the leaf up. */
function inclusionRanges(index: number, start: number, end: number, out: Range[]): void {
  if (end - start <= 1) return;
  const k = splitPoint(end - start);
  if (index < start + k) {
    inclusionRanges(index, start, start + k, out);
    out.push([start + k, end]);
  } else {
    inclusionRanges(index, start + k, end, out);
    out.push([start, start + k]);
  }
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:end], b): the ranges proving the first m leaves a prefix. */
function consistencyRanges(m: number, start: number, end: number, complete: boolean, out: Range[]): void {
  const n = end - start;
  if (m === n) {
    if (!complete) out.push([start, end]);
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    consistencyRanges(m, start, start + k, complete, out);
    out.push([start + k, end]);
  } else {
    consistencyRanges(m - k, start + k, end, false, out);
    out.push([start, start + k]);
  }
}

/** The hashes of several ranges, fetched from the source in one call. */
async function rangeHashes(ranges: readonly Range[], source: NodeSource): Promise<Hash[]> {
  const perRange = ranges.map(([start, end]) => rangeNodes(start, end));
  const hashes = await source(perRange.flat());
  if (hashes.length !== perRange.reduce((sum, ids) => sum + ids.length, 0)) throw new Error('node source answered a different number of hashes');
  let at = 0;
  return perRange.map((ids) => foldRange(hashes.slice(at, (at += ids.length))));
}

function assertSizes(condition: boolean, what: string): void {
  if (!condition) throw new RangeError(what);
}

/** The root hash of the tree of the first `size` leaves. */
export async function treeHead(size: number, source: NodeSource): Promise<Hash> {
  assertSizes(isTreeNumber(size), `not a tree size: ${size}`);
  const [root] = await rangeHashes([[0, size]], source);
  return root!;
}

/** The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). */
export async function inclusionProof(index: number, size: number, source: NodeSource): Promise<Hash[]> {
  assertSizes(isTreeNumber(index) && isTreeNumber(size) && index < size, `no leaf ${index} in a tree of ${size}`);
  const ranges: Range[] = [];
  inclusionRanges(index, 0, size, ranges);
  return rangeHashes(ranges, source);
}

/** The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` (RFC 9162 §2.1.4.1); empty when either is trivially consistent. */
export async function consistencyProof(oldSize: number, newSize: number, source: NodeSource): Promise<Hash[]> {
  assertSizes(isTreeNumber(oldSize) && isTreeNumber(newSize) && oldSize <= newSize, `no consistency proof from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const ranges: Range[] = [];
  consistencyRanges(oldSize, 0, newSize, true, ranges);
  return rangeHashes(ranges, source);
}
