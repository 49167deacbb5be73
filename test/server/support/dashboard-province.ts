import { readFile } from 'node:fs/promises';
import { sha256Hex, sha256HexBytes } from '#digest';
import { signerOfSeed } from '../../../cli/key-file.ts';
import { yearOfChanges } from '../../../cli/demo/year-of-changes.ts';
import type { Actor, EventDraft, LedgerEvent } from '../../../ledger/events.ts';
import { Ledger } from '../../../ledger/ledger.ts';
import type { Signer } from '../../../ledger/signed-content.ts';
import type { Queryable } from '../../../server/db/database.ts';
import { PlanEventStore } from '../../../server/plan-event-store.ts';
import { planImportedData } from '../../../templates/import/plan-imported.ts';
import { readTable } from '../../../templates/table/read-table.ts';
import type { Database } from '../../../server/db/database.ts';

const SAMPLE = new URL('../../../samples/bentre-2021-phuluc.xlsx', import.meta.url);
export const YEAR = 2021;

/**
 * The agencies of the test province and how far each got through the sample's year of changes
 * (cli/demo/year-of-changes.ts) before it last synced: everything, the drafts recorded up to a
 * date, only the plan's import, a plan with no event at all, no plan.
 */
export const AGENCIES = [
  { id: 'so-noi-vu', name: 'Sở Nội vụ tỉnh Bến Tre', level: 'department', upTo: 'all' },
  { id: 'so-tu-phap', name: 'Sở Tư pháp tỉnh Bến Tre', level: 'department', upTo: '2021-09-01' },
  { id: 'so-gddt', name: 'Sở Giáo dục và Đào tạo tỉnh Bến Tre', level: 'department', upTo: '2021-04-20' },
  { id: 'ubnd-chau-thanh', name: 'UBND huyện Châu Thành', level: 'district', upTo: 'import' },
  { id: 'ubnd-xa-an-hiep', name: 'UBND xã An Hiệp', level: 'commune', upTo: 'empty' },
  { id: 'ubnd-xa-phu-an-hoa', name: 'UBND xã Phú An Hòa', level: 'commune', upTo: 'no-plan' },
] as const;

export type AgencySeed = (typeof AGENCIES)[number];
export const planIdOf = (agency: { id: string }) => `${agency.id}-${YEAR}`;

/** Each person's key, the same every run (as the demo's). */
export function signerOf(person: Actor): Signer {
  return signerOfSeed(Buffer.from(sha256Hex(`dashboard test key: ${person.name}\u0000${person.unit}`), 'hex'));
}

/** The clock the ledgers append under: after every recorded event, so none is future-dated. */
const LEDGER_CLOCK = () => new Date(`${YEAR + 1}-01-10T00:00:00.000Z`);

/**
 * Creates the province, its agencies and their plans of the year, each plan's ledger signed and
 * appended through PlanEventStore as its authors would: the officer enrols her key and imports the
 * sample table, enrols every other author's key, then each run of one author's drafts is signed
 * with that author's key. Returns every plan's events as appended, for independent counts.
 */
export async function seedProvince(db: Database): Promise<Map<string, LedgerEvent[]>> {
  await db.query(`insert into province (code, name) values ('83', 'Tỉnh Bến Tre')`);
  for (const agency of AGENCIES) {
    await db.query(`insert into agency (id, province_code, official_name, parent_id, level) values ($1, '83', $2, null, $3)`, [agency.id, agency.name, agency.level]);
  }
  const bytes = new Uint8Array(await readFile(SAMPLE));
  const imported = planImportedData(await readTable(bytes, 'bentre-2021-phuluc.xlsx'), { name: 'bentre-2021-phuluc.xlsx', sha256: sha256HexBytes(bytes) });
  const events = new Map<string, LedgerEvent[]>();
  for (const agency of AGENCIES) {
    if (agency.upTo === 'no-plan') continue;
    const planId = planIdOf(agency);
    await createPlan(db, planId, agency.id);
    if (agency.upTo === 'empty') {
      events.set(planId, []);
      continue;
    }
    const officer: Actor = { name: 'Nguyễn Thị Lan', unit: agency.name };
    const ledger = await Ledger.open(await PlanEventStore.open(db, planId), { signer: signerOf(officer), clock: LEDGER_CLOCK });
    const appended: LedgerEvent[] = [];
    appended.push(
      ...(await ledger.append({
        type: 'key.enrolled',
        id: `${planId}-key-0`,
        actor: officer,
        at: `${YEAR}-01-04T00:59:00.000Z`,
        data: { key: signerOf(officer).fingerprint, publicKey: signerOf(officer).publicKey, person: officer, role: 'admin' },
      })),
      ...(await ledger.append({ type: 'plan.imported', id: `${planId}-plan`, actor: officer, at: `${YEAR}-01-04T01:00:00.000Z`, data: imported })),
    );
    if (agency.upTo !== 'import') {
      const all = yearOfChanges(ledger.state, YEAR);
      const drafts = agency.upTo === 'all' ? all : all.filter((d) => d.at! < `${agency.upTo}T00:00:00.000Z`);
      const people = new Map(drafts.map((d) => [`${d.actor.name}\u0000${d.actor.unit}`, d.actor]));
      appended.push(
        ...(await ledger.append(
          [...people.values()].map((person, i) => ({
            type: 'key.enrolled',
            id: `${planId}-key-${i + 1}`,
            actor: officer,
            at: `${YEAR}-01-04T01:01:00.000Z`,
            data: { key: signerOf(person).fingerprint, publicKey: signerOf(person).publicKey, person, role: 'member' },
          }) satisfies EventDraft),
        )),
      );
      for (let from = 0; from < drafts.length; ) {
        const author = drafts[from]!.actor;
        let to = from + 1;
        while (to < drafts.length && drafts[to]!.actor.name === author.name && drafts[to]!.actor.unit === author.unit) to++;
        appended.push(...(await ledger.append(drafts.slice(from, to), { signer: signerOf(author) })));
        from = to;
      }
    }
    events.set(planId, appended);
  }
  return events;
}

export async function createPlan(db: Queryable, planId: string, agencyId: string): Promise<void> {
  await db.query(
    `insert into plan (id, province_code, owner_agency_id, scope, title, period_from, period_to)
     values ($1, '83', $2, 'agency', $3, '${YEAR}-01-01', '${YEAR}-12-31')`,
    [planId, agencyId, `Kế hoạch cải cách hành chính năm ${YEAR}`],
  );
}
