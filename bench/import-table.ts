// Reading an appendix table, against the fastest well-kept reader of the same file (SheetJS
// `xlsx`, XLSX.read: every cell and merge of the workbook), alternating runs (bench/paired.ts):
// - in process: readTable (unzip, sheet XML, grid, header, rows, agencies, deadlines) against
//   XLSX.read of the same bytes; then, in rounds of their own, against a bare exceljs load (what the
//   reader used to stand on) for reference;
// - whole process: `cchc inspect <file>` (the built command line: start-up, workbook guard, reader)
//   against `node` reading the file with XLSX.readFile.
// Two tables: the 5,000-item table (merged sub-rows) and the same with a merge on every row.
// The goal: at most 1.5 times the floor, both ways. CPU time (every thread) is printed beside each.
//
//   node --import tsx --expose-gc bench/import-table.ts [--items 2000] [--runs 3]
// The goal is set for --items 5000 (the default keeps `npm run bench` short).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import '../templates/workbook-ledger/exceljs-merge-check.ts';
import XLSX from 'xlsx';
import { freshBuild } from '../bin/built-cli.js';
import { buildCli } from '../scripts/build-cli.ts';
import { readTable } from '../templates/table/read-table.ts';
import { alternate, machineLine, ratioText, spread, timed, timedCpu, timedProcessCpu } from './paired.ts';
import { buildTable, type TableShape } from './tables.ts';

const GOAL_RATIO = 1.5;
// Not strict: `npm run bench -- --sizes …` passes the other benches' options here too.
const { values } = parseArgs({ options: { items: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } }, strict: false });
const ITEMS = Number(values.items);
const RUNS = Number(values.runs);
const ROOT = new URL('../', import.meta.url);
const BIN = fileURLToPath(new URL('bin/cchc.js', ROOT));
const SHEETJS = createRequire(import.meta.url).resolve('xlsx');

const TABLES: Array<{ label: string; shape: TableShape }> = [
  { label: `${ITEMS.toLocaleString('en')}-item table`, shape: {} },
  { label: `${ITEMS.toLocaleString('en')}-item table, a merge on every row`, shape: { mergedNotes: true } },
];

process.stdout.write(machineLine());
if (!freshBuild(new URL('build/cli/', ROOT), ROOT)) {
  process.stdout.write('building the command line (npm run build:cli) …\n');
  await buildCli();
}
const dir = mkdtempSync(join(tmpdir(), 'cchc-import-bench-'));
try {
  for (const { label, shape } of TABLES) {
    const bytes = await buildTable(ITEMS, shape);
    const file = join(dir, 'phu-luc.xlsx');
    writeFileSync(file, bytes);
    const check = await readTable(bytes, 'phu-luc.xlsx');
    const merges = (await new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer)).worksheets[0]!.model.merges.length;
    process.stdout.write(
      `\n${label}: ${check.counts.items} items, ${check.counts.tasks} tasks, ${merges.toLocaleString('en')} merged areas, ` +
        `${(bytes.length / 1024).toFixed(0)} KiB; medians (min–max) of ${RUNS} alternating runs, ms\n`,
    );

    // CPU time beside the wall clock: on a shared machine it moves far less with the others' load.
    const cpu = { sheetjs: [] as number[], reader: [] as number[] };
    const inProcess = await alternate(RUNS, {
      sheetjs: timedCpu(() => XLSX.read(bytes, { type: 'array' }), cpu.sheetjs),
      reader: timedCpu(() => readTable(bytes, 'phu-luc.xlsx'), cpu.reader),
    });
    // The reference in rounds of its own: exceljs parses with saxes too, and its parsers, dropped
    // after each load, made V8 throw away the saxes code the reader runs on (docs/table.md#figures).
    const reference = await alternate(RUNS, {
      reader: timed(() => readTable(bytes, 'phu-luc.xlsx')),
      exceljs: timed(() => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer)),
    });
    const kept = (xs: number[]) => xs.slice(-RUNS); // the warm-up runs are not kept
    process.stdout.write(
      `  in process    SheetJS XLSX.read ${spread(inProcess.sheetjs)}   readTable ${spread(inProcess.reader)}   ` +
        `${ratioText(inProcess.reader, inProcess.sheetjs, GOAL_RATIO)}\n` +
        `                CPU time: SheetJS ${spread(kept(cpu.sheetjs))}   readTable ${spread(kept(cpu.reader))}   ${ratioText(kept(cpu.reader), kept(cpu.sheetjs))}\n` +
        `                (reference, rounds of their own: a bare exceljs load ${spread(reference.exceljs)}, readTable ${spread(reference.reader)}, ` +
        `${ratioText(reference.reader, reference.exceljs)} of it)\n`,
    );

    const processCpu = { sheetjs: [] as number[], reader: [] as number[] };
    const wholeProcess = await alternate(RUNS, {
      sheetjs: timedProcessCpu(['-e', `require(${JSON.stringify(SHEETJS)}).readFile(process.argv[1])`, file], 'node + XLSX.readFile', processCpu.sheetjs),
      reader: timedProcessCpu([BIN, 'inspect', file], 'cchc inspect', processCpu.reader),
    });
    process.stdout.write(
      `  whole process node + XLSX.readFile ${spread(wholeProcess.sheetjs)}   cchc inspect ${spread(wholeProcess.reader)}   ` +
        `${ratioText(wholeProcess.reader, wholeProcess.sheetjs, GOAL_RATIO)}\n` +
        `                CPU time: node + XLSX.readFile ${spread(kept(processCpu.sheetjs))}   cchc inspect ${spread(kept(processCpu.reader))}   ` +
        `${ratioText(kept(processCpu.reader), kept(processCpu.sheetjs))}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
