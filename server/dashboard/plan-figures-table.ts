import type { Head } from '../../ledger/store.ts';
import type { Queryable } from '../db/database.ts';
import { storageError } from '../db/storage-error.ts';
import type { PeriodCut, PeriodFigures } from './period-figures.ts';

/**
 * Stores each cut's figures of a plan at `head`, and drops the plan's rows of earlier heads, which
 * nothing reads again (the overview reads only rows at the plan's current head). A row for a later
 * head stays: the writer stores under the plan's lock, in head order, but a dashboard storing a
 * replay it made outside the lock may come after a push moved the head.
 */
export async function storeFigures(db: Queryable, planId: string, head: Head, rows: ReadonlyArray<{ cut: PeriodCut; figures: PeriodFigures }>): Promise<void> {
  if (rows.length === 0) return;
  try {
    await db.query('delete from plan_figures where plan_id = $1 and head_seq < $2', [planId, head.seq]);
    await db.query(
      `insert into plan_figures (plan_id, valid_at, window_from, window_to, head_seq, head_hash, figures)
       select $1, r.valid_at, r.window_from, r.window_to, $2, $3, r.figures::json
       from unnest($4::date[], $5::date[], $6::date[], $7::text[]) as r (valid_at, window_from, window_to, figures)
       on conflict (plan_id, valid_at, window_from, window_to) do update
         set head_seq = excluded.head_seq, head_hash = excluded.head_hash, figures = excluded.figures
         where plan_figures.head_seq <= excluded.head_seq`,
      [
        planId,
        head.seq,
        head.hash,
        rows.map((r) => r.cut.validAt),
        rows.map((r) => r.cut.from),
        rows.map((r) => r.cut.to),
        rows.map((r) => JSON.stringify(r.figures)),
      ],
    );
  } catch (error) {
    throw storageError(`ghi số liệu của kế hoạch ${planId}`, `storing the figures of plan ${planId}`, error);
  }
}
