import type { Queryable } from '../db/database.ts';
import { storageError } from '../db/storage-error.ts';
import type { PeriodCut, PeriodFigures } from './period-figures.ts';

export interface ProvinceRow {
  code: string;
  name: string;
}

export interface AgencyRow {
  id: string;
  official_name: string;
  parent_id: string | null;
  level: 'province' | 'department' | 'district' | 'commune';
}

/** A plan with its head and when its last event was stored and recorded (the agency's last sync). */
export interface PlanRow {
  id: string;
  owner_agency_id: string;
  scope: 'province' | 'agency';
  title: string;
  head_seq: number;
  head_hash: string;
  /** When the head event's transaction began: null while the plan has no event. */
  last_stored_at: Date | string | null;
  /** The head event's `at` (recorded times never go back along a chain, so it is the latest). */
  last_at: string | null;
}

const PLAN_WITH_HEAD_EVENT = `select p.id, p.owner_agency_id, p.scope, p.title, p.head_seq, p.head_hash,
    e.stored_at as last_stored_at, e.line::json ->> 'at' as last_at
  from plan p left join plan_event e on e.plan_id = p.id and e.seq = p.head_seq`;

async function rows<Row extends object>(db: Queryable, doingVi: string, doingEn: string, text: string, params: unknown[] = []): Promise<Row[]> {
  try {
    return await db.query<Row>(text, params);
  } catch (error) {
    throw storageError(doingVi, doingEn, error);
  }
}

/** The province this database keeps (the first created, should there be several). */
export async function provinceOf(db: Queryable): Promise<ProvinceRow | null> {
  const found = await rows<ProvinceRow>(db, 'đọc thông tin tỉnh', 'reading the province', 'select code, name from province order by created_at, code limit 1');
  return found[0] ?? null;
}

export function agenciesOf(db: Queryable, province: string): Promise<AgencyRow[]> {
  return rows<AgencyRow>(
    db,
    'đọc danh sách cơ quan',
    'reading the agencies',
    'select id, official_name, parent_id, level from agency where province_code = $1 order by official_name, id',
    [province],
  );
}

/** The years some plan of the province covers, latest first. */
export async function planYearsOf(db: Queryable, province: string): Promise<number[]> {
  const found = await rows<{ year: number }>(
    db,
    'đọc các năm kế hoạch',
    'reading the plan years',
    `select distinct y::integer as year
     from plan p, generate_series(extract(year from p.period_from)::integer, extract(year from p.period_to)::integer) y
     where p.province_code = $1 order by year desc`,
    [province],
  );
  return found.map((r) => Number(r.year));
}

/** The plans of the province in force during `year`, each with its head event's times. */
export function plansOfYear(db: Queryable, province: string, year: number): Promise<PlanRow[]> {
  return rows<PlanRow>(
    db,
    `đọc các kế hoạch năm ${year}`,
    `reading the plans of ${year}`,
    `${PLAN_WITH_HEAD_EVENT} where p.province_code = $1 and p.period_from <= make_date($2, 12, 31) and p.period_to >= make_date($2, 1, 1)
     order by p.scope, p.id`,
    [province, year],
  );
}

/** The plans of `year` as plansOfYear, each with its figures for `cut` stored at its head, or null. */
export function plansOfYearWithFigures(db: Queryable, province: string, year: number, cut: PeriodCut): Promise<Array<PlanRow & { figures: PeriodFigures | null }>> {
  return rows(
    db,
    `đọc các kế hoạch năm ${year} và số liệu của chúng`,
    `reading the plans of ${year} and their figures`,
    `select q.*, f.figures from (${PLAN_WITH_HEAD_EVENT} where p.province_code = $1 and p.period_from <= make_date($2, 12, 31) and p.period_to >= make_date($2, 1, 1)) q
     left join plan_figures f on f.plan_id = q.id and f.valid_at = $3::date and f.window_from = $4::date and f.window_to = $5::date
       and f.head_seq = q.head_seq and f.head_hash = q.head_hash
     order by q.scope, q.id`,
    [province, year, cut.validAt, cut.from, cut.to],
  );
}

export async function planRow(db: Queryable, planId: string): Promise<PlanRow | null> {
  const found = await rows<PlanRow>(
    db,
    `đọc kế hoạch ${planId}`,
    `reading plan ${planId}`,
    `${PLAN_WITH_HEAD_EVENT} where p.id = $1`,
    [planId],
  );
  return found[0] ?? null;
}
