import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex, sha256HexBytes } from '#digest';
import { seededRandom } from '../../cli/demo/seeded-random.ts';
import { signerOfSeed } from '../../cli/key-file.ts';
import type { Actor, EventDraft } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import type { ProvinceManifest } from '../../templates/reports/province-manifest.ts';
import { readTable } from '../../templates/table/read-table.ts';

const SAMPLE = new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url);

/** The period the tests report on, and when its data is taken (a few days after the cut-off, 14/03/2021). */
export const PERIOD = '2021-Q1';
export const KNOWN_AT = '2021-03-18T03:00:00.000Z';
/** Recorded after KNOWN_AT: must count for nothing in the report. */
const LATER = '2021-03-25T03:00:00.000Z';

export type Outcome = 'done' | 'in_progress' | 'untouched';

/** One plan of the province as the test made it: what it recorded for each item, to count independently. */
export interface MadePlan {
  id: string;
  agencyId: string;
  scope: 'province' | 'agency';
  file: string;
  /** Item id → what was recorded by KNOWN_AT with an effective date on or before the cut-off. */
  outcomes: Map<string, Outcome>;
  /** The plan's items with their lead agencies' names, as imported. */
  leads: Map<string, string[]>;
  /** The state after import, for the items' due dates (the ledger's reading of the timelines). */
  imported: LedgerState;
}

export interface ProvinceFixture {
  dir: string;
  manifestFile: string;
  manifest: ProvinceManifest;
  plans: MadePlan[];
}

const agency = (id: string, officialName: string, level: 'province' | 'department' | 'district' | 'commune', parentId: string | null) => ({ id, officialName, level, parentId });

export const AGENCIES = [
  agency('ubnd', 'Ủy ban nhân dân tỉnh Bến Tre', 'province', null),
  agency('snv', 'Sở Nội vụ', 'department', 'ubnd'),
  agency('stp', 'Sở Tư pháp', 'department', 'ubnd'),
  agency('stc', 'Sở Tài chính', 'department', 'ubnd'),
  agency('syt', 'Sở Y tế', 'department', 'ubnd'),
  agency('sxd', 'Sở Xây dựng', 'department', 'ubnd'),
  agency('sct', 'Sở Công Thương', 'department', 'ubnd'),
  agency('chauthanh', 'Ủy ban nhân dân huyện Châu Thành', 'district', 'ubnd'),
  agency('giongtrom', 'Ủy ban nhân dân huyện Giồng Trôm', 'district', 'ubnd'),
];

/**
 * How each plan is made: the sample table imported (the province's own plan as printed, each
 * agency's under its own name), then statuses drawn from its seed. Sở Xây dựng has no plan; Sở
 * Công Thương's is of 2020 (not of the period); Giồng Trôm imported its plan after the data was taken.
 */
const PLANS: Array<{ id: string; agencyId: string; scope: 'province' | 'agency'; seed: number; doneShare: number; year?: number; importAt?: string; signed?: boolean }> = [
  { id: 'kh-tinh-2021', agencyId: 'snv', scope: 'province', seed: 1, doneShare: 0.45 },
  { id: 'snv-2021', agencyId: 'snv', scope: 'agency', seed: 2, doneShare: 1 },
  { id: 'stp-2021', agencyId: 'stp', scope: 'agency', seed: 3, doneShare: 0.85, signed: true },
  { id: 'stc-2021', agencyId: 'stc', scope: 'agency', seed: 4, doneShare: 0.3 },
  { id: 'syt-2021', agencyId: 'syt', scope: 'agency', seed: 5, doneShare: 0.6 },
  { id: 'sct-2020', agencyId: 'sct', scope: 'agency', seed: 6, doneShare: 0.5, year: 2020 },
  { id: 'chauthanh-2021', agencyId: 'chauthanh', scope: 'agency', seed: 7, doneShare: 0.7 },
  { id: 'giongtrom-2021', agencyId: 'giongtrom', scope: 'agency', seed: 8, doneShare: 0.5, importAt: LATER },
];

const officer = (unit: string): Actor => ({ name: 'Nguyễn Thị Lan', unit });
const morning = (date: string, minutes: number) => new Date(Date.parse(`${date}T02:00:00.000Z`) + minutes * 60_000).toISOString();

/** Writes the province's ledgers (NDJSON, through the ledger facade: schema, rules, chain) and its manifest into `dir`. */
export async function makeProvince(dir: string): Promise<ProvinceFixture> {
  const bytes = new Uint8Array(readFileSync(SAMPLE));
  const read = await readTable(bytes, 'bentre-2021-phuluc.xlsx');
  const made: MadePlan[] = [];
  for (const spec of PLANS) {
    const owner = AGENCIES.find((a) => a.id === spec.agencyId)!;
    const actor = officer(owner.officialName);
    const year = spec.year ?? 2021;
    const data = planImportedData(
      read,
      { name: 'bentre-2021-phuluc.xlsx', sha256: sha256HexBytes(bytes) },
      spec.scope === 'province'
        ? {}
        : { issuer: `${owner.officialName} tỉnh Bến Tre`, title: `Kế hoạch cải cách hành chính năm ${year} của ${owner.officialName}`, year, number: `${spec.seed}/KH-${spec.id.split('-')[0]!.toUpperCase()}` },
    );
    const file = `${spec.id}.ndjson`;
    const store = await NdjsonStore.open(join(dir, file));
    const signer = spec.signed ? signerOfSeed(Buffer.from(sha256Hex(`test key ${spec.id}`), 'hex')) : undefined;
    const ledger = await Ledger.open(store, { clock: () => new Date('2022-01-01T00:00:00.000Z'), ...(signer && { signer }) });
    try {
      if (signer) {
        await ledger.append({ type: 'key.enrolled', actor, at: `${year}-01-04T00:59:00.000Z`, data: { key: signer.fingerprint, publicKey: signer.publicKey, person: actor, role: 'admin' } });
      }
      await ledger.append({ type: 'plan.imported', actor, at: spec.importAt ?? `${year}-01-04T01:00:00.000Z`, data });
      const imported = ledger.state;
      const outcomes = new Map<string, Outcome>();
      const next = seededRandom(spec.seed);
      const drafts: EventDraft[] = [];
      let minute = 0;
      for (const id of imported.itemOrder) {
        const r = next();
        const outcome: Outcome = r < spec.doneShare ? 'done' : r < spec.doneShare + (1 - spec.doneShare) / 2 ? 'in_progress' : 'untouched';
        // A day in the first quarter, before the cut-off, for the effective date and the recording.
        const day = `${year}-0${1 + Math.floor(next() * 2)}-${String(5 + Math.floor(next() * 20)).padStart(2, '0')}`;
        if (outcome !== 'untouched') drafts.push({ type: 'status.changed', actor, at: morning(day, (minute += 7)), data: { item: id, status: outcome, effective: day } });
        outcomes.set(id, spec.importAt || year !== 2021 ? 'untouched' : outcome);
      }
      // Recorded after the data was taken: a change the report must not see.
      const lateItem = imported.itemOrder.find((id) => outcomes.get(id) !== 'done');
      if (lateItem) drafts.push({ type: 'status.changed', actor, at: LATER, data: { item: lateItem, status: 'done', effective: `${year}-03-10` } });
      drafts.sort((a, b) => (a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : 0));
      for (const draft of drafts) if (draft.at! >= (spec.importAt ?? '')) await ledger.append(draft);
      made.push({
        id: spec.id,
        agencyId: spec.agencyId,
        scope: spec.scope,
        file,
        outcomes,
        leads: new Map(data.items.map((i) => [i.id, i.lead.map((l) => l.name)])),
        imported,
      });
    } finally {
      await store.close();
    }
  }
  const manifest: ProvinceManifest = {
    province: 'tỉnh Bến Tre',
    issuer: 'Sở Nội vụ tỉnh Bến Tre',
    agencies: AGENCIES,
    plans: made.map((p) => ({ id: p.id, agencyId: p.agencyId, scope: p.scope, file: p.file })),
  };
  const manifestFile = join(dir, 'tinh.json');
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifestFile, manifest, plans: made };
}
