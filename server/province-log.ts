import type { Queryable } from './db/database.ts';
import { toNumber } from './db/database.ts';
import { storageError } from './db/storage-error.ts';

/** One event in the province-wide log. */
export interface LogEntry {
  position: number;
  planId: string;
  seq: number;
  /** The event's JSON exactly as stored. */
  line: string;
}

export interface LogPage {
  entries: LogEntry[];
  /** The last position committed when the page was read: every position up to it exists and is readable. */
  highWater: number;
}

/**
 * The events after `after` in the province-wide log, in position order, at most `limit`. Positions
 * are given under a lock held to commit (see the migration), so what one read returns is always
 * the whole log from `after + 1` up to its last entry: a consumer that keeps the last position it
 * has seen and asks for what follows misses nothing, however transactions interleave.
 */
export async function readProvinceLog(db: Queryable, after: number, limit = 500): Promise<LogPage> {
  try {
    // One statement, one snapshot: the high-water mark and the rows agree.
    const rows = await db.query<{ position: unknown; plan_id: string; seq: number; line: string; high_water: unknown }>(
      `select e.position, e.plan_id, e.seq, e.line, l.last_position as high_water
       from province_log l left join lateral (
         select position, plan_id, seq, line from plan_event where position > $1 order by position limit $2
       ) e on true
       order by e.position`,
      [after, limit],
    );
    const highWater = toNumber(rows[0]!.high_water);
    const entries = rows
      .filter((r) => r.position !== null)
      .map((r) => ({ position: toNumber(r.position), planId: r.plan_id, seq: r.seq, line: r.line }));
    return { entries, highWater };
  } catch (error) {
    throw storageError(`đọc nhật ký chung của tỉnh sau vị trí ${after}`, `reading the province-wide log after position ${after}`, error);
  }
}
