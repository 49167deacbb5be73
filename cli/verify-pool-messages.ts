/** What the verify pool sends a worker thread: a batch of stored lines of one ledger, and the keys its events name. */
export interface PrecheckBatch {
  id: number;
  /** The id of the ledger's first event, which signatures cover (null when it has none). */
  ledgerId: string | null;
  /** [fingerprint, public key] of the keys the ledger enrolled that these lines' signatures name. */
  keys: Array<[string, string]>;
  /** Each record's stored line (null for a record kept without its text, or unreadable). */
  lines: Array<string | null>;
}

/** A worker's answer: a byte of flags per line, in the batch's order. */
export interface PrecheckAnswer {
  id: number;
  flags: Uint8Array;
}

/** The line's own hash holds (format 2: and it is the event's one canonical line). */
export const HASH_HOLDS = 1;
/** The event's signature holds under the public key its fingerprint names, in the batch's ledger. */
export const SIGNATURE_HOLDS = 2;
/** The schema accepts the value as it is (its fast path says so, or zod's output is the same JSON, keys in any order: no default filled in). */
export const SCHEMA_HOLDS = 4;
