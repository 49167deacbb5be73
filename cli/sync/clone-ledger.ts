// Node only.
import { openPendingLedger, type PendingLedger } from '../../ledger/pending-ledger.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { lockClone, readPending, writePending } from './clone-files.ts';

export type OpenClone = PendingLedger;

/**
 * Opens a clone to record on, holding its lock until `close`: the copy as pulled and its pending
 * events (openPendingLedger). What the ledger then appends is written to the pending file
 * (temporary file, fsync, rename) before `append` resolves.
 */
export async function openCloneLedger(file: string, signer: Signer | undefined): Promise<OpenClone> {
  const lock = await lockClone(file);
  try {
    const copy = await NdjsonStore.open(file);
    const opened = await openPendingLedger(copy, await readPending(file), (all) => writePending(file, all), signer ? { signer } : {});
    return {
      ...opened,
      close: async () => {
        await opened.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
