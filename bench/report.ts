// The period report on a large ledger: 5,000 items and 100,000 events, alternated with its floor,
// exceljs's streaming writer (WorkbookWriter) writing the same cells with the same styles, merges
// and page setup, and the merges the floor's file lacks, if any.
//
//   node --import tsx --expose-gc bench/report.ts [--items 1000] [--events 20000] [--rounds 3]
// The goal is set for --items 5000 --events 100000 (several minutes on a loaded machine).
import { parseArgs } from 'node:util';
import { addDays } from '../ledger/calendar.ts';
import { GENESIS_HASH, type LedgerEvent } from '../ledger/events.ts';
import type { Item, ReformArea } from '../ledger/plan.ts';
import { replay } from '../ledger/replay.ts';
import { normalizeText, seal } from '../ledger/seal.ts';
import { buildPeriodReport, writePeriodReport } from '../templates/reports/period-report.ts';
import { ReportConfig } from '../templates/reports/report-config.ts';
import { resolvePeriod } from '../templates/reports/report-period.ts';
import { vietnamWallClock } from '../templates/reports/cell-values.ts';
import { reportBookParts } from '../templates/reports/report-book.node.ts';
import { zipDeflatedParts } from '../templates/reports/zip-parts.node.ts';
import { alternate, machineLine, median, ratioText, spread } from './paired.ts';
import { cpuSeconds, freshCopies, mergesReport, sheetCopies, streamingRun } from './streaming-floor.ts';

const GOAL_RATIO = 1.5;
// Not strict: `npm run bench -- --sizes …` passes the other benches' options here too.
const { values } = parseArgs({
  options: { items: { type: 'string', default: '1000' }, events: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } },
  strict: false,
});
const ITEMS = Number(values.items);
const EVENTS = Number(values.events);

const AREAS: ReformArea[] = ['direction', 'institutions', 'procedures', 'organisation', 'civil_service', 'public_finance', 'digital_government'];
const AGENCIES = ['Sở Nội vụ', 'Sở Tư pháp', 'Văn phòng UBND tỉnh', 'Sở Tài chính', 'Sở Thông tin và Truyền thông', 'Sở Kế hoạch và Đầu tư'];
const ACTORS = [
  { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ' },
  { name: 'Trần Văn Bình', unit: 'Sở Tư pháp' },
  { name: 'Lê Thị Cúc', unit: 'Văn phòng UBND tỉnh' },
];

/** A plan of ITEMS items and a year of changes to it, sealed into a chain (no rules: this times the report, not append). */
function makeEvents(): LedgerEvent[] {
  const items: Item[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const area = i % AREAS.length;
    const due = addDays('2021-01-31', (i * 7) % 330);
    const lead = AGENCIES[i % AGENCIES.length]!;
    items.push({
      id: `it${i}`,
      section: `s${area}`,
      task: `t${Math.floor(i / 2)}`,
      numbering: `${area + 1}.${i}`,
      text: `Nhiệm vụ số ${i}: triển khai thực hiện các nội dung cải cách hành chính theo kế hoạch của tỉnh năm 2021`,
      output: i % 3 === 0 ? 'Kế hoạch' : 'Báo cáo kết quả thực hiện',
      timeline: { raw: `Trước ngày ${due.split('-').reverse().join('/')}`, kind: 'date', start: null, due, milestones: [] },
      lead: [{ name: lead, raw: lead, group: false }],
      leadText: lead,
      coordinating: [],
      coordinatingText: 'Các cơ quan, đơn vị có liên quan',
    });
  }
  const events: LedgerEvent[] = [];
  let prev = GENESIS_HASH;
  const push = (body: Record<string, unknown>) => {
    const event = seal(normalizeText({ v: 1, seq: events.length + 1, id: `e${events.length + 1}`, prev, hash: undefined, ...body }) as never);
    events.push(event);
    prev = event.hash;
  };
  push({
    type: 'plan.imported',
    at: '2021-01-04T02:00:00.000Z',
    actor: ACTORS[0],
    data: {
      plan: { issuer: 'UBND tỉnh Bến Tre', number: '7018/KH-UBND', date: '2020-12-29', year: 2021, title: 'Kế hoạch cải cách hành chính năm 2021' },
      source: { file: 'phuluc.xlsx', sha256: 'a'.repeat(64) },
      sections: AREAS.map((area, i) => ({ id: `s${i}`, numeral: ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][i]!, title: area, area })),
      tasks: [...new Set(items.map((i) => i.task))].map((task) => ({ id: task, section: items.find((i) => i.task === task)!.section, numbering: task.slice(1), text: 'Nhiệm vụ' })),
      items,
    },
  });
  const start = Date.parse('2021-01-05T01:00:00.000Z');
  const step = Math.floor((Date.parse('2021-12-10T00:00:00.000Z') - start) / EVENTS);
  for (let n = 1; n < EVENTS; n++) {
    const at = new Date(start + n * step).toISOString();
    const item = `it${(n * 7919) % ITEMS}`;
    const effective = at.slice(0, 10);
    const actor = ACTORS[n % ACTORS.length];
    if (n % 50 === 0) push({ type: 'event.voided', at, actor, data: { event: `e${events.length}`, reason: 'Ghi nhầm' } });
    else if (n % 5 === 0) push({ type: 'evidence.attached', at, actor, data: { item, document: { kind: 'Báo cáo', number: `${n}/BC-SNV`, date: effective } } });
    else if (n % 5 === 1) push({ type: 'progress.noted', at, actor, data: { item, note: 'Đang triển khai theo kế hoạch', percent: n % 100 } });
    else push({ type: 'status.changed', at, actor, data: { item, status: (['in_progress', 'done', 'on_hold'] as const)[n % 3], effective, ...(n % 3 !== 1 && { note: 'Cập nhật' }) } });
  }
  return events;
}

const seconds = (from: number) => (performance.now() - from) / 1000;
const collect = () => (globalThis as { gc?: () => void }).gc?.();

const events = makeEvents();
const config = ReportConfig.parse({});
const period = resolvePeriod('2021-Y', config)!;
const knownAt = '2022-01-05T03:00:00.000Z';
const verification = { ok: true as const, count: events.length, head: { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash } };

interface ReportRun {
  replay: number;
  write: number;
  zip: number;
  total: number;
  cpu: number;
  bytes: Uint8Array;
}

/** periodReportBytes, its steps timed one by one. */
async function reportRun(): Promise<ReportRun> {
  collect();
  const cpu = process.cpuUsage();
  let t = performance.now();
  const state = replay(events, { knownAt, validAt: period.to });
  const replaySeconds = seconds(t);
  t = performance.now();
  const parts = await reportBookParts((book) => writePeriodReport(book, { state, events, period, config, verification }), state.knownAt);
  const write = seconds(t);
  t = performance.now();
  const bytes = zipDeflatedParts(parts, vietnamWallClock(state.knownAt));
  const zip = seconds(t);
  return { replay: replaySeconds, write, zip, total: replaySeconds + write + zip, cpu: cpuSeconds(cpu), bytes };
}

process.stdout.write(machineLine());
// The floor's cells: the report built once into exceljs's in-memory workbook and read out of it,
// before any clock starts.
const copies = freshCopies(sheetCopies(buildPeriodReport({ state: replay(events, { knownAt, validAt: period.to }), events, period, config, verification })));
// Alternating runs (bench/paired.ts). No warm-up round: one report run takes seconds, far longer
// than the JIT needs.
const ROUNDS = Number(values.rounds);
const reports: ReportRun[] = [];
const floors: Awaited<ReturnType<typeof streamingRun>>[] = [];
const times = await alternate(
  ROUNDS,
  {
    report: async () => {
      const run = await reportRun();
      reports.push(run);
      return run.total;
    },
    streaming: async () => {
      const run = await streamingRun(copies());
      floors.push(run);
      return run.total;
    },
  },
  false,
);
const m = (pick: (run: ReportRun) => number) => `${median(reports.map(pick)).toFixed(2)} s`;
process.stdout.write(
  `items ${ITEMS}, events ${events.length}, cells ${floors[0]!.cells.toLocaleString('en')}; medians (min–max) of ${ROUNDS} alternating runs, seconds\n` +
    `report ${spread(times.report, 2)}: replay ${m((r) => r.replay)} + build the sheets into exceljs's streaming writer, deflated by zlib on its threads meanwhile ${m((r) => r.write)} + ` +
    `zip ${m((r) => r.zip)} (${(reports[0]!.bytes.length / 1e6).toFixed(1)} MB)\n` +
    `floor: exceljs's streaming writer (WorkbookWriter), the same cells, styles, merges and page setup ${spread(times.streaming, 2)} (${(floors[0]!.bytes.length / 1e6).toFixed(1)} MB)\n` +
    `ratio ${ratioText(times.report, times.streaming, GOAL_RATIO)}\n` +
    // The CPU time (every thread) moves far less with the others' load than the wall clock does.
    `CPU time: report ${spread(reports.map((r) => r.cpu), 2)}, floor ${spread(floors.map((f) => f.cpu), 2)}, ratio ${ratioText(reports.map((r) => r.cpu), floors.map((f) => f.cpu))}\n`,
);

process.stdout.write(await mergesReport(reports[0]!.bytes, floors[0]!.bytes));
