import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import type { Hash } from '../../ledger/tlog/merkle-hash.ts';
import { consistencyProof } from '../../ledger/tlog/merkle-proof.ts';
import { ed25519NoteSigner, formatVerifierKey, SIGNATURE_TYPE } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { verifyConsistency } from '../../ledger/tlog/verify-proof.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { extendTree, lockLog } from './extend-tree.ts';
import { databaseNodeSource } from './tlog-nodes.ts';

/** The province's log key: the origin line of its checkpoints (also the note key's name) and its Ed25519 signer. */
export interface LogKey {
  origin: string;
  signer: Signer;
}

/** The vkey (c2sp.org/signed-note) that verifies this log's checkpoints. */
export function logVerifierKey(key: LogKey): string {
  return formatVerifierKey(key.origin, SIGNATURE_TYPE.ed25519, hexToBytes(key.signer.publicKey));
}

export interface StoredCheckpoint {
  size: number;
  root: Hash;
  /** The signed note, exactly as signed. */
  note: string;
  signedAt: Date;
}

type CheckpointRow = { tree_size: unknown; root_hash: string; note: string; signed_at: Date | string };
const fromRow = (r: CheckpointRow): StoredCheckpoint => ({ size: toNumber(r.tree_size), root: hexToBytes(r.root_hash), note: r.note, signedAt: new Date(r.signed_at) });
const COLUMNS = `tree_size, encode(root_hash, 'hex') as root_hash, note, signed_at`;

export async function latestCheckpoint(db: Queryable): Promise<StoredCheckpoint | null> {
  const [row] = await db.query<CheckpointRow>(`select ${COLUMNS} from tlog_checkpoint order by tree_size desc limit 1`);
  return row ? fromRow(row) : null;
}

export async function checkpointOfSize(db: Queryable, size: number): Promise<StoredCheckpoint | null> {
  const [row] = await db.query<CheckpointRow>(`select ${COLUMNS} from tlog_checkpoint where tree_size = $1`, [size]);
  return row ? fromRow(row) : null;
}

export interface SignOptions {
  /** Most events one checkpoint adds (the rest wait for the next round). */
  maxLeaves?: number;
}

/**
 * Extends the tree with the events not yet in it and, when it grew (or nothing was ever signed),
 * signs its new checkpoint, in one transaction under the log's lock. Before signing, it proves
 * from the stored nodes that the new tree extends the last signed one and verifies that proof, so
 * the log never signs two inconsistent checkpoints, even over a tampered table. Returns the new
 * checkpoint, or null when there was nothing new.
 */
export async function signNewCheckpoint(db: Database, key: LogKey, options: SignOptions = {}): Promise<StoredCheckpoint | null> {
  return db.transaction(async (tx) => {
    await lockLog(tx);
    const edge = await extendTree(tx, options.maxLeaves ?? 100_000);
    const last = await latestCheckpoint(tx);
    if (last && edge.size === last.size) return null;
    const root = edge.root();
    if (last) {
      const proof = edge.size > last.size ? await consistencyProof(last.size, edge.size, databaseNodeSource(tx)) : [];
      if (!verifyConsistency(last.size, edge.size, last.root, root, proof)) {
        throw new TlogError(
          'inconsistent',
          `Cây của nhật ký (${edge.size} mục) không nối tiếp điểm kiểm đã ký (${last.size} mục): không ký. Dữ liệu nhật ký đã bị sửa.`,
          `The log's tree (${edge.size} leaves) does not extend its last signed checkpoint (${last.size} leaves): not signing. The log's data was altered.`,
        );
      }
    }
    const note = await signCheckpoint({ origin: key.origin, size: edge.size, root, extensions: [] }, [ed25519NoteSigner(key.origin, key.signer)]);
    const [row] = await tx.query<CheckpointRow>(
      `insert into tlog_checkpoint (tree_size, root_hash, note) values ($1, decode($2, 'hex'), $3) returning ${COLUMNS}`,
      [edge.size, bytesToHex(root), note],
    );
    return fromRow(row!);
  });
}

export interface Checkpointing {
  /** Stops after the round under way, if any. */
  stop(): Promise<void>;
}

/**
 * Signs a new checkpoint every `intervalMs` while there are new events: what the service runs.
 * A failed round is reported and the next one tried; rounds never overlap.
 */
export function startCheckpointing(db: Database, key: LogKey, options: SignOptions & { intervalMs?: number; onError?: (error: unknown) => void } = {}): Checkpointing {
  const intervalMs = options.intervalMs ?? 2000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let round: Promise<void> = Promise.resolve();
  const run = () => {
    round = signNewCheckpoint(db, key, options)
      .then(() => undefined, (error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
