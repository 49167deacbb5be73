// Properties over random trees: every proof the generator makes verifies, agrees with RFC 6962's
// recursive definitions written out naively here, and fails once any byte of it is changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash, type Hash } from '../../ledger/tlog/merkle-hash.ts';
import { consistencyProof, inclusionProof, treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { splitPoint } from '../../ledger/tlog/tree-math.ts';
import { verifyConsistency, verifyInclusion } from '../../ledger/tlog/verify-proof.ts';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));

function treeOf(hashes: Hash[]): MemoryTree {
  const tree = new MemoryTree();
  for (const h of hashes) tree.append(h);
  return tree;
}

// RFC 6962 §2.1 MTH and §2.1.1 PATH, §2.1.2 PROOF, as the RFC writes them.
function mth(d: Hash[]): Hash {
  if (d.length === 1) return d[0]!;
  const k = splitPoint(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Hash[]): Hash[] {
  if (d.length === 1) return [];
  const k = splitPoint(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: Hash[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = splitPoint(d.length);
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const flip = (bytes: Hash, at: number, bit: number) => {
  const copy = bytes.slice();
  copy[at % copy.length]! ^= 1 << bit;
  return copy;
};

const all = leaves(300);
const whole = treeOf(all);

describe('Merkle proofs over random trees (fast-check)', () => {
  it('inclusion: generated = RFC definition, verifies, and any flipped bit or wrong index fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 7 }), async (size, i, at, bit) => {
        const index = i % size;
        const root = await treeHead(size, whole.source);
        expect(root).toEqual(mth(all.slice(0, size)));
        const proof = await inclusionProof(index, size, whole.source);
        expect(proof).toEqual(path(index, all.slice(0, size)));
        expect(verifyInclusion(index, size, all[index]!, proof, root)).toBe(true);
        expect(verifyInclusion(index, size, flip(all[index]!, at, bit), proof, root)).toBe(false);
        expect(verifyInclusion(index, size, all[index]!, proof, flip(root, at, bit))).toBe(false);
        if (proof.length > 0) {
          const j = at % proof.length;
          expect(verifyInclusion(index, size, all[index]!, proof.map((h, k) => (k === j ? flip(h, at, bit) : h)), root)).toBe(false);
          expect(verifyInclusion(index, size, all[index]!, proof.slice(1), root)).toBe(false);
        }
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, all[index]!, proof, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency: generated = RFC definition, verifies, and any flipped bit or other size fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.nat(), fc.integer({ min: 0, max: 7 }), async (a, b, at, bit) => {
        const [oldSize, newSize] = a <= b ? [a, b] : [b, a];
        const oldRoot = await treeHead(oldSize, whole.source);
        const newRoot = await treeHead(newSize, whole.source);
        const proof = await consistencyProof(oldSize, newSize, whole.source);
        expect(proof).toEqual(oldSize === newSize ? [] : subproof(oldSize, all.slice(0, newSize), true));
        expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
        expect(verifyConsistency(oldSize, newSize, flip(oldRoot, at, bit), newRoot, proof)).toBe(false);
        expect(verifyConsistency(oldSize, newSize, oldRoot, flip(newRoot, at, bit), proof)).toBe(false);
        if (proof.length > 0) {
          const j = at % proof.length;
          expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.map((h, k) => (k === j ? flip(h, at, bit) : h)))).toBe(false);
          expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, proof[0]!])).toBe(false);
        }
        if (oldSize < newSize) expect(verifyConsistency(newSize, oldSize, newRoot, oldRoot, proof)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a tree rewritten anywhere below the old size has no consistency proof from the old checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 100 }), fc.nat(), async (oldSize, grow, changed) => {
        const newSize = oldSize + grow;
        const oldRoot = await treeHead(oldSize, whole.source);
        const forged = all.slice(0, newSize);
        forged[changed % oldSize] = leafHash(new TextEncoder().encode('rewritten'));
        const fork = treeOf(forged);
        const proof = await consistencyProof(oldSize, newSize, fork.source);
        expect(verifyConsistency(oldSize, newSize, oldRoot, await treeHead(newSize, fork.source), proof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
