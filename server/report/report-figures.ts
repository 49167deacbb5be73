import type { IsoInstant } from '../../ledger/dates.ts';
import { LedgerEvent, type FormatVersion } from '../../ledger/events.ts';
import { inOrder } from '../../ledger/in-order.ts';
import { project } from '../../ledger/project.ts';
import { replayStream } from '../../ledger/replay.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { Head } from '../../ledger/store.ts';
import { planCutFigures, type PlanCutFigures } from '../../templates/reports/province-plans.ts';
import { DEFAULT_PERIODS } from '../../templates/reports/report-config.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
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
  /** The kept figures that hold for the knownAt asked, or null; whether a report read them before. */
  figures: PlanCutFigures | string | null;
  reported: boolean | null;
}

/**
 * Every plan of the province counted for a consolidated report at (cut, knownAt), with where each
 * plan's figures come from: its head as known at knownAt and that event's place in the province-wide
 * log, and the smallest signed checkpoint of the transparency log holding them all.
 *
 * Each event was checked once, when it was appended (schema, signature, the key ring, the ledger's
 * rules, the directory's permissions: server/plan-writer.ts), so nothing here verifies again: a
 * plan is read from its kept figures (table report_figures, one query for them all; the writer
 * keeps them at each new head, keepFiguresAtHead) or, when none hold for this cut and knownAt, its
 * events up to knownAt are read and folded once and the figures kept for the next report. Whoever
 * does not take that on trust re-checks everything from the exported ledgers, or with `cchc report
 * --full-check`, which verifies every plan on the client.
 */
export async function reportFigures(db: Database, cut: DataWindow, knownAt: IsoInstant): Promise<ReportFigures> {
  const rows = await keptFigures(db, cut, knownAt);
  const figures = await inOrder(rows, REPLAYS_AT_ONCE, async (row) => {
    if (row.figures !== null) return typeof row.figures === 'string' ? (JSON.parse(row.figures) as PlanCutFigures) : row.figures;
    const replayed = await replayForReport(db, row.id, cut, knownAt);
    // A plan with no event yet has nothing to keep; its first event would change its format.
    if (replayed.figures.format !== null) await keepReplayed(db, row.id, cut, replayed);
    return replayed.figures;
  });
  await markReported(
    db,
    cut,
    rows.flatMap((row, i) => (row.reported === false ? [{ planId: row.id, seq: figures[i]!.head.seq }] : [])),
  );
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
      `select p.id, p.owner_agency_id, p.scope, f.figures, f.reported
       from plan p
       left join lateral (
         select f.figures, f.reported from report_figures f
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

async function keepReplayed(db: Queryable, planId: string, cut: DataWindow, { figures, headAt }: Replayed): Promise<void> {
  await keepRows(db, planId, { ...figures.head }, headAt, [figures], true);
}

/** Kept figures (each at its own cut) of one plan at `head`; `reported` when a report is reading them now. */
async function keepRows(db: Queryable, planId: string, head: Head, headAt: IsoInstant | null, figures: readonly PlanCutFigures[], reported: boolean): Promise<void> {
  try {
    await db.query(
      `insert into report_figures (plan_id, valid_at, window_from, window_to, head_seq, head_hash, head_at, figures, reported)
       select $1, r.valid_at, r.window_from, r.valid_at, $2, $3, $4, r.figures::json, $5
       from unnest($6::date[], $7::date[], $8::text[]) as r (valid_at, window_from, figures)
       on conflict do nothing`,
      [planId, head.seq, head.hash, headAt, reported, figures.map((f) => f.validAt), figures.map((f) => f.window.from), figures.map((f) => JSON.stringify(f))],
    );
  } catch (error) {
    throw storageError(`lưu số liệu báo cáo của kế hoạch ${planId}`, `keeping the report figures of plan ${planId}`, error);
  }
}

/** Rows a report has now read: kept when their plan's head moves on (keepFiguresAtHead drops the others). */
async function markReported(db: Queryable, cut: DataWindow, heads: ReadonlyArray<{ planId: string; seq: number }>): Promise<void> {
  if (heads.length === 0) return;
  await db.query(
    `update report_figures f set reported = true from unnest($1::text[], $2::integer[]) as h (plan_id, seq)
     where f.plan_id = h.plan_id and f.head_seq = h.seq and f.valid_at = $3::date and f.window_from = $4::date and f.window_to = $3::date and not f.reported`,
    [heads.map((h) => h.planId), heads.map((h) => h.seq), cut.to, cut.from],
  );
}

/** The report periods (the Ministry's cut-offs) of every year from `periodFrom` to `periodTo`. */
export function reportCutsOf(periodFrom: string, periodTo: string): DataWindow[] {
  const cuts: DataWindow[] = [];
  for (let year = Number(periodFrom.slice(0, 4)); year <= Number(periodTo.slice(0, 4)); year++) {
    for (const kind of Object.keys(DEFAULT_PERIODS)) {
      const { from, to } = resolvePeriod(`${year}-${kind}`, { periods: DEFAULT_PERIODS })!;
      cuts.push({ from, to });
    }
  }
  return cuts;
}

/**
 * In the writer's transaction, at a plan's new head: the figures of every cut, projected from what
 * the ledger knows there (the state the push was just checked against, `Ledger.state`: every event
 * known, every change in force; no event read again), kept for any knownAt from the head event's
 * time on; and the plan's rows of earlier heads that no report has read are dropped.
 */
export async function keepFiguresAtHead(
  tx: Queryable,
  planId: string,
  ledger: { head: Head; format: FormatVersion | null; state: LedgerState },
  headAt: IsoInstant,
  cuts: readonly DataWindow[],
): Promise<void> {
  const figures = cuts.map((cut) => planCutFigures(project(ledger.state, cut.to), ledger.format, cut));
  try {
    await tx.query('delete from report_figures where plan_id = $1 and head_seq < $2 and not reported', [planId, ledger.head.seq]);
  } catch (error) {
    throw storageError(`xóa số liệu báo cáo cũ của kế hoạch ${planId}`, `dropping the old report figures of plan ${planId}`, error);
  }
  await keepRows(tx, planId, ledger.head, headAt, figures, false);
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
