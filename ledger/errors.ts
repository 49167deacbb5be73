import type { Location } from './store.ts';

/** Why the ledger refused an event or found a stored one wrong. Codes are stable; messages are for people. */
export type LedgerErrorCode =
  | 'parse' // a stored record that is not JSON (a torn line)
  | 'schema' // the event is not of the format
  | 'version' // a `v` this program does not know
  | 'sequence' // seq not one more than the previous
  | 'link' // prev is not the previous event's hash
  | 'hash' // hash does not match the event's content
  | 'canonical' // a format-2 line that is not the one byte sequence of its event
  | 'signature' // a format-2 event unsigned, signed by a key not enrolled for its actor or revoked, or not matching its signature
  | 'key' // an enrolment or revocation the key rules forbid
  | 'duplicate-id'
  | 'clock' // at earlier than the previous event's, or in the future
  | 'no-plan' // an item event before any plan was imported
  | 'plan-exists' // a second plan.imported
  | 'unknown-item'
  | 'withdrawn-item'
  | 'duplicate-item'
  | 'transition' // a status change the rules forbid
  | 'no-condition' // a trigger recorded for an item whose deadline has none
  | 'effective-after-recorded' // a change said to happen after it was recorded
  | 'unknown-event' // a void naming an event that does not exist
  | 'already-voided'
  | 'not-voidable'
  | 'concurrency' // another writer appended first
  | 'anchor' // the ledger does not reach an issued report's head
  | 'storage'; // the store could not read or write

export interface LedgerErrorDetails {
  seq?: number;
  /** Where a stored record is (file and line, sheet and row, key), when the problem was found reading one. */
  where?: Location;
  item?: string;
  field?: string;
  event?: string;
}

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(
    readonly code: LedgerErrorCode,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly details: LedgerErrorDetails = {},
  ) {
    super(messageEn);
  }
}

/** Another writer appended after the head this writer expected: nothing was written; replay and retry. */
export class ConcurrencyError extends LedgerError {
  constructor(expected: { seq: number; hash: string }, actual: { seq: number; hash: string }) {
    super(
      'concurrency',
      `Sổ đã có ghi nhận mới (đến số ${actual.seq}) trong khi bạn đang ghi; chưa có gì được lưu. Vui lòng tải lại và thử lại.`,
      `The ledger moved on (head is now seq ${actual.seq}, expected ${expected.seq}); nothing was written. Reload and retry.`,
      { seq: actual.seq },
    );
  }
}
