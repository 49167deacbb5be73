/**
 * The dashboard's first load, server response and render in headless Chromium, for a province of
 * `--agencies N` plans (each a copy of the test province's busiest chain: the bundled sample's year
 * of signed changes), on PGlite in memory, each plan's figures stored as the writer stores them at
 * a push (migration 0004):
 *   - a visitor on a service just started, and on one that has answered once,
 *   - the overview's JSON: from the service's start, and on a service that has answered once;
 *   - once, the JSON with no figure stored (a database from before migration 0004: every plan replayed);
 * and, within the page load, when the data arrived and when the figures were on screen (before the
 * charts are drawn).
 * node --import tsx bench/dashboard-first-load.ts [--agencies 100]
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { chromium } from 'playwright-core';
import type { Database } from '../server/db/database.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { Ledger } from '../ledger/ledger.ts';
import { dashboardPlugin } from '../server/dashboard/dashboard-plugin.ts';
import { vietnamToday } from '../templates/reports/dashboard-period.ts';
import { cutsOfPlan, figuresFromKnowledge } from '../server/dashboard/period-figures.ts';
import { storeFigures } from '../server/dashboard/plan-figures-table.ts';
import { PlanEventStore } from '../server/plan-event-store.ts';
import { createPlan, planIdOf, AGENCIES, seedProvince, YEAR } from '../test/server/support/dashboard-province.ts';

const { values } = parseArgs({ options: { agencies: { type: 'string', default: '100' } } });
const copies = Number(values.agencies);
const clock = () => new Date(`${YEAR + 1}-01-10T03:00:00.000Z`);

const db = await openDatabase(undefined);
await seedProvince(db);
const template = planIdOf(AGENCIES[0]);
for (let i = 1; i <= copies; i++) {
  const id = `bench-${String(i).padStart(4, '0')}`;
  await db.query(`insert into agency (id, province_code, official_name, parent_id, level) values ($1, '83', $2, null, 'commune')`, [id, `UBND xã Thử nghiệm ${i}`]);
  await createPlan(db, planIdOf({ id }), id);
  await db.query(
    `insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line)
     select $1, seq, event_id, prev_hash, hash, line from plan_event where plan_id = $2 order by seq`,
    [planIdOf({ id }), template],
  );
}
// What the writer stores when a push lands, from the ledger's state at the head; every copy has the template's chain.
const ledger = await Ledger.open(await PlanEventStore.open(db, template), { clock });
const templateFigures = figuresFromKnowledge(ledger.state, cutsOfPlan(`${YEAR}-01-01`, `${YEAR}-12-31`, vietnamToday(clock)));
for (const { id } of await db.query<{ id: string }>('select id from plan where head_seq > 0')) await storeFigures(db, id, ledger.head, templateFigures);
const [counts] = await db.query<{ plans: number; events: number }>(
  'select (select count(*)::integer from plan) as plans, (select count(*)::integer from plan_event) as events',
);
console.log(`province: ${counts!.plans} plans, ${counts!.events} signed events (${process.platform}, load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)})`);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

/** A service over `db`; `warm` has it answer one overview before returning. */
async function service(database: Database, warm: boolean) {
  const app = Fastify();
  await app.register(dashboardPlugin, { db: database, clock });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  if (warm) await (await fetch(`${base}/dashboard/api/overview`)).json();
  return { app, base };
}

/** Navigation to the view drawn, and within it (the page's own marks) when the data had arrived. The service is started once the browser's page is open. */
async function pageLoad(warm: boolean): Promise<{ total: number; data: number; figures: number }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto('about:blank');
  const { app, base } = await service(db, warm);
  const started = performance.now();
  await page.goto(`${base}/`);
  await page.waitForSelector('html[data-loaded]');
  const total = performance.now() - started;
  const mark = async (name: string) => (await page.evaluate(`performance.getEntriesByName("${name}")[0].startTime`)) as number;
  const data = await mark('dashboard-data');
  const figures = await mark('dashboard-figures');
  await page.close();
  await app.close();
  return { total, data, figures };
}

/** The overview's JSON: wall time, and this process's CPU time (the service and PGlite run in it) as the machine is shared. */
async function apiLoad(base: string, what: string): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await (await fetch(`${base}/dashboard/api/overview`)).json();
  const used = process.cpuUsage(cpu);
  add(`  CPU time of this process (service and database), ${what}`, (used.user + used.system) / 1000);
  return performance.now() - started;
}

// Chromium's own first start is not the dashboard's: one load thrown away.
await pageLoad(true);
const runs = 3;
const figures: Record<string, number[]> = {};
const add = (name: string, ms: number) => (figures[name] ??= []).push(ms);
for (let run = 0; run < runs; run++) {
  for (const warm of [false, true]) {
    const service_ = warm ? 'warm' : 'fresh';
    const { total, data, figures: shown } = await pageLoad(warm);
    add(`page drawn with its charts, ${service_} service`, total);
    add(`  its data arrived at (${service_})`, data);
    add(`  figures and tables on screen at (${service_})`, shown);
    const started = performance.now();
    const json = await service(db, warm);
    const answered = await apiLoad(json.base, warm ? 'service that answered once' : 'first answer, figures stored');
    if (warm) add('overview JSON alone, service that answered once', answered);
    else add('overview JSON, from service start to first answer (figures stored)', performance.now() - started);
    await json.app.close();
  }
}
// Once, with nothing stored: every plan verified and replayed (what every first load cost before migration 0004).
await db.query('delete from plan_figures');
{
  const started = performance.now();
  const json = await service(db, false);
  await apiLoad(json.base, 'no figure stored');
  add('overview JSON with no figure stored, from service start (every plan replayed)', performance.now() - started);
  await json.app.close();
}
for (const [name, times] of Object.entries(figures)) {
  const sorted = times.sort((a, b) => a - b);
  console.log(`${name}: median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms (${sorted.map((t) => Math.round(t)).join(', ')})`);
}
await browser.close();
await db.close();
