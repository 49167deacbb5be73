import { HASH_SIZE, nodeHash, type Hash } from './merkle-hash.ts';
import type { NodeId, NodeSource } from './merkle-proof.ts';

/**
 * A Merkle tree held in memory: every perfect subtree's hash, level by level, each level one
 * growing byte array (a million leaves make two million hashes: 64 MB, not two million objects).
 * For clients, witnesses, tests and benchmarks; the service keeps the same nodes in its database.
 */
export class MemoryTree {
  private readonly levels: { bytes: Uint8Array; count: number }[] = [];

  get size(): number {
    return this.levels[0]?.count ?? 0;
  }

  /** Appends one leaf by its hash, completing every perfect subtree it closes. */
  append(leaf: Hash): void {
    let hash = leaf;
    for (let level = 0; ; level++) {
      const row = (this.levels[level] ??= { bytes: new Uint8Array(HASH_SIZE * 64), count: 0 });
      if (row.bytes.length < (row.count + 1) * HASH_SIZE) {
        const grown = new Uint8Array(row.bytes.length * 2);
        grown.set(row.bytes);
        row.bytes = grown;
      }
      row.bytes.set(hash, row.count * HASH_SIZE);
      row.count++;
      if (row.count % 2 === 1) return;
      hash = nodeHash(this.node(level, row.count - 2), hash);
    }
  }

  node(level: number, index: number): Hash {
    const row = this.levels[level];
    if (!row || index >= row.count) throw new RangeError(`no node ${index} at level ${level} in a tree of ${this.size}`);
    return row.bytes.slice(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  readonly source: NodeSource = async (ids: readonly NodeId[]) => ids.map(({ level, index }) => this.node(level, index));
}
