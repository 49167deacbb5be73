// Where a clone keeps its files beside its ledger, and whether a ledger is a clone: apart from
// clone-files.ts (their schema, readers and writers), which `verify` and `log` of a ledger that is no
// clone never load.
import { stat } from 'node:fs/promises';

export const syncStateFile = (ledger: string): string => `${ledger}.sync.json`;
export const pendingFile = (ledger: string): string => `${ledger}.pending.ndjson`;
export const refusedFile = (ledger: string): string => `${ledger}.refused.ndjson`;

/** Whether `ledger` is a clone: its sync state file exists beside it. */
export async function isClone(ledger: string): Promise<boolean> {
  return (await stat(syncStateFile(ledger)).catch(() => null)) !== null;
}
