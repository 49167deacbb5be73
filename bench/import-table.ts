// Reading an appendix table, against the fastest well-kept reader of the same file (SheetJS
// `xlsx`, XLSX.read: every cell and merge of the workbook), alternating runs (bench/paired.ts):
// - in process: readTable (unzip, sheet XML, grid, header, rows, agencies, deadlines) against
//   XLSX.read of the same bytes, with a bare exceljs load (what the reader used to stand on) for reference;
// - whole process: `cchc inspect <file>` (the built command line: start-up, workbook guard, reader)
//   against `node` reading the file with XLSX.readFile.
// Two tables: the 5,000-item table (merged sub-rows) and the same with a merge on every row.
// The goal: at most 1.5 times the floor, both ways.
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
import { alternate, machineLine, ratioText, spread, timed, timedProcess } from './paired.ts';
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

    const inProcess = await alternate(RUNS, {
      sheetjs: timed(() => XLSX.read(bytes, { type: 'array' })),
      reader: timed(() => readTable(bytes, 'phu-luc.xlsx')),
      exceljs: timed(() => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer)),
    });
    process.stdout.write(
      `  in process    SheetJS XLSX.read ${spread(inProcess.sheetjs)}   readTable ${spread(inProcess.reader)}   ` +
        `${ratioText(inProcess.reader, inProcess.sheetjs, GOAL_RATIO)}\n` +
        `                (reference: a bare exceljs load ${spread(inProcess.exceljs)}, readTable ${ratioText(inProcess.reader, inProcess.exceljs)} of it)\n`,
    );

    const wholeProcess = await alternate(RUNS, {
      sheetjs: timedProcess(['-e', `require(${JSON.stringify(SHEETJS)}).readFile(process.argv[1])`, file], 'node + XLSX.readFile'),
      reader: timedProcess([BIN, 'inspect', file], 'cchc inspect'),
    });
    process.stdout.write(
      `  whole process node + XLSX.readFile ${spread(wholeProcess.sheetjs)}   cchc inspect ${spread(wholeProcess.reader)}   ` +
        `${ratioText(wholeProcess.reader, wholeProcess.sheetjs, GOAL_RATIO)}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
