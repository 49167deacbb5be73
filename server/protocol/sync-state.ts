import * as z from 'zod';

/** Where a copy of a plan (a clone, a workbook in the add-in) syncs from, and how far it had come the last time it did. */
export const SyncState = z.strictObject({
  server: z.url(),
  plan: z.string().min(1),
  syncedSeq: z.number().int().nonnegative(),
  syncedHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO instant of the last pull that reached the service; null before the first. */
  lastSyncAt: z.iso.datetime().nullable(),
  /** The vkey of the province's transparency log: pinned at clone time (--log-key) or trusted on first use. Absent in older clones. */
  logKey: z.string().min(1).optional(),
  /** The last checkpoint of that log this clone accepted, as signed: the next pull demands a consistency proof from it. */
  checkpoint: z.string().min(1).optional(),
  /** The cosignature vkeys of the witnesses this clone trusts (cchc clone --witness); absent: finality is not asked. */
  witnesses: z.array(z.string().min(1)).min(1).optional(),
  /** How many of them must cosign a checkpoint for it to be final (default: all). */
  witnessesNeeded: z.number().int().positive().optional(),
});
export type SyncState = z.infer<typeof SyncState>;
