// The .xlsx reader before templates/table/xlsx-package.ts: exceljs's full load, its cells walked
// into a grid. Kept here only as the oracle that test/table/xlsx-reader.test.ts compares the
// reader with, cell for cell; exceljs remains a dependency for the workbooks the project writes.
import ExcelJS from 'exceljs';
import '../../../templates/workbook-ledger/exceljs-merge-check.ts';
import type { MergeArea } from '../../../templates/table/grid.ts';
import { textOfValue, type CellIssue, type CellValue, type SheetGrid } from '../../../templates/table/xlsx-grid.ts';

/** Every worksheet of the workbook as exceljs 4.4 loads it, in workbook order, as the old reader's grid. */
export async function exceljsSheets(bytes: Uint8Array): Promise<Array<{ name: string; state: string; grid: SheetGrid }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => ({ name: sheet.name, state: sheet.state, grid: gridFromWorksheet(sheet) }));
}

function gridFromWorksheet(sheet: ExcelJS.Worksheet): SheetGrid {
  const values: string[][] = [];
  const issues: CellIssue[] = [];
  const areas = new Map<string, MergeArea>();
  const hiddenRows: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (row.hidden) hiddenRows.push(r);
    const line: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) {
        const master = cell.master;
        const key = master.address;
        const area = areas.get(key) ?? { top: Number(master.row), left: Number(master.col), bottom: r, right: c };
        area.bottom = Math.max(area.bottom, r);
        area.right = Math.max(area.right, c);
        area.top = Math.min(area.top, Number(master.row));
        area.left = Math.min(area.left, Number(master.col));
        areas.set(key, area);
        return;
      }
      const text = textOfValue(cell.value as CellValue, cell.numFmt, (kind, detail) => issues.push({ row: r, col: c, kind, detail }));
      if (text !== '') line[c - 1] = text;
    });
    for (let i = 0; i < line.length; i++) if (line[i] === undefined) line[i] = '';
    values[r - 1] = line;
  });
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
  return { grid: { sheet: sheet.name, values, merges: [...areas.values()] }, hidden: sheet.state !== 'visible', issues, hiddenRows };
}
