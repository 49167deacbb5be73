import { proofHashes, toBase64 } from '../../ledger/tlog/base64.ts';
import { CheckpointWitness, type Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import type { Hash } from '../../ledger/tlog/merkle-hash.ts';
import { ed25519NoteVerifier, parseNote, parseVerifierKey } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { ServiceClient, ServiceError } from './service-client.ts';

/**
 * A client as a witness of its province's transparency log, the part the command line and the add-in
 * share: each pull asks for the log's latest signed checkpoint, demands a consistency proof from the
 * one last accepted (CheckpointWitness decides), and an inclusion proof of the newest event it is
 * about to hold. What to say, and where the evidence goes, is each client's own.
 */

/** What a client remembers of the log between pulls. */
export interface LogMemory {
  /** The log's vkey: pinned, or trusted on first use. */
  logKey?: string;
  /** The last checkpoint accepted, as signed. */
  checkpoint?: string;
}

/** The event a pull leaves at the client's head, as its stored line: the one whose inclusion is proved. */
export interface HeadLine {
  seq: number;
  line: string;
}

export type Witnessed =
  /** The service has no log (an older one: 'no-log') or has signed nothing yet ('unsigned'). */
  | { kind: 'no-checkpoint'; why: 'no-log' | 'unsigned' }
  /** The checkpoint extends the one remembered (and holds the head, when asked and signed). */
  | {
      kind: 'accepted';
      memory: Required<LogMemory>;
      witness: CheckpointWitness;
      /** The log key came from the service itself, now. */
      trustedOnFirstUse: boolean;
      /** The head's leaf index in the accepted tree; null when the head was not asked for or is not in a signed tree yet. */
      headIndex: number | null;
      /** The head was asked for and the accepted tree does not hold it yet. */
      headNotSigned: boolean;
    }
  /** The log is not to be trusted: the evidence to keep. */
  | { kind: 'alarm'; evidence: Evidence };

/**
 * Checks the service's log against `memory`, and that `head` (when given) is in the checkpoint
 * accepted. A key or checkpoint in `memory` that cannot be read throws TlogError.
 */
export async function witnessCheckpoint(client: ServiceClient, memory: LogMemory, plan: string, head?: HeadLine): Promise<Witnessed> {
  const signed = await latestCheckpoint(client);
  if (typeof signed !== 'string') return { kind: 'no-checkpoint', why: signed.why };
  const vkey = memory.logKey ?? (await logKeyOf(client));
  const key = parseVerifierKey(vkey);
  const witness = new CheckpointWitness(key.name, ed25519NoteVerifier(key.name, key.publicKey), memory.checkpoint ?? null);
  const observed = await witness.observe(signed, (from, to) => consistencyProof(client, from, to));
  if (!observed.accepted) return { kind: 'alarm', evidence: observed.evidence };
  let headIndex: number | null = null;
  let headNotSigned = false;
  if (head && head.seq > 0) {
    const proof = await inclusionProof(client, plan, head.seq, witness.latest!.checkpoint.size);
    if (proof === null) headNotSigned = true;
    else {
      const evidence = witness.checkInclusion({ planId: plan, seq: head.seq, line: head.line }, proof.index, proof.proof);
      if (evidence) return { kind: 'alarm', evidence };
      headIndex = proof.index;
    }
  }
  return { kind: 'accepted', memory: { logKey: vkey, checkpoint: witness.remembered! }, witness, trustedOnFirstUse: memory.logKey === undefined, headIndex, headNotSigned };
}

/** The latest signed checkpoint, or why there is none. */
async function latestCheckpoint(client: ServiceClient): Promise<string | { why: 'no-log' | 'unsigned' }> {
  try {
    return await signedCheckpoint(client);
  } catch (error) {
    if (!(error instanceof ServiceError) || error.status !== 404) throw error;
    // The plugin's own 404 is a refusal in the protocol's form; a service without the log answers another 404.
    return { why: error.code === 'protocol' ? 'no-log' : 'unsigned' };
  }
}

/** The vkey the service gives for its log (to be trusted on first use only). */
export async function logKeyOf(client: ServiceClient): Promise<string> {
  return (await (await client.send('GET', '/log/key', undefined, false)).text()).trim();
}

/**
 * A checkpoint the service signed, as it serves it: the latest; with `size`, the one it signed at that
 * size; with `min` > 0, the largest cosigned by at least that many witnesses (their lines included).
 * When there is none such, the service's 404 is thrown as ServiceError.
 */
export async function signedCheckpoint(client: ServiceClient, which: { size?: number; min?: number } = {}): Promise<string> {
  const path = which.min ? `/log/checkpoint/witnessed?min=${which.min}` : which.size !== undefined ? `/log/checkpoint?size=${which.size}` : '/log/checkpoint';
  return (await client.send('GET', path, undefined, false)).text();
}

const hashes = (value: unknown): Hash[] => (Array.isArray(value) ? proofHashes(value) : []);

/** The log's consistency proof; one it refuses to give is an empty proof, which fails like a wrong one. */
export async function consistencyProof(client: ServiceClient, from: number, to: number): Promise<Hash[]> {
  try {
    const body = (await (await client.send('GET', `/log/proof/consistency?from=${from}&to=${to}`, undefined, false)).json()) as { proof?: unknown };
    return hashes(body.proof);
  } catch (error) {
    if (error instanceof ServiceError && error.status >= 400 && error.status < 500) return [];
    throw error;
  }
}

/**
 * Whether another checkpoint of the log (a cosigned one, possibly older or newer) and `held` are
 * consistent, whichever is larger: a CheckpointWitness starting from the smaller one decides. The
 * evidence when they are not, else null.
 */
export async function consistencyWithHeld(client: ServiceClient, logKey: string, held: string, other: string): Promise<Evidence | null> {
  const key = parseVerifierKey(logKey);
  const verifier = ed25519NoteVerifier(key.name, key.publicKey);
  const sizeOf = (signed: string) => parseCheckpoint(parseNote(signed).text).size;
  const [smaller, larger] = sizeOf(other) <= sizeOf(held) ? [other, held] : [held, other];
  let judge: CheckpointWitness;
  try {
    judge = new CheckpointWitness(key.name, verifier, smaller);
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    return { code: error.code, origin: key.name, detectedAt: new Date().toISOString(), previous: held, offered: other, proof: null, messageVi: error.messageVi, messageEn: error.messageEn };
  }
  const observed = await judge.observe(larger, (from, to) => consistencyProof(client, from, to));
  return observed.accepted ? null : observed.evidence;
}

/** The inclusion proof of a plan's event in the signed tree of `size`, or null when the service has none (not signed yet). */
export async function inclusionProof(client: ServiceClient, plan: string, seq: number, size: number): Promise<{ index: number; proof: Hash[] } | null> {
  try {
    const path = `/log/proof/inclusion?plan=${encodeURIComponent(plan)}&seq=${seq}&size=${size}`;
    const body = (await (await client.send('GET', path, undefined, false)).json()) as { index?: unknown; proof?: unknown };
    return { index: Number.isSafeInteger(body.index) ? (body.index as number) : -1, proof: hashes(body.proof) };
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return null;
    throw error;
  }
}

/** A checkpoint named for people: origin, size, root; or why it cannot be read. */
export function describeCheckpoint(signed: string | null): string {
  if (signed === null) return '—';
  try {
    const { origin, size, root } = parseCheckpoint(parseNote(signed).text);
    return `${origin}, ${size} mục / leaves, gốc / root ${toBase64(root)}`;
  } catch {
    return `(không đọc được / unreadable) ${JSON.stringify(signed.slice(0, 80))}`;
  }
}
