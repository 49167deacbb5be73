import { EMPTY_HEAD } from '../ledger/store.ts';
import type { Queryable } from './db/database.ts';
import { provinceOf, agencyById, notInitialised } from './directory.ts';
import { MAX_PULL, type Head, type NewPlan, type PlanInfo } from './protocol/bodies.ts';
import { ServiceError } from './protocol/service-error.ts';

interface PlanRow {
  id: string;
  owner_agency_id: string;
  scope: 'province' | 'agency';
  title: string;
  period_from: Date | string;
  period_to: Date | string;
  head_seq: number;
  head_hash: string;
}

const PLAN_SELECT = 'select id, owner_agency_id, scope, title, period_from::text, period_to::text, head_seq, head_hash from plan';

function infoOf(row: PlanRow): PlanInfo {
  return {
    id: row.id,
    ownerAgencyId: row.owner_agency_id,
    scope: row.scope,
    title: row.title,
    periodFrom: String(row.period_from),
    periodTo: String(row.period_to),
    head: row.head_seq === 0 ? { ...EMPTY_HEAD } : { seq: row.head_seq, hash: row.head_hash },
  };
}

export async function plans(db: Queryable, agencyId?: string): Promise<PlanInfo[]> {
  const rows = await db.query<PlanRow>(`${PLAN_SELECT} where $1::text is null or owner_agency_id = $1 order by period_from, id`, [agencyId ?? null]);
  return rows.map(infoOf);
}

/** The plan, or a 404 naming it. */
export async function planById(db: Queryable, id: string): Promise<PlanInfo> {
  const [row] = await db.query<PlanRow>(`${PLAN_SELECT} where id = $1`, [id]);
  if (!row) throw new ServiceError(404, 'not-found', `Không có kế hoạch "${id}" trên dịch vụ.`, `There is no plan "${id}" on the service.`, { plan: id });
  return infoOf(row);
}

export async function createPlan(db: Queryable, plan: NewPlan): Promise<PlanInfo> {
  const province = await provinceOf(db);
  if (!province) throw notInitialised();
  if (!(await agencyById(db, plan.ownerAgencyId))) {
    throw new ServiceError(400, 'bad-request', `Không có cơ quan mã "${plan.ownerAgencyId}" trong danh bạ.`, `There is no agency "${plan.ownerAgencyId}" in the directory.`, { field: 'ownerAgencyId' });
  }
  const inserted = await db.query(
    `insert into plan (id, province_code, owner_agency_id, scope, title, period_from, period_to)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing returning 1`,
    [plan.id, province.code, plan.ownerAgencyId, plan.scope, plan.title.normalize('NFC'), plan.periodFrom, plan.periodTo],
  );
  if (inserted.length === 0) throw new ServiceError(409, 'exists', `Đã có kế hoạch mã "${plan.id}"; không ghi gì.`, `There is already a plan "${plan.id}"; nothing was written.`, { id: plan.id });
  return planById(db, plan.id);
}

/** The stored lines after `after` (at most `limit`) and the head, read in one statement: they agree. */
export async function storedLines(db: Queryable, planId: string, after: number, limit: number): Promise<{ lines: string[]; head: Head }> {
  const rows = await db.query<{ head_seq: number; head_hash: string; line: string | null }>(
    `select p.head_seq, p.head_hash, e.line from plan p left join lateral (
       select seq, line from plan_event where plan_id = p.id and seq > $2 and seq <= p.head_seq order by seq limit $3
     ) e on true where p.id = $1 order by e.seq`,
    [planId, after, Math.min(limit, MAX_PULL)],
  );
  const first = rows[0];
  if (!first) await planById(db, planId); // throws its 404
  const head = first!.head_seq === 0 ? { ...EMPTY_HEAD } : { seq: first!.head_seq, hash: first!.head_hash };
  return { lines: rows.flatMap((r) => (r.line === null ? [] : [r.line])), head };
}
