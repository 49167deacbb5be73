import type { Database } from './db/database.ts';
import { createPerson, provinceOf } from './directory.ts';
import { ServiceError } from './protocol/service-error.ts';

export interface ProvinceInit {
  province: { code: string; name: string };
  /** The Sở Nội vụ: keeps the province's plan and its administrators. */
  agency: { id: string; officialName: string };
  admin: { id: string; fullName: string; publicKey: string };
}

/**
 * The operator's bootstrap (`cchc serve init`): the province, its Sở Nội vụ and the first province
 * administrator, in one transaction. Everything else is then done through the service, signed.
 */
export async function initProvince(db: Database, init: ProvinceInit): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('cchc.init'))`);
    const existing = await provinceOf(tx);
    if (existing) {
      throw new ServiceError(
        409,
        'exists',
        `Cơ sở dữ liệu đã có tỉnh ${existing.name} (${existing.code}); "serve init" chỉ chạy một lần, không ghi gì.`,
        `The database already holds the province ${existing.name} (${existing.code}); "serve init" runs once, nothing was written.`,
      );
    }
    await tx.query('insert into province (code, name) values ($1, $2)', [init.province.code, init.province.name.normalize('NFC')]);
    await tx.query(`insert into agency (id, province_code, official_name, parent_id, level) values ($1, $2, $3, null, 'department')`, [
      init.agency.id,
      init.province.code,
      init.agency.officialName.normalize('NFC'),
    ]);
    await createPerson(tx, { id: init.admin.id, agencyId: init.agency.id, fullName: init.admin.fullName, publicKey: init.admin.publicKey, role: 'province-admin' });
  });
}
