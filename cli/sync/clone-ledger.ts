// Node only.
import { LedgerError } from '../../ledger/errors.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { PendingEvent, Signer } from '../../ledger/signed-content.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { PendingOverlayStore } from '../../ledger/stores/pending-overlay-store.ts';
import { lockClone, readPending, writePending } from './clone-files.ts';

export interface OpenClone {
  /** The ledger at the clone's head and its pending events; what it appends becomes pending, never part of the copy. */
  ledger: Ledger;
  /** Pending events that no longer fit the rules at the copy's head (a pull brought what changed): the service decides on them at the next push. */
  stale: Array<{ event: PendingEvent; error: LedgerError }>;
  close(): Promise<void>;
}

/**
 * Opens a clone to record on, holding its lock until `close`: the copy as pulled, then each pending
 * event placed again through the same rules, so that a new draft is checked against the local head
 * and every earlier pending event. What the ledger then appends is written to the pending file
 * (temporary file, fsync, rename) before `append` resolves.
 */
export async function openCloneLedger(file: string, signer: Signer | undefined): Promise<OpenClone> {
  const lock = await lockClone(file);
  try {
    const copy = await NdjsonStore.open(file);
    const overlay = new PendingOverlayStore(copy, await copy.head());
    const ledger = await Ledger.open(overlay, signer ? { signer } : {});
    let pending = await readPending(file);
    const stale: OpenClone['stale'] = [];
    for (const event of pending) {
      try {
        await ledger.appendSigned([event]);
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
        stale.push({ event, error });
      }
    }
    overlay.keepNewEventsWith(async (events) => {
      const next = [...pending, ...events];
      await writePending(file, next);
      pending = next;
    });
    return {
      ledger,
      stale,
      close: async () => {
        await overlay.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
