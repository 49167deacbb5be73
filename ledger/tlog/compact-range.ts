import { nodeHash, type Hash } from './merkle-hash.ts';
import { foldRange, rangeNodes, type NodeId } from './merkle-proof.ts';

export interface StoredNode extends NodeId {
  hash: Hash;
}

/**
 * The right edge of a tree: the perfect subtrees that make up its leaves [0, size), which is all
 * that appending needs. Each append returns the nodes it completes (the leaf, then each parent it
 * closes), for a store to keep.
 */
export class CompactRange {
  private readonly nodes: StoredNode[];

  /** From a tree's size and the hashes of rangeNodes(0, size), in that order. */
  constructor(
    private treeSize: number,
    hashes: readonly Hash[],
  ) {
    const ids = rangeNodes(0, treeSize);
    if (ids.length !== hashes.length) throw new RangeError(`a tree of ${treeSize} has ${ids.length} edge nodes, not ${hashes.length}`);
    this.nodes = ids.map((id, i) => ({ ...id, hash: hashes[i]! }));
  }

  static edgeOf(size: number): NodeId[] {
    return rangeNodes(0, size);
  }

  get size(): number {
    return this.treeSize;
  }

  append(leaf: Hash): StoredNode[] {
    let node: StoredNode = { level: 0, index: this.treeSize, hash: leaf };
    const completed = [node];
    while (this.nodes.length > 0 && this.nodes[this.nodes.length - 1]!.level === node.level) {
      const left = this.nodes.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      completed.push(node);
    }
    this.nodes.push(node);
    this.treeSize++;
    return completed;
  }

  root(): Hash {
    return foldRange(this.nodes.map((n) => n.hash));
  }
}
