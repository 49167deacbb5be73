// Node only: the Sở Nội vụ's demo (`cchc demo --province`).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex, sha256HexBytes } from '#digest';
import type { Actor, EventDraft } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { verify } from '../../ledger/verify.ts';
import type { Database } from '../../server/db/database.ts';
import { initProvince } from '../../server/province-init.ts';
import { signedCheckpoint } from '../../server/protocol/log-witness.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { completionOf, completionTextVi } from '../../templates/reports/completion-rate.ts';
import { consolidate } from '../../templates/reports/consolidation.ts';
import type { ProvinceManifest } from '../../templates/reports/province-manifest.ts';
import { recordsOfLines, type Province } from '../../templates/reports/province-plans.ts';
import { issuerInProvince } from '../../templates/reports/report-document.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { readTable } from '../../templates/table/read-table.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { signerOfSeed } from '../key-file.ts';
import { provinceReportFromService } from '../province-report.ts';
import { loadReportConfig } from '../report-ledger.ts';
import { readSyncState, lockClone } from '../sync/clone-files.ts';
import { openCloneLedger } from '../sync/clone-ledger.ts';
import { clonePlan } from '../sync/clone-plan.ts';
import { syncClone, type SyncRound } from '../sync/clone-sync.ts';
import { DEMO_AGENCIES, DEMO_PROVINCE, demoPersonName, HOME_AFFAIRS, type DemoAgency } from './province-agencies.ts';
import { yearOfChanges } from './year-of-changes.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
const REPORT_CONFIG = fileURLToPath(new URL('../../samples/bentre-2021-bao-cao.json', import.meta.url));
export const DEMO_YEAR = 2021;
const YEAR = DEMO_YEAR;
const PROVINCE_PLAN = `kh-cchc-tinh-${YEAR}`;
const OFFICER: Actor = { name: 'Nguyễn Thị Lan', unit: HOME_AFFAIRS.officialName };
/** When each consolidated report is made: a few days after its cut-off. */
const REPORTS = [
  { period: 'Q1', madeOn: '03-18' },
  { period: 'H1', madeOn: '06-18' },
  { period: '9M', madeOn: '09-18' },
  { period: 'Y', madeOn: '12-18' },
];
/** Clients that work offline from April to June and sync in July: what they recorded meanwhile reaches the province late. */
const OFFLINE_AGENCIES = new Set(['batri', 'sgddt', 'stc']);
const OFFLINE_MONTHS = new Set([4, 5, 6]);
/** How many clients sync with the service at the same moment. */
const AT_ONCE = 6;
/** The manifest written beside the exported ledgers. */
export const MANIFEST = 'tinh.json';

export interface ProvinceDemoOptions {
  out: string;
  /** The database the service opens: a postgres:// address, or PGlite's data directory. */
  database: string;
  /** Starts the service on that database; resolves to its address and a way to stop it. */
  startService(db: Database): Promise<{ url: string; stop(): Promise<void> }>;
  openDatabase(target: string): Promise<Database>;
  say(line: string): void;
}

/**
 * The whole story of a province's year: the service started on its database, the province's
 * agencies and people enrolled, the province's plan and every agency's own plan imported from the
 * sample table, a year of changes recorded on each person's own clone and synced by many clients at
 * once (three offline for a quarter, one refused for writing on another agency's task), then the
 * four consolidated reports built from what the service serves, and every plan exported as NDJSON
 * and verified. Returns the service's address, still running, and how to stop it.
 */
export async function runProvinceDemo(options: ProvinceDemoOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const { out, say } = options;
  const db = await options.openDatabase(options.database);
  const officer = demoSigner(OFFICER);
  await initProvince(db, {
    province: DEMO_PROVINCE,
    agency: { id: HOME_AFFAIRS.id, officialName: HOME_AFFAIRS.officialName },
    admin: { id: 'nguyen-thi-lan', fullName: OFFICER.name, publicKey: officer.publicKey },
  });
  const service = await options.startService(db);
  try {
    const computers = join(out, 'may-tinh');
    const people: Person[] = [];
    const enter = (id: string, actor: Actor, agency: DemoAgency, role: Role, signer?: Signer) => {
      const person = new Person(id, actor, agency, role, join(computers, id), service.url, signer);
      people.push(person);
      return person;
    };
    const admin = enter('nguyen-thi-lan', OFFICER, HOME_AFFAIRS, 'province-admin', officer);
    for (const { parentId, ...agency } of DEMO_AGENCIES) await admin.client.createAgency({ ...agency, ...(parentId !== null && { parentId }) });

    const bytes = new Uint8Array(await readFile(SAMPLE));
    const table = await readTable(bytes, 'bentre-2021-phuluc.xlsx');
    const source = { name: 'bentre-2021-phuluc.xlsx', sha256: sha256HexBytes(bytes) };
    const provinceData = planImportedData(table, source);
    const provinceDrafts = yearOfChanges(await importedState(provinceData, OFFICER), YEAR);

    // Each agency's administrator, enrolled by the Sở Nội vụ; its staff, by that administrator.
    const agencies = [HOME_AFFAIRS, ...DEMO_AGENCIES.filter((a) => a.level !== 'province')];
    const admins = new Map<string, Person>([[HOME_AFFAIRS.id, admin]]);
    const staff = new Map<string, Person[]>();
    let named = 0;
    for (const agency of agencies) {
      if (agency.id !== HOME_AFFAIRS.id) {
        const person = enter(`${agency.id}-quan-tri`, { name: demoPersonName(named++), unit: agency.officialName }, agency, 'agency-admin');
        await admin.client.createPerson(person.directoryEntry);
        admins.set(agency.id, person);
      }
      const recorders = uniqueActors(provinceDrafts.map((d) => d.actor).filter((a) => a.unit === agency.officialName && a.name !== OFFICER.name));
      if (recorders.length === 0) recorders.push({ name: demoPersonName(named++), unit: agency.officialName });
      const own: Person[] = [];
      for (const [i, actor] of recorders.entries()) {
        const person = enter(`${agency.id}-${i + 1}`, actor, agency, 'staff');
        await admins.get(agency.id)!.client.createPerson(person.directoryEntry);
        own.push(person);
      }
      staff.set(agency.id, own);
    }
    say(`Tỉnh / province: ${DEMO_PROVINCE.name}, ${agencies.length + 1} cơ quan, đơn vị; ${people.length} người có khóa ký / people with signing keys`);

    // The province's plan: imported by the Sở Nội vụ, with the key of everyone who records on it.
    const stray = staff.get('syt')![0]!;
    const onProvincePlan = [...staff.values()].flat().filter((p) => provinceDrafts.some((d) => sameActor(d.actor, p.actor)) || p === stray);
    await admin.client.createPlan({ id: PROVINCE_PLAN, ownerAgencyId: HOME_AFFAIRS.id, scope: 'province', title: provinceData.plan.title, periodFrom: `${YEAR}-01-01`, periodTo: `${YEAR}-12-31` });
    await admin.open(PROVINCE_PLAN);
    await admin.record(PROVINCE_PLAN, [
      { type: 'plan.imported', id: `${PROVINCE_PLAN}-plan`, actor: OFFICER, at: `${YEAR}-01-04T01:00:00.000Z`, data: provinceData },
      ...onProvincePlan.map((p, i) => enrolment(admin, p, `${PROVINCE_PLAN}-key-${i + 1}`)),
    ]);
    await admin.sync(PROVINCE_PLAN);

    // Each agency's own plan, from the same table under its own name.
    const plans = new Map<string, { drafts: Array<{ draft: EventDraft; by: Person }> }>();
    plans.set(PROVINCE_PLAN, { drafts: provinceDrafts.map((draft) => ({ draft, by: people.find((p) => sameActor(p.actor, draft.actor))! })) });
    for (const [index, agency] of agencies.entries()) {
      const planId = `${agency.id}-${YEAR}`;
      const keeper = admins.get(agency.id)!;
      const own = staff.get(agency.id)!;
      const data = planImportedData(table, source, {
        issuer: issuerInProvince(agency.officialName, 'tỉnh Bến Tre'),
        title: `Kế hoạch cải cách hành chính năm ${YEAR} của ${agency.officialName}`,
        year: YEAR,
        number: `${index + 1}/KH-${agency.id.toUpperCase()}`,
      });
      await keeper.client.createPlan({ id: planId, ownerAgencyId: agency.id, scope: 'agency', title: data.plan.title, periodFrom: `${YEAR}-01-01`, periodTo: `${YEAR}-12-31` });
      await keeper.open(planId);
      await keeper.record(planId, [
        { type: 'plan.imported', id: `${planId}-plan`, actor: keeper.actor, at: `${YEAR}-01-04T01:00:00.000Z`, data },
        ...own.map((p, i) => enrolment(keeper, p, `${planId}-key-${i + 1}`)),
      ]);
      await keeper.sync(planId);
      const drafts = yearOfChanges(await importedState(data, keeper.actor), YEAR, 100 + index).map((draft) => {
        // The agency's own people record its plan; revisions are its administrator's.
        const by = draft.type === 'plan.revised' ? keeper : own[hashOf(draft.actor.unit) % own.length]!;
        return { draft: { ...draft, actor: by.actor } as EventDraft, by };
      });
      plans.set(planId, { drafts });
    }
    // Everyone clones the plans they record on.
    for (const [planId, { drafts }] of plans) for (const by of new Set(drafts.map((d) => d.by))) await by.open(planId);
    await stray.open(PROVINCE_PLAN);
    say(`Kế hoạch / plans: ${plans.size} (1 của tỉnh, ${plans.size - 1} của các cơ quan, đơn vị), nhập từ phụ lục mẫu / imported from the sample appendix`);

    // A Sở Y tế officer marks done a task the Sở Tư pháp leads: recorded on their clone, refused by the service.
    const strayItem = provinceData.items.find((i) => i.lead.some((l) => l.name === 'Sở Tư pháp'))!;
    plans.get(PROVINCE_PLAN)!.drafts.push({
      by: stray,
      draft: { type: 'status.changed', id: `${PROVINCE_PLAN}-ngoai-tham-quyen`, actor: stray.actor, at: `${YEAR}-04-12T02:30:00.000Z`, data: { item: strayItem.id, status: 'done', effective: `${YEAR}-04-12` } },
    });

    // The year, month by month: each person records on their own clone, then syncs unless offline.
    let refusedSeen = 0;
    const waiting = new Set<Person>();
    for (let month = 1; month <= 12; month++) {
      const recordings = new Map<Person, Map<string, EventDraft[]>>();
      for (const [planId, { drafts }] of plans) {
        for (const { draft, by } of drafts) {
          if (monthOf(draft.at!) !== month) continue;
          const byPlan = recordings.get(by) ?? new Map<string, EventDraft[]>();
          byPlan.set(planId, [...(byPlan.get(planId) ?? []), draft]);
          recordings.set(by, byPlan);
        }
      }
      await inParallel([...recordings], AT_ONCE, async ([person, byPlan]) => {
        for (const [planId, drafts] of byPlan) await person.record(planId, drafts);
        waiting.add(person);
      });
      const online = [...waiting].filter((p) => !(OFFLINE_MONTHS.has(month) && OFFLINE_AGENCIES.has(p.agency.id)));
      await inParallel(online, AT_ONCE, async (person) => {
        for (const planId of person.clones.keys()) {
          for (const { pushed } of await person.sync(planId)) {
            for (const { event, error } of pushed.refused) {
              refusedSeen++;
              say(`Bị từ chối / refused: ${event.actor.name} (${event.actor.unit}) ghi "${event.type}" mục ${String((event.data as { item?: string }).item)} của ${planId} — ${error.vi} / ${error.en}`);
            }
          }
        }
        waiting.delete(person);
      });
    }
    const offline = people.filter((p) => OFFLINE_AGENCIES.has(p.agency.id)).length;
    say(`Một năm ghi nhận / a year recorded: ${people.length} người, mỗi người trên máy của mình, đồng bộ ${AT_ONCE} máy cùng lúc; ${offline} máy ngoại tuyến từ tháng 4 đến tháng 6; ${refusedSeen} ghi nhận bị từ chối`);

    // The four consolidated reports, built from what the service serves, each plan verified here.
    const config = await loadReportConfig(REPORT_CONFIG);
    let province: Province | undefined;
    for (const { period: kind, madeOn } of REPORTS) {
      const period = resolvePeriod(`${YEAR}-${kind}`, config)!;
      const knownAt = `${YEAR}-${madeOn}T03:00:00.000Z`;
      const { input, workbook, document } = await provinceReportFromService(admin.client, { period, knownAt, config });
      const file = join(out, `bao-cao-tong-hop-${period.id}.xlsx`);
      await writeFile(file, workbook);
      await writeFile(file.replace(/\.xlsx$/, '.docx'), document);
      province = input.province;
      const c = consolidate(input);
      const provincePlan = c.provincePlans[0]!;
      say(
        `Báo cáo tổng hợp ${period.id}: ${relative('.', file)} và .docx — kế hoạch của tỉnh hoàn thành ${completionTextVi(provincePlan.completion, provincePlan.unit)}; ` +
          `${c.agencyPlans.length} cơ quan, đơn vị hoàn thành ${completionTextVi(completionOf(c.agencyTotal), c.unit)}`,
      );
    }

    // Every plan's ledger, exported as the service holds it, verified offline.
    const exported = join(out, 'so-theo-doi');
    await mkdir(exported, { recursive: true });
    let events = 0;
    const served = await admin.client.plans();
    for (const plan of served) {
      const { lines } = await admin.client.pullAll(plan.id);
      await writeFile(join(exported, `${plan.id}.ndjson`), lines.map((l) => `${l}\n`).join(''));
      const verification = await verify(recordsOfLines(lines));
      if (!verification.ok) {
        throw new CliError(`Sổ ${plan.id} xuất từ dịch vụ không hợp lệ tại ghi nhận số ${verification.seq}: ${verification.message_vi}`, `Plan ${plan.id} as exported is broken at seq ${verification.seq}: ${verification.message_en}`, EXIT_FAILED);
      }
      events += verification.count;
    }
    // What `cchc report --province` needs to build the same reports offline from the exports.
    const manifest: ProvinceManifest = {
      province: province!.name,
      issuer: province!.issuer,
      agencies: province!.agencies,
      plans: served.map((p) => ({ id: p.id, agencyId: p.ownerAgencyId, scope: p.scope, file: `${p.id}.ndjson` })),
    };
    await writeFile(join(exported, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    say(`Sổ xuất ra / exported: ${relative('.', exported)}/ — ${served.length} sổ, ${events} ghi nhận, tất cả hợp lệ và có chữ ký (cchc verify); danh sách ${MANIFEST} cho "cchc report --province"`);
    // The service's transparency log, which every clone witnessed at each sync.
    const [origin, size, root] = (await signedCheckpoint(admin.client)).split('\n');
    say(
      `Nhật ký minh bạch / transparency log: điểm kiểm mới nhất / latest checkpoint ${origin}, ${size} sự kiện, gốc / root ${root}; ` +
        'ở mỗi lần đồng bộ, máy của mỗi người đã kiểm tra điểm kiểm mới nối tiếp điểm đã thấy / at every sync each computer checked the new checkpoint extends the one it saw',
    );
    return service;
  } catch (error) {
    await service.stop();
    throw error;
  }
}

type Role = 'province-admin' | 'agency-admin' | 'staff';

/**
 * A person at their own computer: their key, their client of the service, and a clone of each plan
 * they record on, recorded on and synced as `cchc record` and `cchc sync` do.
 */
class Person {
  readonly client: ServiceClient;
  readonly signer: Signer;
  /** Plan id → the clone's ledger file on this person's computer. */
  readonly clones = new Map<string, string>();

  constructor(
    readonly id: string,
    readonly actor: Actor,
    readonly agency: DemoAgency,
    readonly role: Role,
    private readonly dir: string,
    url: string,
    signer?: Signer,
  ) {
    this.signer = signer ?? demoSigner(actor);
    this.client = new ServiceClient(url, this.signer);
  }

  /** What the directory holds of this person. */
  get directoryEntry() {
    return { id: this.id, agencyId: this.agency.id, fullName: this.actor.name, publicKey: this.signer.publicKey, role: this.role };
  }

  async open(planId: string): Promise<void> {
    if (this.clones.has(planId)) return;
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${planId}.ndjson`);
    await clonePlan(this.client, planId, file);
    this.clones.set(planId, file);
  }

  async record(planId: string, drafts: readonly EventDraft[]): Promise<void> {
    const { ledger, close } = await openCloneLedger(this.clones.get(planId)!, this.signer);
    try {
      for (const draft of drafts) await ledger.append(draft);
    } finally {
      await close();
    }
  }

  async sync(planId: string): Promise<SyncRound[]> {
    const file = this.clones.get(planId)!;
    const lock = await lockClone(file);
    try {
      return await syncClone({ file, client: this.client, signer: this.signer, state: await readSyncState(file) });
    } finally {
      await lock.release();
    }
  }
}

/** The state a plan's drafts are made against: the plan as imported. */
async function importedState(data: ReturnType<typeof planImportedData>, actor: Actor): Promise<LedgerState> {
  const ledger = await Ledger.open(new MemoryStore());
  await ledger.append({ type: 'plan.imported', actor, at: `${YEAR}-01-04T01:00:00.000Z`, data });
  return ledger.state;
}

function enrolment(by: Person, person: Person, id: string, at = `${YEAR}-01-04T01:01:00.000Z`): EventDraft {
  return { type: 'key.enrolled', id, actor: by.actor, at, data: { key: person.signer.fingerprint, publicKey: person.signer.publicKey, person: person.actor, role: 'member' } };
}

/** Each person's demo key, the same every run (a seed from their name and unit). */
function demoSigner(actor: Actor): Signer {
  return signerOfSeed(Buffer.from(sha256Hex(`cchc province demo key: ${actor.name}\u0000${actor.unit}`), 'hex'));
}

const sameActor = (a: Actor, b: Actor) => a.name === b.name && a.unit === b.unit;

function uniqueActors(actors: readonly Actor[]): Actor[] {
  const seen: Actor[] = [];
  for (const actor of actors) if (!seen.some((s) => sameActor(s, actor))) seen.push(actor);
  return seen;
}

/** The month (1–12) of an instant, in Vietnam time. */
const monthOf = (at: string) => new Date(Date.parse(at) + 7 * 3_600_000).getUTCMonth() + 1;

const hashOf = (text: string) => parseInt(sha256Hex(text).slice(0, 8), 16);

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
