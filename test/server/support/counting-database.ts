import type { Database } from '../../../server/db/database.ts';

/** A database handle that counts the readings of plans' events from their start (what kept figures should spare). */
export function counting(db: Database): { db: Database; eventReads: () => number } {
  let reads = 0;
  return {
    db: {
      ...db,
      query: (text: string, params?: readonly unknown[]) => {
        // A plan's events are read from seq 0 on, in batches: count the first batch of each reading.
        if (/from plan_event where plan_id = \$1 and seq > \$2/.test(text) && params?.[1] === 0) reads++;
        return db.query(text, params);
      },
    } as Database,
    eventReads: () => reads,
  };
}
