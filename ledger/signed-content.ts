import { hexToBytes } from '@noble/hashes/utils.js';
import { sha256HexBytes } from '#digest';
import { canonicalJson } from './canonical-json.ts';
import type { EventType, LedgerEvent } from './events.ts';

/**
 * A signed event not yet on the chain: everything but its place (seq, prev, hash). A writer signs
 * this; whoever places it on the chain (this program's Ledger, or a server) adds the place without
 * touching the signature.
 */
export type PendingEvent = LedgerEvent extends infer E ? (E extends unknown ? Omit<E, 'seq' | 'prev' | 'hash'> : never) : never;

export type PendingOf<T extends EventType> = Extract<PendingEvent, { type: T }>;

/** Who signs: an Ed25519 key, its public half as 64 hex digits. The private half never leaves the signer. */
export interface Signer {
  readonly publicKey: string;
  readonly fingerprint: string;
  /** The Ed25519 signature (128 hex digits) of the UTF-8 bytes of `content`. */
  sign(content: string): Promise<string>;
}

/**
 * What an event's signature covers: the RFC 8785 canonical JSON of the ledger's identity (the id of
 * its first event) and the event's format, id, time, actor, type, data and signing key and algorithm.
 * Not seq, prev or hash: a signed event may be placed on the chain by someone else.
 */
export function signedContent(ledger: string, event: Pick<LedgerEvent, 'v' | 'id' | 'at' | 'actor' | 'type' | 'data'>, key: string): string {
  return canonicalJson({ actor: event.actor, alg: 'Ed25519', at: event.at, data: event.data, id: event.id, key, ledger, type: event.type, v: event.v });
}

/** A key's fingerprint: SHA-256 of its 32 public key bytes, 64 hex digits. */
export function fingerprintOf(publicKey: string): string {
  return sha256HexBytes(hexToBytes(publicKey));
}

/** A fingerprint as people compare it: the first 16 hex digits in groups of four. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 16).replace(/(.{4})(?=.)/g, '$1 ');
}
