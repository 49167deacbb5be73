// The floor of the report benchmarks: exceljs's streaming writer (WorkbookWriter) writing the cells
// of a report built once into exceljs's in-memory workbook, with their styles, merges, widths,
// heights, drop-downs, conditional formats and page setup.
import { Writable } from 'node:stream';
import { deserialize, serialize } from 'node:v8';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';

const seconds = (from: number) => (performance.now() - from) / 1000;

/** CPU seconds the process used since `from` (every thread: zlib's and the collector's too). */
export const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** One sheet of the report as plain data, read out of it before the floor's clock starts. */
export interface SheetCopy {
  name: string;
  options: Partial<ExcelJS.AddWorksheetOptions>;
  widths: Array<number | undefined>;
  rows: Array<{ number: number; height: number | undefined; cells: Array<{ col: number; value: CellValue; style: Partial<ExcelJS.Style> }> }>;
  merges: string[];
  autoFilter: ExcelJS.AutoFilter | undefined;
  conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
  dataValidations: Record<string, ExcelJS.DataValidation>;
}

export function sheetCopies(report: ExcelJS.Workbook): { sheets: SheetCopy[]; cells: number } {
  let cells = 0;
  const sheets = report.worksheets.map((sheet): SheetCopy => {
    const rows: SheetCopy['rows'] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const copied: SheetCopy['rows'][number]['cells'] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        // A merged cell's value lives in its master; it keeps its own style (borders).
        copied.push({ col, value: cell.isMerged && cell.master !== cell ? null : cell.value, style: cell.style });
        cells++;
      });
      rows.push({ number, height: row.height, cells: copied });
    });
    const model = sheet.model as unknown as { merges: string[]; dataValidations: Record<string, ExcelJS.DataValidation> };
    return {
      name: sheet.name,
      options: { properties: sheet.properties, pageSetup: sheet.pageSetup, headerFooter: sheet.headerFooter, views: sheet.views },
      widths: sheet.columns?.map((c) => c.width) ?? [],
      rows,
      merges: model.merges,
      autoFilter: sheet.autoFilter,
      conditionalFormattings: (sheet as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings,
      dataValidations: model.dataValidations,
    };
  });
  return { sheets, cells };
}

/**
 * The floor: exceljs's streaming writer (WorkbookWriter, zlib through archiver) writing the same
 * cells with their styles, row heights, column widths, merges, conditional formats, drop-downs,
 * page setup and print titles, into memory. Each merge is declared while its first row is still
 * open: the writer cannot merge rows it has committed.
 */
export async function streamingRun(report: ReturnType<typeof sheetCopies>): Promise<{ total: number; cpu: number; cells: number; bytes: Uint8Array }> {
  collect();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  for (const copy of report.sheets) {
    const sheet = workbook.addWorksheet(copy.name, copy.options);
    sheet.columns = copy.widths.map((width) => ({ width }));
    const mergesFrom = new Map<number, string[]>();
    for (const range of copy.merges) {
      const top = Number(/\d+/.exec(range)![0]);
      mergesFrom.set(top, [...(mergesFrom.get(top) ?? []), range]);
    }
    for (const { number, height, cells } of copy.rows) {
      for (const range of mergesFrom.get(number) ?? []) sheet.mergeCells(range);
      const row = sheet.getRow(number);
      if (height !== undefined) row.height = height;
      for (const { col, value, style } of cells) {
        const cell = row.getCell(col);
        if (value !== null) cell.value = value;
        cell.style = style;
      }
      row.commit();
    }
    if (copy.autoFilter) sheet.autoFilter = copy.autoFilter;
    for (const cf of copy.conditionalFormattings) sheet.addConditionalFormatting(cf);
    const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
    for (const [address, validation] of Object.entries(copy.dataValidations)) validations.add(address, validation);
    sheet.commit();
  }
  await workbook.commit();
  const bytes = new Uint8Array(Buffer.concat(chunks));
  return { total: seconds(t), cpu: cpuSeconds(cpu), cells: report.cells, bytes };
}

/**
 * The copies kept off the JavaScript heap (serialized), and a fresh copy of them for each floor run,
 * made before its clock starts: neither side runs with the other's data on its heap (1.4 million
 * cells make every garbage collection of the other side slower), and the floor's texts are new
 * strings each run, as a report's are, not ones already hashed by its previous run.
 */
export function freshCopies(copies: ReturnType<typeof sheetCopies>): () => ReturnType<typeof sheetCopies> {
  const bytes = serialize(copies);
  return () => deserialize(bytes) as ReturnType<typeof sheetCopies>;
}

/** Merges by sheet, as a reader (exceljs) finds them in a file. */
export async function mergesOf(bytes: Uint8Array): Promise<Map<string, Set<string>>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return new Map(workbook.worksheets.map((sheet) => [sheet.name, new Set((sheet.model as unknown as { merges: string[] }).merges)]));
}

/** Per sheet of ours, how many merges it has and which the floor's file lacks (the streaming writer is known to drop some). */
export async function mergesReport(ours: Uint8Array, floor: Uint8Array): Promise<string> {
  const theirs = await mergesOf(floor);
  let text = '';
  for (const [sheet, merges] of await mergesOf(ours)) {
    const dropped = [...merges].filter((m) => !theirs.get(sheet)?.has(m));
    text += `  ${sheet}: ${merges.size} merges in the report, ${dropped.length} missing from the streaming writer's file${dropped.length ? ` (${dropped.slice(0, 6).join(', ')}${dropped.length > 6 ? ' …' : ''})` : ''}\n`;
  }
  return text;
}
