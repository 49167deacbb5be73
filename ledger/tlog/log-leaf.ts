import { utf8ToBytes } from '@noble/hashes/utils.js';
import { leafHash, type Hash } from './merkle-hash.ts';

/**
 * The data of one leaf of the province's transparency log: one event of the province-wide log, as
 * four newline-terminated lines of UTF-8,
 *
 *     cchc-log-leaf/v1
 *     <plan id>
 *     <seq, decimal>
 *     <the event's stored JSON line, byte for byte>
 *
 * so that a leaf binds which plan, which place in its chain, and exactly what was recorded there
 * (the line carries the event's hash, its chain link and its author's signature). The leaf's index
 * is the event's position in the province-wide log minus one. Neither the plan id nor the line may
 * hold a newline (a stored line never does), so the lines cannot be shifted into one another.
 */
export interface LogLeaf {
  planId: string;
  seq: number;
  line: string;
}

export const LOG_LEAF_HEADER = 'cchc-log-leaf/v1';

export function logLeafText(leaf: LogLeaf): string {
  if (leaf.planId === '' || leaf.planId.includes('\n') || leaf.line.includes('\n') || !Number.isSafeInteger(leaf.seq) || leaf.seq < 1) {
    throw new RangeError(`not a log leaf: plan ${JSON.stringify(leaf.planId)}, seq ${leaf.seq}`);
  }
  return `${LOG_LEAF_HEADER}\n${leaf.planId}\n${leaf.seq}\n${leaf.line}\n`;
}

/** The leaf's RFC 6962 hash, SHA-256(0x00 || its text). */
export function logLeafHash(leaf: LogLeaf): Hash {
  return leafHash(utf8ToBytes(logLeafText(leaf)));
}
