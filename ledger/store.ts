import { GENESIS_HASH, type LedgerEvent } from './events.ts';

/** The last event of a ledger: what a writer expects before it appends (optimistic concurrency). */
export interface Head {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: Head = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/** Where a stored event sits, for error messages: a file's line and byte offset, a sheet's row, a key. */
export interface Location {
  file?: string;
  line?: number;
  byte?: number;
  sheet?: string;
  row?: number;
  key?: number;
}

/**
 * One stored record as read back: parsed but not yet validated (the reader checks schema and chain).
 * `line` is the record's text as stored (a format-2 event must be exactly its one canonical line);
 * a store that keeps values rather than text leaves it out, and format-2 events from it are refused.
 */
export type RawEvent = { value: unknown; line?: string; where: Location } | { parseError: string; where: Location };

/**
 * Where a ledger lives: memory, an NDJSON file, IndexedDB, a workbook's ledger sheet.
 * Stores keep bytes and order; they do not judge events (the ledger and `verify` do).
 */
export interface EventStore {
  /** The stored head, as it is now. */
  head(): Promise<Head>;
  /**
   * Appends sealed events if the stored head is still `expected`, and resolves only once they are
   * durable. If another writer got there first, rejects with ConcurrencyError and writes nothing.
   */
  append(events: readonly LedgerEvent[], expected: Head): Promise<Head>;
  /** Every stored record in order, streamed: a store never needs the whole ledger in memory. */
  read(): AsyncIterable<RawEvent>;
  close(): Promise<void>;
}
