import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { StoredNode } from '../../ledger/tlog/compact-range.ts';
import type { Hash } from '../../ledger/tlog/merkle-hash.ts';
import type { NodeId, NodeSource } from '../../ledger/tlog/merkle-proof.ts';
import type { Queryable } from '../db/database.ts';
import { toNumber } from '../db/database.ts';

// Hashes cross the driver as hex text: node-postgres and PGlite disagree on binary parameters.

/** The stored perfect subtrees' hashes, fetched in one query, in the order asked; a missing one is an error. */
export function databaseNodeSource(db: Queryable): NodeSource {
  return async (ids: readonly NodeId[]): Promise<Hash[]> => {
    if (ids.length === 0) return [];
    const rows = await db.query<{ level: number; idx: unknown; hash: string }>(
      `select n.level, n.idx, encode(n.hash, 'hex') as hash
       from tlog_node n join unnest($1::smallint[], $2::bigint[]) as wanted (level, idx) using (level, idx)`,
      [ids.map((id) => id.level), ids.map((id) => id.index)],
    );
    const found = new Map(rows.map((r) => [`${r.level}/${toNumber(r.idx)}`, r.hash]));
    return ids.map(({ level, index }) => {
      const hash = found.get(`${level}/${index}`);
      if (hash === undefined) throw new Error(`the transparency log has no node ${index} at level ${level}`);
      return hexToBytes(hash);
    });
  };
}

export async function insertNodes(tx: Queryable, nodes: readonly StoredNode[]): Promise<void> {
  for (let at = 0; at < nodes.length; at += 5000) {
    const batch = nodes.slice(at, at + 5000);
    await tx.query(
      `insert into tlog_node (level, idx, hash)
       select level, idx, decode(hash, 'hex') from unnest($1::smallint[], $2::bigint[], $3::text[]) as n (level, idx, hash)`,
      [batch.map((n) => n.level), batch.map((n) => n.index), batch.map((n) => bytesToHex(n.hash))],
    );
  }
}

/** How many leaves the stored tree has. */
export async function storedTreeSize(db: Queryable): Promise<number> {
  const [row] = await db.query<{ size: unknown }>('select size from tlog_tree');
  return toNumber(row!.size);
}
