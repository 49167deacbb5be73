import type { IsoInstant } from '../../ledger/dates.ts';
import { LedgerEvent, type FormatVersion } from '../../ledger/events.ts';
import { inOrder } from '../../ledger/in-order.ts';
import { replayStream } from '../../ledger/replay.ts';
import { planCutFigures, type PlanCutFigures } from '../../templates/reports/province-plans.ts';
import type { DataWindow } from '../../templates/reports/tally.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { storageError } from '../db/storage-error.ts';
import { PlanEventStore } from '../plan-event-store.ts';
import type { ReportFigures } from '../protocol/bodies.ts';
import { ServiceError } from '../protocol/service-error.ts';

/** Plans replayed at the same time when their figures are not kept (database reads overlap the folds). */
const REPLAYS_AT_ONCE = 4;

interface PlanRow {
  id: string;
  owner_agency_id: string;
  scope: 'province' | 'agency';
  /** The kept figures that hold for the knownAt asked, or null. */
  figures: PlanCutFigures | string | null;
}

/**
 * Every plan of the province counted for a consolidated report at (cut, knownAt), with where each
 * plan's figures come from: its head as known at knownAt and that event's place in the province-wide
 * log, and the smallest signed checkpoint of the transparency log holding them all.
 *
 * Each event was checked once, when it was appended (schema, signature, the key ring, the ledger's
 * rules, the directory's permissions: server/plan-writer.ts), so nothing here verifies again: a plan
 * is read from its kept figures (table report_figures, one query for them all) or, when none hold
 * for this knownAt, its events up to knownAt are read and folded once and the figures kept for the
 * next report. Whoever does not take that on trust re-checks everything from the exported ledgers
 * or with `cchc report --full-check`, which verifies every plan on the client.
 */
export async function reportFigures(db: Database, cut: DataWindow, knownAt: IsoInstant): Promise<ReportFigures> {
  const rows = await keptFigures(db, cut, knownAt);
  const figures = await inOrder(rows, REPLAYS_AT_ONCE, async (row) => {
    if (row.figures !== null) return typeof row.figures === 'string' ? (JSON.parse(row.figures) as PlanCutFigures) : row.figures;
    const replayed = await replayForReport(db, row.id, cut, knownAt);
    // A plan with no event yet has nothing to keep; its first event would change its format.
    if (replayed.figures.format !== null) await keepFigures(db, row.id, cut, replayed);
    return replayed.figures;
  });
  const positions = await headPositions(
    db,
    rows.map((row, i) => ({ planId: row.id, seq: figures[i]!.head.seq })),
  );
  const last = Math.max(0, ...positions.filter((p): p is number => p !== null));
  return {
    knownAt,
    from: cut.from,
    to: cut.to,
    plans: rows.map((row, i) => ({ id: row.id, ownerAgencyId: row.owner_agency_id, scope: row.scope, figures: figures[i]!, position: positions[i]! })),
    checkpointSize: last === 0 ? null : await smallestCheckpointHolding(db, last),
  };
}

/**
 * Every plan with the kept figures that hold for knownAt: at the cut, at a head whose event (its
 * hash checked against the chain) was recorded by knownAt, and whose next event, if any, was not.
 */
async function keptFigures(db: Queryable, cut: DataWindow, knownAt: IsoInstant): Promise<PlanRow[]> {
  try {
    return await db.query<PlanRow>(
      `select p.id, p.owner_agency_id, p.scope, f.figures
       from plan p
       left join lateral (
         select f.figures from report_figures f
         left join plan_event h on h.plan_id = f.plan_id and h.seq = f.head_seq
         left join plan_event n on n.plan_id = f.plan_id and n.seq = f.head_seq + 1
         where f.plan_id = p.id and f.valid_at = $1::date and f.window_from = $2::date and f.window_to = $1::date
           and f.head_seq <= p.head_seq
           and (f.head_seq = 0 or (h.hash = f.head_hash and f.head_at <= $3::text collate "C"))
           and (n.seq is null or (n.line::json ->> 'at') > $3::text collate "C")
         order by f.head_seq desc limit 1
       ) f on true
       order by p.id`,
      [cut.to, cut.from, knownAt],
    );
  } catch (error) {
    throw storageError('đọc số liệu đã lưu của các kế hoạch', "reading the plans' kept figures", error);
  }
}

interface Replayed {
  figures: PlanCutFigures;
  /** The counted head event's `at` (null when nothing is counted). */
  headAt: IsoInstant | null;
}

/**
 * A plan's events recorded by knownAt (a prefix of its chain: recorded times never go back along
 * it), parsed by the ledger's schema and folded once, as the report replays them, at the cut. The
 * format is the ledger's, its first event's, counted or not (as a verification of it says).
 */
async function replayForReport(db: Database, planId: string, cut: DataWindow, knownAt: IsoInstant): Promise<Replayed> {
  const store = await PlanEventStore.open(db, planId);
  let format: FormatVersion | null = null;
  let headAt: IsoInstant | null = null;
  async function* known(): AsyncIterable<LedgerEvent> {
    for await (const raw of store.read()) {
      const parsed = 'value' in raw ? LedgerEvent.safeParse(raw.value, { jitless: true }) : null;
      if (!parsed?.success) throw notAnEvent(planId, raw.where.key);
      format ??= parsed.data.v;
      if (parsed.data.at > knownAt) return;
      headAt = parsed.data.at;
      yield parsed.data;
    }
  }
  const state = await replayStream(known(), { knownAt, validAt: cut.to });
  return { figures: planCutFigures(state, format, cut), headAt };
}

async function keepFigures(db: Queryable, planId: string, cut: DataWindow, { figures, headAt }: Replayed): Promise<void> {
  try {
    await db.query(
      `insert into report_figures (plan_id, valid_at, window_from, window_to, head_seq, head_hash, head_at, figures)
       values ($1, $2, $3, $2, $4, $5, $6, $7::json) on conflict do nothing`,
      [planId, cut.to, cut.from, figures.head.seq, figures.head.hash, headAt, JSON.stringify(figures)],
    );
  } catch (error) {
    throw storageError(`lưu số liệu báo cáo của kế hoạch ${planId}`, `keeping the report figures of plan ${planId}`, error);
  }
}

/** Each head's position in the province-wide log, in the order given; null for an empty head (seq 0). */
async function headPositions(db: Queryable, heads: ReadonlyArray<{ planId: string; seq: number }>): Promise<Array<number | null>> {
  const rows = await db.query<{ plan_id: string; seq: number; position: unknown }>(
    `select e.plan_id, e.seq, e.position from unnest($1::text[], $2::integer[]) as h (plan_id, seq)
     join plan_event e on e.plan_id = h.plan_id and e.seq = h.seq`,
    [heads.map((h) => h.planId), heads.map((h) => h.seq)],
  );
  const byHead = new Map(rows.map((r) => [`${r.plan_id}\u0000${r.seq}`, toNumber(r.position)]));
  return heads.map((h) => byHead.get(`${h.planId}\u0000${h.seq}`) ?? null);
}

/** The first checkpoint the log signed whose tree holds the event at `position` (leaf position − 1). */
async function smallestCheckpointHolding(db: Queryable, position: number): Promise<number | null> {
  const [row] = await db.query<{ tree_size: unknown }>('select tree_size from tlog_checkpoint where tree_size >= $1 order by tree_size limit 1', [position]);
  return row ? toNumber(row.tree_size) : null;
}

function notAnEvent(planId: string, seq: unknown): ServiceError {
  return new ServiceError(
    500,
    'internal',
    `Ghi nhận số ${String(seq)} của kế hoạch ${planId} trong cơ sở dữ liệu không phải ghi nhận hợp lệ của sổ: cơ sở dữ liệu đã bị sửa ngoài dịch vụ; chạy "cchc audit".`,
    `Event ${String(seq)} of plan ${planId} in the database is not a valid ledger event: the database was changed outside the service; run "cchc audit".`,
  );
}
