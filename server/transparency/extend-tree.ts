import { CompactRange } from '../../ledger/tlog/compact-range.ts';
import { logLeafHash } from '../../ledger/tlog/log-leaf.ts';
import type { Queryable } from '../db/database.ts';
import { readProvinceLog } from '../province-log.ts';
import { databaseNodeSource, insertNodes, storedTreeSize } from './tlog-nodes.ts';

/** Rows read from the province-wide log per round trip. */
const READ_BATCH = 2000;

/**
 * Adds to the Merkle tree every event of the province-wide log it does not cover yet, at most
 * `limit`, in position order (leaf i is position i + 1), inside the caller's transaction, which
 * must hold the log's lock. Positions are gap-free in commit order, so what one read returns is the
 * log's whole next stretch. Returns the tree's size and its right edge.
 */
export async function extendTree(tx: Queryable, limit: number): Promise<CompactRange> {
  const size = await storedTreeSize(tx);
  const edge = new CompactRange(size, await databaseNodeSource(tx)(CompactRange.edgeOf(size)));
  while (edge.size < size + limit) {
    const page = await readProvinceLog(tx, edge.size, Math.min(READ_BATCH, size + limit - edge.size));
    if (page.entries.length === 0) break;
    const nodes = page.entries.flatMap((entry) => {
      if (entry.position !== edge.size + 1) throw new Error(`the province-wide log skips from ${edge.size} to ${entry.position}`);
      return edge.append(logLeafHash(entry));
    });
    await insertNodes(tx, nodes);
  }
  if (edge.size > size) await tx.query('update tlog_tree set size = $1', [edge.size]);
  return edge;
}

/**
 * Serialises everything that extends the tree or signs checkpoints, across service processes. Also
 * turns PostgreSQL's JIT off for the transaction: its queries are short, and on a large node table
 * the planner's estimates make it compile each one, which took longer than the queries (measured:
 * a checkpoint over 1,000 events at 1,000,000 leaves, several times slower with it on).
 */
export async function lockLog(tx: Queryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('cchc.transparency-log'))`);
  await tx.query('set local jit = off');
}
