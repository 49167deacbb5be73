import { LedgerError } from './errors.ts';
import { Ledger, type LedgerOptions } from './ledger.ts';
import type { PendingEvent } from './signed-content.ts';
import type { EventStore } from './store.ts';
import { PendingOverlayStore } from './stores/pending-overlay-store.ts';

export interface PendingLedger {
  /** The ledger at the copy's head and its pending events; what it appends becomes pending, never part of the copy. */
  ledger: Ledger;
  /** Pending events that no longer fit the rules at the copy's head (a pull brought what changed): the service decides on them at the next push. */
  stale: Array<{ event: PendingEvent; error: LedgerError }>;
  /** Closes the copy. */
  close(): Promise<void>;
}

/**
 * A ledger over a copy that only the service writes (the command line's clone, the add-in's
 * workbook once connected): the copy as pulled, then each pending event placed again through the
 * same rules, so that a new draft is checked against the copy's head and every earlier pending event.
 * What the ledger then appends goes to `keep` with the whole list of pending events, which must
 * make it durable before resolving (the append waits for it).
 */
export async function openPendingLedger(
  copy: EventStore,
  pending: readonly PendingEvent[],
  keep: (all: PendingEvent[]) => Promise<void>,
  options: LedgerOptions = {},
): Promise<PendingLedger> {
  const overlay = new PendingOverlayStore(copy, await copy.head());
  const ledger = await Ledger.open(overlay, options);
  const stale: PendingLedger['stale'] = [];
  for (const event of pending) {
    try {
      await ledger.appendSigned([event]);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      stale.push({ event, error });
    }
  }
  let kept = [...pending];
  overlay.keepNewEventsWith(async (events) => {
    const next = [...kept, ...events];
    await keep(next);
    kept = next;
  });
  return { ledger, stale, close: () => overlay.close() };
}
