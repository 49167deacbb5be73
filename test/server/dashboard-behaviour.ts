import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { replay } from '../../ledger/replay.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { Database } from '../../server/db/database.ts';
import { dashboardPlugin } from '../../server/dashboard/dashboard-plugin.ts';
import { OVERDUE_LISTED } from '../../server/dashboard/province-overview.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { readProvinceLog } from '../../server/province-log.ts';
import { counting } from './support/counting-database.ts';
import { AGENCIES, planIdOf, seedProvince, signerOf, YEAR } from './support/dashboard-province.ts';

/** After every seeded event was recorded: no period is still open, "today" is not offered. */
const AFTER_THE_YEAR = new Date(`${YEAR + 1}-01-10T03:00:00.000Z`);
/** Cut-offs (the Ministry's, as DEFAULT_PERIODS) the figures are checked at. */
const CUTOFFS = { Q1: `${YEAR}-03-14`, H1: `${YEAR}-06-14`, '9M': `${YEAR}-09-14`, Y: `${YEAR}-12-14` } as const;

/** The counts, made here by walking the replayed items one by one (not through the dashboard's tallies). */
function counted(states: readonly LedgerState[]) {
  const byArea = new Map<string, { done: number; inForce: number; overdue: number }>();
  const all = { done: 0, inForce: 0, overdue: 0, total: 0 };
  for (const state of states) {
    const areaOf = new Map(state.sections.map((s) => [s.id, s.area as string]));
    for (const id of state.itemOrder) {
      const item = state.items[id]!;
      const area = areaOf.get(item.definition.section) ?? 'unknown';
      const row = byArea.get(area) ?? { done: 0, inForce: 0, overdue: 0 };
      byArea.set(area, row);
      all.total++;
      if (item.withdrawn) continue;
      const done = item.status === 'done' ? 1 : 0;
      const overdue = item.assessment === 'open_overdue' ? 1 : 0;
      row.inForce++;
      all.inForce++;
      row.done += done;
      all.done += done;
      row.overdue += overdue;
      all.overdue += overdue;
    }
  }
  return { all, byArea };
}

/** "41,67%": the rate written the Vietnamese way, rounded half up to hundredths. */
const percentText = (done: number, inForce: number) => {
  const bp = Math.round((done * 10_000) / inForce);
  return `${Math.floor(bp / 100)},${String(bp % 100).padStart(2, '0')}%`;
};

interface Fixture {
  db: Database;
  events: Map<string, LedgerEvent[]>;
}

/** The dashboard's JSON on one driver, against counts made independently from the seeded events. */
export function describeDashboard(name: string, open: () => Promise<Database>, close: (db: Database) => Promise<void>): void {
  describe(`Dashboard on ${name}`, () => {
    const fixture = {} as Fixture;
    const apps: FastifyInstance[] = [];
    beforeAll(async () => {
      fixture.db = await open();
      fixture.events = await seedProvince(fixture.db);
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await close(fixture.db);
    });

    async function dashboard(clock: Date, db: Database = fixture.db) {
      const app = Fastify();
      await app.register(dashboardPlugin, { db, clock: () => clock });
      apps.push(app);
      const get = async (url: string) => {
        const response = await app.inject({ method: 'GET', url });
        return { status: response.statusCode, body: response.json() as Record<string, any> };
      };
      return { app, get };
    }

    const replayedAt = (planId: string, validAt: string, knownAt: string) => replay(fixture.events.get(planId)!, { validAt, knownAt });

    it('figures for each period equal counts made from each plan\'s events, by agency, by area and for the province', async () => {
      const { get } = await dashboard(AFTER_THE_YEAR);
      for (const [period, cutoff] of Object.entries(CUTOFFS)) {
        const { status, body } = await get(`/dashboard/api/overview?year=${YEAR}&period=${period}`);
        expect(status).toBe(200);
        expect(body.period).toMatchObject({ key: period, validAtText: cutoff.split('-').reverse().join('/'), ongoing: false });
        const states = new Map([...fixture.events.keys()].map((id) => [id, replayedAt(id, cutoff, AFTER_THE_YEAR.toISOString())]));
        for (const agency of AGENCIES) {
          const row = body.agencies.find((a: { id: string }) => a.id === agency.id);
          const state = states.get(planIdOf(agency));
          if (!state) {
            expect(row).toMatchObject({ plans: 0, figures: null });
            continue;
          }
          const { all } = counted([state]);
          expect(row.figures, `${agency.id} ${period}`).toMatchObject({ done: all.done, inForce: all.inForce, overdue: all.overdue, total: all.total });
          if (all.inForce > 0) expect(row.figures.rateText).toBe(percentText(all.done, all.inForce));
        }
        const { all, byArea } = counted([...states.values()]);
        expect(body.totals).toMatchObject({ done: all.done, inForce: all.inForce, overdue: all.overdue, total: all.total, rateText: percentText(all.done, all.inForce) });
        expect(Object.fromEntries(body.areas.map((a: any) => [a.area, { done: a.done, inForce: a.inForce, overdue: a.overdue }]))).toEqual(Object.fromEntries(byArea));
        expect(body.statuses.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(all.total);
        // Overdue: every one counted, named most overdue first.
        expect(body.overdue.count).toBe(all.overdue);
        const days = body.overdue.items.map((i: { daysOverdue: number }) => i.daysOverdue);
        expect(days).toEqual([...days].sort((a, b) => b - a));
      }
    });

    it('a plan with only its import, an empty plan and an agency with no plan, checked by hand', async () => {
      const { get } = await dashboard(AFTER_THE_YEAR);
      const { body } = await get(`/dashboard/api/overview?year=${YEAR}&period=H1`);
      const byId = (id: string) => body.agencies.find((a: { id: string }) => a.id === id);
      const imported = fixture.events.get('ubnd-chau-thanh-2021')!.find((e) => e.type === 'plan.imported')!;
      const items = imported.type === 'plan.imported' ? imported.data.items : [];
      // Nothing recorded: nothing done; open items whose due date passed by the cut-off are overdue.
      const dueBefore = items.filter((i) => i.timeline.due !== null && i.timeline.due < CUTOFFS.H1).length;
      expect(items.length).toBe(37);
      expect(dueBefore).toBeGreaterThan(0);
      expect(byId('ubnd-chau-thanh').figures).toMatchObject({ done: 0, inForce: 37, overdue: dueBefore, rateText: '0,00%', par: 'Không đạt điểm' });
      expect(byId('ubnd-xa-an-hiep')).toMatchObject({ plans: 1, figures: { inForce: 0, rate: null, rateText: '—' }, lastStoredAt: null, syncedSinceCutoff: false });
      expect(byId('ubnd-xa-phu-an-hoa')).toMatchObject({ plans: 0, figures: null, syncedSinceCutoff: false });
      // Agencies whose events reached the service after the cut-off have synced; the two others have not.
      expect(body.notSynced.map((a: { id: string }) => a.id).sort()).toEqual(['ubnd-xa-an-hiep', 'ubnd-xa-phu-an-hoa']);
      expect(body.totals).toMatchObject({ agencies: 6, agenciesWithPlans: 5, plans: 5, brokenChains: 0, notSynced: 2 });
      expect(body.period).toMatchObject({ label: '6 tháng đầu năm 2021', fromText: '15/12/2020', toText: '14/06/2021', syncCutoffText: '14/06/2021' });
    });

    it('"today" replays what is known now at today\'s date; the default is today in the current year', async () => {
      const now = new Date(`${YEAR}-10-01T03:00:00.000Z`);
      const { get } = await dashboard(now);
      const { body } = await get('/dashboard/api/overview');
      expect(body.year).toBe(YEAR);
      expect(body.period).toMatchObject({ key: 'today', label: 'Hôm nay, 01/10/2021', validAtText: '01/10/2021', ongoing: true, syncCutoffText: '14/09/2021' });
      expect(body.periods.map((p: { key: string }) => p.key)).toEqual(['Q1', 'H1', 'Q3', '9M', 'Y', 'today']);
      const state = replayedAt(planIdOf(AGENCIES[0]), '2021-10-01', now.toISOString());
      expect(state.head.seq).toBeLessThan(fixture.events.get(planIdOf(AGENCIES[0]))!.length); // later events left out
      const { all } = counted([state]);
      expect(body.agencies.find((a: { id: string }) => a.id === AGENCIES[0].id).figures).toMatchObject({ done: all.done, inForce: all.inForce, overdue: all.overdue });
      // The year's period whose cut-off is still to come is shown as of today.
      expect((await get('/dashboard/api/overview?period=Y')).body.period).toMatchObject({ ongoing: true, validAtText: '01/10/2021', syncCutoffText: null });
    });

    it('"today" is cut again when the day changes in Vietnam, with no push between: nothing counted yesterday is reused', async () => {
      // 23:50 on 01/10 in Vietnam, then 00:10 on 02/10: the same UTC day, another Vietnamese one.
      let now = new Date(`${YEAR}-10-01T16:50:00.000Z`);
      const app = Fastify();
      await app.register(dashboardPlugin, { db: fixture.db, clock: () => now });
      apps.push(app);
      const get = async (url: string) => (await app.inject({ method: 'GET', url })).json() as Record<string, any>;
      /** Each plan's overdue items as the overview and the drill-down give them, and as a replay at `date` counts them. */
      const overdueNow = async () => {
        const overview = await get('/dashboard/api/overview');
        const drillDown: Array<[string, number]> = [];
        for (const agency of AGENCIES.filter((a) => a.upTo !== 'no-plan')) {
          for (const plan of (await get(`/dashboard/api/agencies/${agency.id}`)).plans) {
            for (const item of plan.items) if (item.assessment === 'open_overdue') drillDown.push([`${plan.id} ${item.id}`, item.daysOverdue]);
          }
        }
        const listedOf = (body: Record<string, any>) => (body.overdue.items as Array<{ planId: string; id: string; daysOverdue: number }>).map((i): [string, number] => [`${i.planId} ${i.id}`, i.daysOverdue]).sort();
        // The year's period, still ongoing: its items are assessed today too, its data window unchanged.
        const year = await get('/dashboard/api/overview?period=Y');
        return { period: overview.period, count: overview.overdue.count, listed: listedOf(overview), yearListed: listedOf(year), drillDown: drillDown.sort() };
      };
      const replayedOverdue = (date: string) =>
        [...fixture.events.keys()]
          .flatMap((planId) => {
            const state = replayedAt(planId, date, now.toISOString());
            return state.itemOrder.filter((id) => state.items[id]!.assessment === 'open_overdue').map((id): [string, number] => [`${planId} ${id}`, state.items[id]!.daysOverdue]);
          })
          .sort();

      const yesterday = await overdueNow();
      expect(yesterday.period).toMatchObject({ key: 'today', validAtText: '01/10/2021' });
      expect(yesterday.drillDown).toEqual(replayedOverdue(`${YEAR}-10-01`));
      now = new Date(`${YEAR}-10-01T17:10:00.000Z`);
      const today = await overdueNow();
      expect(today.period).toMatchObject({ key: 'today', label: 'Hôm nay, 02/10/2021', validAtText: '02/10/2021' });
      const expected = replayedOverdue(`${YEAR}-10-02`);
      expect(expected.length).toBeGreaterThan(0);
      expect(today.drillDown).toEqual(expected);
      expect(today.count).toBe(expected.length);
      expect(today.listed).toHaveLength(Math.min(expected.length, OVERDUE_LISTED));
      const expectedDays = new Map(expected);
      for (const [key, days] of [...today.listed, ...today.yearListed]) expect(days, key).toBe(expectedDays.get(key));
      expect(today.yearListed).toHaveLength(Math.min(expected.length, OVERDUE_LISTED));
      // A day later, every item still overdue is one day more so.
      const before = new Map(yesterday.drillDown);
      const stillOverdue = today.drillDown.filter(([key]) => before.has(key));
      expect(stillOverdue.length).toBeGreaterThan(0);
      expect(stillOverdue.map(([key, days]) => [key, days - before.get(key)!])).toEqual(stillOverdue.map(([key]) => [key, 1]));
    });

    it('drill-down: an agency\'s plan lists every item with the status its replay gives, in the plan\'s order', async () => {
      const { get } = await dashboard(AFTER_THE_YEAR);
      const agency = AGENCIES[1];
      const { status, body } = await get(`/dashboard/api/agencies/${agency.id}?year=${YEAR}&period=9M`);
      expect(status).toBe(200);
      const state = replayedAt(planIdOf(agency), CUTOFFS['9M'], AFTER_THE_YEAR.toISOString());
      expect(body.agency).toMatchObject({ id: agency.id, name: agency.name });
      expect(body.plans).toHaveLength(1);
      const plan = body.plans[0];
      expect(plan).toMatchObject({ id: planIdOf(agency), head: state.head.seq, chain: { ok: true } });
      expect(plan.chain.text).toContain('HỢP LỆ');
      expect(plan.items.map((i: { id: string; status: string; assessment: string }) => [i.id, i.status, i.assessment])).toEqual(
        state.itemOrder.map((id) => [id, state.items[id]!.status, state.items[id]!.assessment]),
      );
      expect((await get('/dashboard/api/agencies/khong-co')).status).toBe(404);
    });

    it('an item\'s history: every event about it, who recorded it and the key that signed it, the voided entry marked', async () => {
      const { get } = await dashboard(AFTER_THE_YEAR);
      const planId = planIdOf(AGENCIES[0]);
      const events = fixture.events.get(planId)!;
      const voiding = events.find((e) => e.type === 'event.voided')!;
      const voided = events.find((e) => voiding.type === 'event.voided' && e.id === voiding.data.event)!;
      const itemId = voided.type === 'status.changed' ? voided.data.item : '';
      const { status, body } = await get(`/dashboard/api/plans/${planId}/items/${encodeURIComponent(itemId)}?year=${YEAR}&period=Y`);
      expect(status).toBe(200);
      const revises = (e: LedgerEvent) =>
        e.type === 'plan.revised' && [...e.data.added.map((i) => i.id), ...e.data.amended.map((a) => a.item), ...e.data.withdrawn.map((w) => w.item)].includes(itemId);
      const about = events.filter((e) => e.type === 'plan.imported' || revises(e) || ('item' in e.data && e.data.item === itemId) || e === voiding);
      expect(body.events.map((e: { seq: number }) => e.seq)).toEqual(about.map((e) => e.seq));
      const shownVoided = body.events.find((e: { seq: number }) => e.seq === voided.seq);
      expect(shownVoided).toMatchObject({ voidedBy: voiding.seq, actor: voided.actor });
      expect(body.events.find((e: { seq: number }) => e.seq === voiding.seq)).toMatchObject({ voids: voided.seq, typeLabel: expect.any(String) });
      for (const shown of body.events) {
        const event = events.find((e) => e.seq === shown.seq)!;
        expect(shown.actor).toEqual(event.actor);
        expect(shown.signer).toEqual({ fingerprint: shortFingerprint(signerOf(event.actor).fingerprint), holder: event.actor });
        expect(shown.signer.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
      }
      expect(body.events.filter((e: { voidedBy: number | null }) => e.voidedBy !== null)).toHaveLength(1);
      expect((await get(`/dashboard/api/plans/${planId}/items/khong-co`)).status).toBe(404);
    });

    it('keeps each plan\'s figures in the database per (plan, head, cut): a restarted service reads no event, an append re-reads that plan alone', async () => {
      await fixture.db.query('delete from plan_figures');
      const { db, eventReads } = counting(fixture.db);
      const { get } = await dashboard(AFTER_THE_YEAR, db);
      const url = `/dashboard/api/overview?year=${YEAR}&period=Y`;
      const first = (await get(url)).body;
      const plansWithEvents = [...fixture.events.values()].filter((e) => e.length > 0).length;
      expect(eventReads()).toBe(plansWithEvents);
      expect(await fixture.db.query('select plan_id from plan_figures')).toHaveLength(plansWithEvents);
      expect((await get(url)).body).toEqual(first);
      // Another process (or this one restarted): an empty memory, the figures from the database.
      expect((await (await dashboard(AFTER_THE_YEAR, db)).get(url)).body).toEqual(first);
      expect(eventReads()).toBe(plansWithEvents);

      // The district records one item done; only its plan is read again, and its figures move.
      const agency = AGENCIES[3];
      const planId = planIdOf(agency);
      const officer = { name: 'Nguyễn Thị Lan', unit: agency.name };
      const ledger = await Ledger.open(await PlanEventStore.open(fixture.db, planId), { signer: signerOf(officer), clock: () => AFTER_THE_YEAR });
      const before = first.agencies.find((a: { id: string }) => a.id === agency.id).figures;
      const itemId = ledger.state.itemOrder[0]!;
      fixture.events.get(planId)!.push(
        ...(await ledger.append({ type: 'status.changed', actor: officer, at: `${YEAR}-11-02T02:00:00.000Z`, data: { item: itemId, status: 'done', effective: `${YEAR}-11-01` } })),
      );
      const after = (await get(url)).body.agencies.find((a: { id: string }) => a.id === agency.id).figures;
      expect(eventReads()).toBe(plansWithEvents + 1);
      expect(after.done).toBe(before.done + 1);
    });

    it('is read-only, refuses what it does not know in both languages, and serves its page and chart.js from this machine', async () => {
      const { app, get } = await dashboard(AFTER_THE_YEAR);
      const log = (await readProvinceLog(fixture.db, 0, 1)).highWater;
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
        expect((await app.inject({ method, url: '/dashboard/api/overview' })).statusCode).toBe(404);
      }
      const badPeriod = await get(`/dashboard/api/overview?year=${YEAR}&period=Q2`);
      expect(badPeriod.status).toBe(400);
      expect(badPeriod.body.error.vi).toContain('Kỳ "Q2" không có trong năm 2021');
      expect(badPeriod.body.error.en).toContain('There is no period "Q2"');
      expect((await get('/dashboard/api/overview?year=20x1')).status).toBe(400);
      expect((await readProvinceLog(fixture.db, 0, 1)).highWater).toBe(log);

      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.body).toContain('<html lang="vi">');
      expect(page.body).not.toMatch(/https?:\/\//);
      const chartJs = await app.inject({ method: 'GET', url: '/dashboard/vendor/chart.umd.min.js' });
      expect(chartJs.statusCode).toBe(200);
      const dist = dirname(createRequire(import.meta.url).resolve('chart.js'));
      expect(chartJs.rawPayload.equals(readFileSync(join(dist, 'chart.umd.min.js')))).toBe(true);
      expect((await app.inject({ method: 'GET', url: '/dashboard/vendor/chart.cjs' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/dashboard/assets/dashboard.js' })).statusCode).toBe(200);
    });
  });
}
