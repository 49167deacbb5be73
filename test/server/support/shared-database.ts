import type { Database } from '../../../server/db/database.ts';

/**
 * Handles on one embedded database for a test that opens "the same ledger" several times: PGlite
 * is one process's, so handles share one instance, closed when the last handle is, and opened anew
 * from its directory by the next — a real reopen once everything was closed.
 */
export function sharedDatabase(open: () => Promise<Database>): () => Promise<Database> {
  let shared: Promise<Database> | undefined;
  let handles = 0;
  return async () => {
    shared ??= open();
    const db = await shared;
    handles++;
    let closed = false;
    return {
      ...db,
      async close() {
        if (closed) return;
        closed = true;
        if (--handles === 0) {
          shared = undefined;
          await db.close();
        }
      },
    };
  };
}
