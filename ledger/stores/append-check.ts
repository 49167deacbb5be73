import { LedgerError } from '../errors.ts';
import type { LedgerEvent } from '../events.ts';
import type { Head } from '../store.ts';

export function sameHead(a: Head, b: Head): boolean {
  return a.seq === b.seq && a.hash === b.hash;
}

/**
 * The head a store will have once `events` are appended after `expected`. Throws when the events do
 * not continue `expected` (seq one more, prev its hash): a writer's bug must never reach the bytes.
 * Stores otherwise do not judge events; `verify` and the ledger's rules do.
 */
export function headAfter(events: readonly LedgerEvent[], expected: Head): Head {
  let head = expected;
  for (const event of events) {
    if (event.seq !== head.seq + 1) {
      throw new LedgerError(
        'sequence',
        `Ghi nhận số ${event.seq} không liền sau số ${head.seq}; không ghi gì.`,
        `Event seq ${event.seq} does not follow seq ${head.seq}; nothing was written.`,
        { seq: event.seq },
      );
    }
    if (event.prev !== head.hash) {
      throw new LedgerError(
        'link',
        `Ghi nhận số ${event.seq} không nối vào mã băm của ghi nhận trước; không ghi gì.`,
        `Event seq ${event.seq} does not link to the previous hash; nothing was written.`,
        { seq: event.seq },
      );
    }
    head = { seq: event.seq, hash: event.hash };
  }
  return head;
}
