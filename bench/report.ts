// The period report on a large ledger: 5,000 items and 100,000 events, next to a bare exceljs write
// of the same cells (same values, no styles, no post-processing) in the same run.
//
//   node --import tsx --expose-gc bench/report.ts [--items 1000] [--events 20000] [--rounds 3]
// The goal is set for --items 5000 --events 100000 (several minutes on a loaded machine).
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { addDays } from '../ledger/calendar.ts';
import { GENESIS_HASH, type LedgerEvent } from '../ledger/events.ts';
import type { Item, ReformArea } from '../ledger/plan.ts';
import { replay } from '../ledger/replay.ts';
import { normalizeText, seal } from '../ledger/seal.ts';
import { buildPeriodReport } from '../templates/reports/period-report.ts';
import { ReportConfig } from '../templates/reports/report-config.ts';
import { resolvePeriod } from '../templates/reports/report-period.ts';
import { normalizeXlsx, stampWorkbook } from '../templates/reports/workbook-bytes.ts';
import { alternate, machineLine, median, ratioText, spread } from './paired.ts';

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

/** The same cells as the report, values only, in a fresh workbook: what exceljs alone costs. */
function bareCopy(report: ExcelJS.Workbook): { workbook: ExcelJS.Workbook; cells: number } {
  const workbook = new ExcelJS.Workbook();
  let cells = 0;
  for (const sheet of report.worksheets) {
    const copy = workbook.addWorksheet(sheet.name);
    sheet.eachRow((row, r) => {
      const values: CellValue[] = [];
      row.eachCell((cell, c) => {
        const v = cell.value;
        values[c] = v !== null && typeof v === 'object' && 'text' in v ? (v as { text: string }).text : v;
        cells++;
      });
      copy.getRow(r).values = values;
    });
  }
  return { workbook, cells };
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
  build: number;
  write: number;
  normalize: number;
  total: number;
  bytes: number;
  workbook: ExcelJS.Workbook;
}

async function reportRun(): Promise<ReportRun> {
  collect();
  let t = performance.now();
  const state = replay(events, { knownAt, validAt: period.to });
  const replaySeconds = seconds(t);
  t = performance.now();
  const workbook = buildPeriodReport({ state, events, period, config, verification });
  const build = seconds(t);
  t = performance.now();
  stampWorkbook(workbook, knownAt);
  const written = new Uint8Array(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  const write = seconds(t);
  t = performance.now();
  const bytes = await normalizeXlsx(written, knownAt);
  const normalize = seconds(t);
  return { replay: replaySeconds, build, write, normalize, total: replaySeconds + build + write + normalize, bytes: bytes.length, workbook };
}

async function bareRun(report: ExcelJS.Workbook): Promise<{ set: number; write: number; total: number; cells: number; bytes: number }> {
  collect();
  let t = performance.now();
  const { workbook, cells } = bareCopy(report);
  const set = seconds(t);
  t = performance.now();
  const bytes = (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
  const write = seconds(t);
  return { set, write, total: set + write, cells, bytes: bytes.byteLength };
}

process.stdout.write(machineLine());
// Alternating runs (bench/paired.ts): each bare write copies the cells of the report just built.
// No warm-up round: one report run takes seconds, far longer than the JIT needs.
const ROUNDS = Number(values.rounds);
const reports: ReportRun[] = [];
const bares: Awaited<ReturnType<typeof bareRun>>[] = [];
let built: ExcelJS.Workbook | undefined;
const times = await alternate(
  ROUNDS,
  {
    report: async () => {
      const run = await reportRun();
      built = run.workbook;
      run.workbook = new ExcelJS.Workbook(); // let the big one go once copied
      reports.push(run);
      return run.total;
    },
    bare: async () => {
      const run = await bareRun(built!);
      built = undefined;
      bares.push(run);
      return run.total;
    },
  },
  false,
);
const m = (pick: (run: ReportRun) => number) => `${median(reports.map(pick)).toFixed(2)} s`;
process.stdout.write(
    `items ${ITEMS}, events ${events.length}, cells ${bares[0]!.cells.toLocaleString('en')}; medians (min–max) of ${ROUNDS} alternating runs, seconds\n` +
    `report ${spread(times.report, 2)}: replay ${m((r) => r.replay)} + build ${m((r) => r.build)} + exceljs write (stored) ${m((r) => r.write)} + ` +
    `zip (compress, stamp, repair) ${m((r) => r.normalize)} (${(reports[0]!.bytes / 1e6).toFixed(1)} MB)\n` +
    `bare exceljs write of the same cells ${spread(times.bare, 2)} (${(bares[0]!.bytes / 1e6).toFixed(1)} MB)\n` +
    `ratio ${ratioText(times.report, times.bare, GOAL_RATIO)}\n`,
);
