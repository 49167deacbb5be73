import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import type { Database } from '../../server/db/database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { reportFigures } from '../../server/report/report-figures.ts';
import { signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { recordsOfLines, replayProvincePlan, type PlanCutFigures } from '../../templates/reports/province-plans.ts';
import { resolvePeriod, type ReportPeriod } from '../../templates/reports/report-period.ts';
import { samplePlan } from '../support/sample-plan.ts';
import { counting } from './support/counting-database.ts';
import { AGENCIES, planIdOf, seedProvince, signerOf, YEAR } from './support/dashboard-province.ts';
import { pendingEvents, provinceService, type Person } from './support/service-fixture.ts';
import { logKey } from './transparency-behaviour.ts';

const PERIODS = ['Q1', 'H1', 'Q3', '9M', 'Y'].map((kind) => resolvePeriod(`${YEAR}-${kind}`, { periods: {} })!);
const after = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

/**
 * The consolidated report's figures as the service keeps them (server/report/report-figures.ts),
 * against each plan's events verified and replayed from scratch at the same (cut, knownAt), as
 * `cchc report --full-check` and an auditor with the exported ledgers do.
 */
export function describeReportFigures(name: string, open: () => Promise<Database>, close: (db: Database) => Promise<void>): void {
  describe(`The consolidated report's kept figures on ${name}`, () => {
    let db: Database;
    let events: Map<string, LedgerEvent[]>;
    beforeAll(async () => {
      db = await open();
      events = await seedProvince(db);
    });
    afterAll(() => close(db));

    /** Every plan's figures at (period, knownAt), verified and replayed from its events here. */
    async function replayedHere(period: ReportPeriod, knownAt: string): Promise<Map<string, PlanCutFigures>> {
      const out = new Map<string, PlanCutFigures>();
      for (const [planId, appended] of events) {
        const { id: _id, agencyId: _agency, scope: _scope, knownAt: _knownAt, ...figures } = await replayProvincePlan(
          { id: planId, agencyId: '', scope: 'agency' },
          recordsOfLines(appended.map(storedLine)),
          { period, knownAt },
        );
        out.set(planId, figures);
      }
      return out;
    }

    async function expectSameAsReplay(database: Database, period: ReportPeriod, knownAt: string, times = 1) {
      const expected = await replayedHere(period, knownAt);
      let answer;
      for (let i = 0; i < times; i++) {
        answer = await reportFigures(database, period, knownAt);
        expect(answer.plans.map((p) => p.id).sort()).toEqual([...expected.keys()].sort());
        for (const plan of answer.plans) expect(canonicalJson(plan.figures), `${plan.id} ${period.id} ${knownAt}`).toBe(canonicalJson(expected.get(plan.id)));
      }
      return answer!;
    }

    it('equal a fresh verified replay of every plan, for every period and knownAt (at an event, just before it, before and after everything), kept or not', async () => {
      const times = [...events.values()].flat().map((e) => e.at).sort();
      const some = [times[0]!, times[Math.floor(times.length / 3)]!, times[Math.floor((2 * times.length) / 3)]!, times.at(-1)!];
      const knownAts = [after(some[0]!, -1), ...some.flatMap((at) => [at, after(at, -1)]), after(some[3]!, 86_400_000)];
      for (const period of PERIODS) {
        for (const knownAt of knownAts) {
          await expectSameAsReplay(db, period, knownAt, 2); // replayed and kept, then from what was kept
        }
      }
      // One row per (plan with an event, cut, head counted): an empty plan keeps none.
      const [{ n }] = (await db.query<{ n: string }>('select count(distinct plan_id)::text as n from report_figures')) as [{ n: string }];
      expect(Number(n)).toBe([...events.values()].filter((e) => e.length > 0).length);
    });

    it('a report reads no event when figures are kept, and only the plans that changed after', async () => {
      const period = PERIODS.at(-1)!;
      const knownAt = `${YEAR + 1}-01-05T03:00:00.000Z`;
      // Kept now, whatever the tests before this one asked.
      await reportFigures(db, period, knownAt);
      const watched = counting(db);
      await reportFigures(watched.db, period, knownAt);
      // Another knownAt with the same events known is the same kept row.
      await reportFigures(watched.db, period, `${YEAR + 1}-01-06T03:00:00.000Z`);
      expect(watched.eventReads()).toBe(0);

      // An event recorded after knownAt changes nothing for that knownAt; a later knownAt reads that plan alone.
      const planId = planIdOf(AGENCIES[0]);
      const officer = { name: 'Nguyễn Thị Lan', unit: AGENCIES[0].name };
      const ledger = await Ledger.open(await PlanEventStore.open(db, planId), { signer: signerOf(officer), clock: () => new Date(`${YEAR + 1}-02-01T00:00:00.000Z`) });
      const [later] = await ledger.append({
        type: 'progress.noted',
        actor: officer,
        at: `${YEAR + 1}-01-20T02:00:00.000Z`,
        data: { item: ledger.state.itemOrder[0]!, note: 'Đã báo cáo bổ sung', effective: `${YEAR + 1}-01-19` },
      });
      events.get(planId)!.push(later!);
      const again = await expectSameAsReplay(watched.db, period, knownAt);
      expect(watched.eventReads()).toBe(0);
      expect(again.plans.find((p) => p.id === planId)!.figures.head.seq).toBe(later!.seq - 1);
      await expectSameAsReplay(watched.db, period, `${YEAR + 1}-01-21T00:00:00.000Z`);
      expect(watched.eventReads()).toBe(1);
    });

    it('an event stamped before a knownAt already reported, placed later, makes the kept figures stop holding for it', async () => {
      // Sở GD&ĐT last recorded in April; a report as known on 01/06 counts up to there.
      const agency = AGENCIES[2];
      const planId = planIdOf(agency);
      const period = PERIODS[1]!;
      const knownAt = `${YEAR}-06-01T03:00:00.000Z`;
      const before = await expectSameAsReplay(db, period, knownAt);
      // Someone offline since May syncs now: their event's time (20/05) is after the chain's head, so it is placed.
      const officer = { name: 'Nguyễn Thị Lan', unit: agency.name };
      const ledger = await Ledger.open(await PlanEventStore.open(db, planId), { signer: signerOf(officer), clock: () => new Date(`${YEAR + 1}-02-01T00:00:00.000Z`) });
      const itemId = ledger.state.itemOrder.find((id) => ledger.state.items[id]!.status !== 'done')!;
      const [late] = await ledger.append({ type: 'status.changed', actor: officer, at: `${YEAR}-05-20T02:00:00.000Z`, data: { item: itemId, status: 'done', effective: `${YEAR}-05-19` } });
      events.get(planId)!.push(late!);
      const now = await expectSameAsReplay(db, period, knownAt);
      const figuresOf = (answer: typeof now) => answer.plans.find((p) => p.id === planId)!.figures;
      expect(figuresOf(now).head.seq).toBe(figuresOf(before).head.seq + 1);
      expect(figuresOf(now).overall.done_on_time + figuresOf(now).overall.done_late).toBe(figuresOf(before).overall.done_on_time + figuresOf(before).overall.done_late + 1);
    });

    it('ignores kept figures whose head is not the chain\'s (a row tampered with or from another database), and replays', async () => {
      const period = PERIODS[0]!;
      const knownAt = `${YEAR}-03-20T00:00:00.000Z`;
      await expectSameAsReplay(db, period, knownAt);
      await db.query(`update report_figures set head_hash = repeat('0', 64), figures = '{"forged": true}' where head_seq > 0`);
      await expectSameAsReplay(db, period, knownAt);
    });

    it('names each counted head\'s place in the province-wide log and the smallest signed checkpoint holding them all', async () => {
      const period = PERIODS.at(-1)!;
      const knownAt = `${YEAR + 1}-01-05T03:00:00.000Z`;
      expect((await reportFigures(db, period, knownAt)).checkpointSize).toBeNull();
      const signed = (await signNewCheckpoint(db, logKey))!;
      // One more event and a larger checkpoint: the report's heads are still in the first.
      const planId = planIdOf(AGENCIES[1]);
      const officer = { name: 'Nguyễn Thị Lan', unit: AGENCIES[1].name };
      const ledger = await Ledger.open(await PlanEventStore.open(db, planId), { signer: signerOf(officer), clock: () => new Date(`${YEAR + 1}-03-01T00:00:00.000Z`) });
      const [later] = await ledger.append({ type: 'progress.noted', actor: officer, at: `${YEAR + 1}-02-20T02:00:00.000Z`, data: { item: ledger.state.itemOrder[1]!, note: 'Tiếp tục', effective: `${YEAR + 1}-02-20` } });
      events.get(planId)!.push(later!);
      expect((await signNewCheckpoint(db, logKey))!.size).toBe(signed.size + 1);

      const answer = await expectSameAsReplay(db, period, knownAt);
      expect(answer.checkpointSize).toBe(signed.size);
      const stored = new Map((await db.query<{ plan_id: string; seq: number; position: string }>('select plan_id, seq, position::text from plan_event')).map((r) => [`${r.plan_id} ${r.seq}`, Number(r.position)]));
      for (const plan of answer.plans) {
        expect(plan.position, plan.id).toBe(plan.figures.head.seq === 0 ? null : stored.get(`${plan.id} ${plan.figures.head.seq}`));
      }
      expect(Math.max(...answer.plans.map((p) => p.position ?? 0))).toBeLessThanOrEqual(signed.size);
      expect((await reportFigures(db, period, `${YEAR + 1}-02-21T00:00:00.000Z`)).checkpointSize).toBe(signed.size + 1);
    });
  });
}

/**
 * The figures the writer keeps at each new head (pushes through the service), against fresh
 * verified replays; a report made then reads no event, and one read by a report stays when the
 * head moves on while the others are dropped.
 */
export function describeReportFiguresAtAppend(name: string, open: () => Promise<Database>, close: (db: Database) => Promise<void>): void {
  describe(`The consolidated report's figures kept at each push, on ${name}`, () => {
    let db: Database;
    let service: Awaited<ReturnType<typeof provinceService>>;
    const year = new Date().getUTCFullYear();
    const periods = ['Q1', 'H1', 'Q3', '9M', 'Y'].map((kind) => resolvePeriod(`${year}-${kind}`, { periods: {} })!);
    const planIds: string[] = [];
    beforeAll(async () => {
      db = await open();
      service = await provinceService(db);
    });
    afterAll(async () => {
      await service.app.close();
      await close(db);
    });

    async function pushAs(person: Person, planId: string, drafts: EventDraft[]) {
      const client = service.clientOf(person);
      const { lines, head } = await client.pullAll(planId);
      const { results } = await client.push(planId, head, await pendingEvents(lines, person.signer, drafts));
      expect(results.filter((r) => r.outcome !== 'placed')).toEqual([]);
    }

    /** Every plan's figures, verified and replayed from what the service serves. */
    async function replayedFromService(period: ReportPeriod, knownAt: string): Promise<Map<string, PlanCutFigures>> {
      const out = new Map<string, PlanCutFigures>();
      for (const planId of planIds) {
        const { lines } = await service.clientOf(service.admin).pullAll(planId);
        const { id: _id, agencyId: _agency, scope: _scope, knownAt: _knownAt, ...figures } = await replayProvincePlan({ id: planId, agencyId: '', scope: 'agency' }, recordsOfLines(lines), { period, knownAt });
        out.set(planId, figures);
      }
      return out;
    }

    it('a report made after pushes reads no event: every period\'s figures were kept at the push, equal to fresh replays', async () => {
      for (const agency of ['stp', 'syt']) {
        const owner = service.people[`${agency}-agency-admin`]!;
        const staff = service.people[`${agency}-staff`]!;
        const id = `${agency}-${year}`;
        await service.clientOf(owner).createPlan({ id, ownerAgencyId: agency, scope: 'agency', title: `Kế hoạch CCHC năm ${year}`, periodFrom: `${year}-01-01`, periodTo: `${year}-12-31` });
        await pushAs(owner, id, [
          { type: 'plan.imported', actor: owner.actor, data: samplePlan() },
          { type: 'key.enrolled', actor: owner.actor, data: { key: staff.signer.fingerprint, publicKey: staff.signer.publicKey, person: staff.actor, role: 'member' } },
        ]);
        await pushAs(staff, id, [
          { type: 'status.changed', actor: staff.actor, data: { item: 'I.1', status: 'done', effective: `${year}-03-02` } },
          { type: 'status.changed', actor: staff.actor, data: { item: 'II.2', status: 'in_progress', effective: `${year}-05-02` } },
        ]);
        planIds.push(id);
      }
      const knownAt = new Date().toISOString();
      const watched = counting(db);
      for (const period of periods) {
        const answer = await reportFigures(watched.db, period, knownAt);
        const expected = await replayedFromService(period, knownAt);
        for (const planId of planIds) {
          expect(canonicalJson(answer.plans.find((p) => p.id === planId)!.figures), `${planId} ${period.id}`).toBe(canonicalJson(expected.get(planId)));
        }
      }
      expect(watched.eventReads()).toBe(0);
    });

    it('keeps the figures a report read when the head moves on, drops the others: that report is made again without a replay', async () => {
      const period = periods.at(-1)!;
      const knownAt = new Date().toISOString();
      const reported = await reportFigures(db, period, knownAt);
      const planId = planIds[0]!;
      const staff = service.people['stp-staff']!;
      await pushAs(staff, planId, [{ type: 'progress.noted', actor: staff.actor, data: { item: 'II.1', note: 'Đang dự thảo', effective: `${year}-06-01` } }]);
      const rows = async () =>
        (await db.query<{ head_seq: number; valid_at: string; reported: boolean }>('select head_seq, valid_at::text, reported from report_figures where plan_id = $1 order by head_seq, valid_at', [planId])).map(
          (r) => `${r.head_seq} ${r.valid_at} ${r.reported}`,
        );
      const head = reported.plans.find((p) => p.id === planId)!.figures.head.seq;
      // Earlier heads: only the rows reports read (every period's, at the head of the first test); the new head: every period's.
      const cuts = periods.map((p) => p.to).sort();
      expect(await rows()).toEqual([...cuts.map((to) => `${head} ${to} true`), ...cuts.map((to) => `${head + 1} ${to} false`)]);
      expect(head).toBeGreaterThan(3); // the import's head (3) had rows, never read: dropped
      const watched = counting(db);
      const again = await reportFigures(watched.db, period, knownAt);
      expect(watched.eventReads()).toBe(0);
      expect(canonicalJson(again.plans)).toBe(canonicalJson(reported.plans));
    });
  });
}
