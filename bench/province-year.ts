// A province's year on the service, for the benchmarks that need one (province-service.ts,
// consolidated-report.ts): N agencies, each with an administrator and a plan (the bundled Bến Tre
// table, the demo's year of changes and weekly progress notes up to the events asked for), every
// event signed on its client; then pushed by C clients at once in batches, as syncs after a day's work.
import { readFileSync } from 'node:fs';
import { sha256Hex, sha256HexBytes } from '#digest';
import { yearOfChanges } from '../cli/demo/year-of-changes.ts';
import { signerOfSeed } from '../cli/key-file.ts';
import { addDays } from '../ledger/calendar.ts';
import { LedgerError } from '../ledger/errors.ts';
import type { Actor, EventDraft, LedgerEvent } from '../ledger/events.ts';
import { Ledger } from '../ledger/ledger.ts';
import type { PendingEvent, Signer } from '../ledger/signed-content.ts';
import { MemoryStore } from '../ledger/stores/memory-store.ts';
import { ServiceClient } from '../server/protocol/service-client.ts';
import { planImportedData } from '../templates/import/plan-imported.ts';
import { readTable } from '../templates/table/read-table.ts';

export const YEAR = 2021;
const SAMPLE = new URL('../samples/bentre-2021-phuluc.xlsx', import.meta.url);

/** The Sở Nội vụ officer who runs `serve init`, and her key. */
export const OFFICER: Actor = { name: 'Nguyễn Thị Lan', unit: 'Sở Nội vụ' };

/** A benchmark's key, the same every run. */
export const benchSigner = (text: string): Signer => signerOfSeed(Buffer.from(sha256Hex(`cchc bench key: ${text}`), 'hex'));

export interface PlanToPush {
  id: string;
  client: ServiceClient;
  /** The events as pushed (signed, without their place), and as sealed on the client. */
  pending: PendingEvent[];
  sealed: LedgerEvent[];
}

/**
 * Creates `agencies` agencies on the service (through `admin`, the province's administrator), each
 * with its administrator and its plan of the year, and signs each plan's events on its client:
 * about `events` in all. Nothing is pushed yet.
 */
export async function makeProvinceYear(admin: ServiceClient, base: string, agencies: number, events: number): Promise<PlanToPush[]> {
  const bytes = new Uint8Array(readFileSync(SAMPLE));
  const table = await readTable(bytes, 'bentre-2021-phuluc.xlsx');
  const source = { name: 'bentre-2021-phuluc.xlsx', sha256: sha256HexBytes(bytes) };
  const perPlan = Math.max(1, Math.round(events / agencies));
  const plans: PlanToPush[] = [];
  for (let i = 0; i < agencies; i++) {
    const id = `cq${i + 1}`;
    const actor: Actor = { name: `Cán bộ ${i + 1}`, unit: `Ủy ban nhân dân xã số ${i + 1}` };
    const signer = benchSigner(id);
    await admin.createAgency({ id, officialName: actor.unit, level: 'commune' });
    await admin.createPerson({ id: `${id}-qt`, agencyId: id, fullName: actor.name, publicKey: signer.publicKey, role: 'agency-admin' });
    const client = new ServiceClient(base, signer);
    const data = planImportedData(table, source, { issuer: `${actor.unit} tỉnh Bến Tre`, title: `Kế hoạch cải cách hành chính năm ${YEAR} của ${actor.unit}`, year: YEAR });
    await client.createPlan({ id: `${id}-${YEAR}`, ownerAgencyId: id, scope: 'agency', title: data.plan.title, periodFrom: `${YEAR}-01-01`, periodTo: `${YEAR}-12-31` });
    const local = await Ledger.open(new MemoryStore(), { signer });
    const sealed = await local.append({ type: 'plan.imported', actor, at: `${YEAR}-01-04T01:00:00.000Z`, data });
    for (const draft of yearOfPlan(local, actor, i, perPlan - sealed.length)) {
      try {
        sealed.push(...(await local.append(draft)));
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
      }
    }
    plans.push({ id: `${id}-${YEAR}`, client, sealed, pending: sealed.map(({ seq: _s, prev: _p, hash: _h, ...pending }) => pending as PendingEvent) });
  }
  return plans;
}

export interface PushRun {
  /** Each push's time from sending to its answer, in ms. */
  latencies: number[];
  /** When each push was answered and the seqs it placed. */
  acknowledged: Array<{ at: number; plan: string; seqs: number[] }>;
  refused: number;
  seconds: number;
}

/** The pushes: each of `clients` clients works through its plans' events `batch` at a time, in time order. */
export async function pushProvinceYear(plans: readonly PlanToPush[], clients: number, batch: number): Promise<PushRun> {
  const run: PushRun = { latencies: [], acknowledged: [], refused: 0, seconds: 0 };
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const mine = plans.filter((_, i) => i % clients === c);
      const batches = mine.flatMap((plan) => chunks(plan.pending, batch).map((events) => ({ plan, events })));
      batches.sort((a, b) => (a.events[0]!.at < b.events[0]!.at ? -1 : 1));
      for (const { plan, events } of batches) {
        const sent = performance.now();
        const { results } = await plan.client.push(plan.id, { seq: 0, hash: '0'.repeat(64) }, events);
        const at = performance.now();
        run.latencies.push(at - sent);
        run.acknowledged.push({ at, plan: plan.id, seqs: results.flatMap((r) => (r.outcome === 'placed' ? [r.seq] : [])) });
        run.refused += results.filter((r) => r.outcome === 'refused').length;
      }
    }),
  );
  run.seconds = (performance.now() - start) / 1000;
  return run;
}

/** A plan's year: the demo's changes and, up to `count`, weekly progress notes on its items. */
function yearOfPlan(ledger: Ledger, actor: Actor, seed: number, count: number): EventDraft[] {
  const changes = yearOfChanges(ledger.state, YEAR, 1000 + seed).map((d) => ({ ...d, actor }) as EventDraft);
  const items = ledger.state.itemOrder;
  const notes = Array.from({ length: Math.max(0, count - changes.length) }, (_, k): EventDraft => {
    const day = addDays(`${YEAR}-01-05`, Math.floor((k * 355) / Math.max(1, count - changes.length)));
    return { type: 'progress.noted', id: `note-${seed}-${k}`, actor, at: `${day}T09:${String(k % 60).padStart(2, '0')}:00.000Z`, data: { item: items[k % items.length]!, note: `Tuần ${Math.floor(k / items.length) + 1}: đang thực hiện`, effective: day } };
  });
  return [...changes, ...notes].sort((a, b) => (a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : 0));
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
}
