import { logLeafHash, type LogLeaf } from '../../ledger/tlog/log-leaf.ts';
import type { Hash } from '../../ledger/tlog/merkle-hash.ts';
import { consistencyProof, inclusionProof } from '../../ledger/tlog/merkle-proof.ts';
import { TILE_HEIGHT, TILE_WIDTH, type TileId } from '../../ledger/tlog/tile-path.ts';
import type { Queryable } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { databaseNodeSource } from './tlog-nodes.ts';

export interface InclusionAnswer {
  /** Leaf index: the event's position in the province-wide log minus one. */
  index: number;
  size: number;
  leaf: LogLeaf;
  leafHash: Hash;
  proof: Hash[];
}

/** Why a proof cannot be given (the request names something the signed log does not hold). */
export class ProofUnavailable extends Error {
  constructor(
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

async function leafAt(db: Queryable, index: number): Promise<LogLeaf | null> {
  const [row] = await db.query<{ plan_id: string; seq: number; line: string }>('select plan_id, seq, line from plan_event where position = $1', [index + 1]);
  return row ? { planId: row.plan_id, seq: row.seq, line: row.line } : null;
}

/** The position of a plan's event in the province-wide log, minus one; null when there is no such event. */
export async function leafIndexOf(db: Queryable, planId: string, seq: number): Promise<number | null> {
  const [row] = await db.query<{ position: unknown }>('select position from plan_event where plan_id = $1 and seq = $2', [planId, seq]);
  return row ? toNumber(row.position) - 1 : null;
}

/** The inclusion proof of leaf `index` in the signed tree of `size` leaves, with the leaf itself. */
export async function inclusionAnswer(db: Queryable, index: number, size: number): Promise<InclusionAnswer> {
  if (index >= size) throw new ProofUnavailable(`Mục ${index} không có trong cây ${size} mục.`, `Leaf ${index} is not in the tree of ${size} leaves.`);
  const leaf = await leafAt(db, index);
  if (!leaf) throw new ProofUnavailable(`Nhật ký chung không có vị trí ${index + 1}.`, `The province-wide log has no position ${index + 1}.`);
  return { index, size, leaf, leafHash: logLeafHash(leaf), proof: await inclusionProof(index, size, databaseNodeSource(db)) };
}

/** The consistency proof from the tree of `from` leaves to the tree of `to` leaves. */
export async function consistencyAnswer(db: Queryable, from: number, to: number): Promise<Hash[]> {
  if (from > to) throw new ProofUnavailable(`Không có bằng chứng nhất quán từ ${from} về ${to} mục.`, `No consistency proof from ${from} back to ${to} leaves.`);
  return consistencyProof(from, to, databaseNodeSource(db));
}

/** The leaves [start, start + count) as the log holds them, for auditors who recompute the tree. */
export async function leavesFrom(db: Queryable, start: number, count: number): Promise<(LogLeaf & { index: number })[]> {
  const rows = await db.query<{ position: unknown; plan_id: string; seq: number; line: string }>(
    'select position, plan_id, seq, line from plan_event where position > $1 and position <= $2 order by position',
    [start, start + count],
  );
  return rows.map((r) => ({ index: toNumber(r.position) - 1, planId: r.plan_id, seq: r.seq, line: r.line }));
}

/**
 * A C2SP tile's bytes: its hashes (nodes at level 8L from index N × 256), concatenated, as far as
 * the signed tree of `size` leaves holds them; null when the tile is not (yet) part of it.
 */
export async function tileBytes(db: Queryable, tile: TileId, size: number): Promise<Uint8Array | null> {
  const nodesAtLevel = Math.floor(size / TILE_WIDTH ** tile.level);
  const start = tile.index * TILE_WIDTH;
  const width = tile.width ?? TILE_WIDTH;
  if (start + width > nodesAtLevel) return null;
  const ids = Array.from({ length: width }, (_, i) => ({ level: tile.level * TILE_HEIGHT, index: start + i }));
  const hashes = await databaseNodeSource(db)(ids);
  const bytes = new Uint8Array(width * 32);
  hashes.forEach((h, i) => bytes.set(h, i * 32));
  return bytes;
}
