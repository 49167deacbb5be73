import type { Queryable } from '../../../server/db/database.ts';

/** A province with one agency, the Sở Nội vụ, created once per database. */
async function ensureProvince(db: Queryable): Promise<void> {
  await db.query(`insert into province (code, name) values ('01', 'Thành phố Hà Nội') on conflict do nothing`);
  await db.query(
    `insert into agency (id, province_code, official_name, parent_id, level)
     values ('so-noi-vu', '01', 'Sở Nội vụ thành phố Hà Nội', null, 'department') on conflict do nothing`,
  );
}

/** A new, empty plan of the Sở Nội vụ for 2025; returns its id. */
export async function createPlan(db: Queryable, id: string): Promise<string> {
  await ensureProvince(db);
  await db.query(
    `insert into plan (id, province_code, owner_agency_id, scope, title, period_from, period_to)
     values ($1, '01', 'so-noi-vu', 'agency', 'Kế hoạch cải cách hành chính năm 2025', '2025-01-01', '2025-12-31')`,
    [id],
  );
  return id;
}
