// The provincial service under a province's year: N agencies, each with its plan (the bundled Bến
// Tre table, its year of changes and weekly progress notes up to the events asked for), pushed by C
// clients at once in batches, as syncs after a day's work; then the checks (every event once, no
// gap in the province-wide log, every chain verifies), the consolidated year report from the
// service, the dashboard's first answer, and the transparency log's checkpoint latency under this load. The floor: the same stored lines inserted by C
// connections in the same batches, in the same run: what the database alone costs.
//
//   node --import tsx bench/province-service.ts [--agencies 500] [--events 300000] [--clients 50] [--batch 50]
//   (a PostgreSQL server at CCHC_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
//   a fresh database is made and dropped)
// The issue's goals: 300,000 events from 50 clients, 0 lost, 0 forks, 0 gaps; the year report under 10 s; the dashboard's first load under 1 s.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { provinceReportFromService } from '../cli/province-report.ts';
import { storedLine } from '../ledger/stored-line.ts';
import { verify } from '../ledger/verify.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { buildServiceApp } from '../server/http/service-app.ts';
import { servicePlugins } from '../server/http/service-plugins.ts';
import { initProvince } from '../server/province-init.ts';
import { ServiceClient } from '../server/protocol/service-client.ts';
import { recordsOfLines } from '../templates/reports/province-plans.ts';
import { resolvePeriod } from '../templates/reports/report-period.ts';
import { machineLine } from './paired.ts';
import { benchSigner, chunks, makeProvinceYear, OFFICER, pushProvinceYear, YEAR } from './province-year.ts';

const { values } = parseArgs({
  options: { agencies: { type: 'string', default: '500' }, events: { type: 'string', default: '300000' }, clients: { type: 'string', default: '50' }, batch: { type: 'string', default: '50' } },
  strict: false,
});
const AGENCIES = Number(values.agencies);
const EVENTS = Number(values.events);
const CLIENTS = Number(values.clients);
const BATCH = Number(values.batch);
const SERVER_URL = process.env.CCHC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const seconds = (from: number) => (performance.now() - from) / 1000;
const say = (line: string) => process.stdout.write(`${line}\n`);

// A fresh database on the server, dropped at the end.
const name = `cchc_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const onServer = async (sql: string) => {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};
await onServer(`create database ${name}`);
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;

try {
  say(machineLine());
  const db = await openDatabase(url.toString());
  const officerKey = benchSigner('officer');
  await initProvince(db, { province: { code: '83', name: 'Tỉnh Bến Tre' }, agency: { id: 'snv', officialName: OFFICER.unit }, admin: { id: 'lan', fullName: OFFICER.name, publicKey: officerKey.publicKey } });
  // The service as `cchc serve` runs it: with its dashboard and its transparency log (a checkpoint every 2 s).
  const logKey = { origin: 'bench.cchc.example/83', signer: benchSigner('log') };
  const app = await buildServiceApp({ db, plugins: servicePlugins({ db, logKey }) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = new ServiceClient(base, officerKey);

  // Each agency, its administrator (who records its plan), the plan on the service, and its events signed on the client.
  let start = performance.now();
  const plans = await makeProvinceYear(admin, base, AGENCIES, EVENTS);
  const total = plans.reduce((n, p) => n + p.pending.length, 0);
  say(`${AGENCIES} agencies, ${total} signed events made on the clients in ${seconds(start).toFixed(1)} s; ${CLIENTS} clients pushing in batches of ${BATCH}`);

  // The pushes, while the latest signed checkpoint's size is looked at every 100 ms.
  const seen: Array<{ at: number; size: number }> = [];
  let pushing = true;
  const watching = (async () => {
    while (pushing) {
      const [row] = await db.query<{ size: string }>('select coalesce(max(tree_size), 0)::text as size from tlog_checkpoint');
      seen.push({ at: performance.now(), size: Number(row!.size) });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const { latencies, acknowledged, refused, seconds: pushSeconds } = await pushProvinceYear(plans, CLIENTS, BATCH);
  // The last events' checkpoint comes within a round or two.
  const untilCovered = performance.now() + 30_000;
  for (;;) {
    const [row] = await db.query<{ size: string }>('select coalesce(max(tree_size), 0)::text as size from tlog_checkpoint');
    seen.push({ at: performance.now(), size: Number(row!.size) });
    if (Number(row!.size) >= total || performance.now() > untilCovered) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  pushing = false;
  await watching;

  // Checkpoint latency: from a push's answer to the first checkpoint seen covering each of its events (leaf i is position i + 1).
  const positions = new Map<string, number>();
  for (const r of await db.query<{ plan_id: string; seq: number; position: string }>('select plan_id, seq, position::text from plan_event')) positions.set(`${r.plan_id} ${r.seq}`, Number(r.position));
  const checkpointLatencies: number[] = [];
  for (const { at, plan, seqs } of acknowledged) {
    // The first look after the answer (looks are in time order, sizes never go back), then on until it covers the event.
    let low = 0;
    for (let high = seen.length; low < high; ) {
      const mid = (low + high) >> 1;
      if (seen[mid]!.at < at) low = mid + 1;
      else high = mid;
    }
    for (const seq of seqs) {
      const position = positions.get(`${plan} ${seq}`)!;
      let i = low;
      while (i < seen.length && seen[i]!.size < position) i++;
      if (i < seen.length) checkpointLatencies.push(seen[i]!.at - at);
    }
  }
  checkpointLatencies.sort((a, b) => a - b);

  // Nothing lost, nothing twice, no fork, no gap.
  const [{ count, max }] = (await db.query<{ count: string; max: string }>('select count(*)::text as count, coalesce(max(position), 0)::text as max from plan_event')) as [{ count: string; max: string }];
  let broken = 0;
  let lost = 0;
  for (const plan of plans) {
    const { lines } = await admin.pullAll(plan.id);
    const verification = await verify(recordsOfLines(lines));
    if (!verification.ok) broken++;
    if (lines.join('\n') !== plan.sealed.map(storedLine).join('\n')) lost++;
  }

  // The consolidated year report from the service: its figures (each plan replayed once on the
  // service and kept), then kept; then every plan pulled, verified and replayed on the client.
  const period = resolvePeriod(`${YEAR}-Y`, { periods: {} })!;
  const moment = { period, knownAt: `${YEAR}-12-18T03:00:00.000Z`, config: { periods: {}, document: {} } };
  const reportSeconds: number[] = [];
  for (const fullCheck of [false, false, true]) {
    start = performance.now();
    await provinceReportFromService(admin, moment, { fullCheck });
    reportSeconds.push(seconds(start));
  }

  // The dashboard's first answer from a service process just started on the database (its figures stored by the pushes), and the next one.
  await app.close();
  const fresh = await buildServiceApp({ db, plugins: servicePlugins({ db }) });
  const freshBase = await fresh.listen({ host: '127.0.0.1', port: 0 });
  start = performance.now();
  await fetch(`${freshBase}/dashboard/api/overview?year=${YEAR}&period=Y`).then((r) => r.text());
  const coldSeconds = seconds(start);
  start = performance.now();
  await fetch(`${freshBase}/dashboard/api/overview?year=${YEAR}&period=Y`).then((r) => r.text());
  const warmSeconds = seconds(start);
  await fresh.close();

  // The floor: the same lines inserted by as many connections, in the same batches, each in a transaction.
  await db.exec('create table bench_floor (plan_id text not null, seq integer not null, line text not null, primary key (plan_id, seq))');
  start = performance.now();
  const pool = new pg.Pool({ connectionString: url.toString(), max: CLIENTS });
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (const plan of plans.filter((_, i) => i % CLIENTS === c)) {
        for (const events of chunks(plan.sealed, BATCH)) {
          const client = await pool.connect();
          try {
            await client.query('begin');
            for (const e of events) await client.query('insert into bench_floor values ($1, $2, $3)', [plan.id, e.seq, storedLine(e)]);
            await client.query('commit');
          } finally {
            client.release();
          }
        }
      }
    }),
  );
  const floorSeconds = seconds(start);
  await pool.end();
  await db.close();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
  say(`  pushes: ${(total / pushSeconds).toFixed(0)} events/s (${pushSeconds.toFixed(1)} s); push latency p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${latencies.length} pushes)`);
  say(`  floor, the same lines inserted by ${CLIENTS} connections in the same batches: ${(total / floorSeconds).toFixed(0)} rows/s (${floorSeconds.toFixed(1)} s); the service ×${(pushSeconds / floorSeconds).toFixed(2)} the floor`);
  say(`  on the service: ${count} events, log positions 1…${max} (${Number(count) === Number(max) ? '0 gaps' : `${Number(max) - Number(count)} GAPS`}); refused ${refused}; plans differing from what the clients sealed ${lost}; chains not verifying ${broken}`);
  say(
    `  consolidated year report from the service (${AGENCIES} plans; workbook and Word; goal under 10 s): first ${reportSeconds[0]!.toFixed(1)} s (a plan whose kept figures do not hold for that known-at replayed once on the service), ` +
      `next ${reportSeconds[1]!.toFixed(1)} s (kept figures), --full-check ${reportSeconds[2]!.toFixed(1)} s (every plan pulled, verified, replayed here)`,
  );
  const cq = (q: number) => (checkpointLatencies[Math.min(checkpointLatencies.length - 1, Math.floor(q * checkpointLatencies.length))]! / 1000).toFixed(2);
  say(`  checkpoint latency, from a push's answer to the first signed checkpoint covering its event (seen every 100 ms): p50 ${cq(0.5)} s, p95 ${cq(0.95)} s, max ${cq(1)} s (${checkpointLatencies.length} of ${total} events covered; a checkpoint every 2 s)`);
  say(`  dashboard overview, a service process just started (figures stored at push): first answer ${coldSeconds.toFixed(3)} s, next ${warmSeconds.toFixed(3)} s (goal: first load under 1 s)`);
} finally {
  await onServer(`drop database if exists ${name} with (force)`);
}

