import type ExcelJS from 'exceljs';
import type { CellValue as ExcelJsValue } from 'exceljs';
import type { CellRect } from './a1.ts';
import type { CellValue } from './host.ts';

/** Reading exceljs worksheets: shared by the in-memory workbook's loader and the sheets the pane copies into Excel. */

export interface ListRule {
  rect: CellRect;
  choices: string[];
  title: string;
  message: string;
}

/** What a cell shows, as a plain value: rich text joined, formulas as their result, links as their text. */
export function plainValue(value: ExcelJsValue): CellValue | Date {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return plainValue((value.result ?? null) as ExcelJsValue);
    if ('text' in value) return plainValue(value.text as ExcelJsValue);
    if ('error' in value) return String(value.error);
  }
  return null;
}

export function mergeRanges(ws: ExcelJS.Worksheet): CellRect[] {
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  const out: CellRect[] = [];
  for (const address of merges) {
    const [a, b = a] = address.split(':');
    const from = ws.getCell(a!);
    const to = ws.getCell(b!);
    const [top, left] = [Number(from.row), Number(from.col)];
    const [bottom, right] = [Number(to.row), Number(to.col)];
    out.push({ row: top - 1, col: left - 1, rows: bottom - top + 1, cols: right - left + 1 });
  }
  return out;
}

/** List validations, per cell in the file, joined back into column runs with the same choices. */
export function listValidations(ws: ExcelJS.Worksheet): ListRule[] {
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;
  const cells: Array<{ row: number; col: number; choices: string[]; title: string; message: string }> = [];
  for (const [address, rule] of Object.entries(model)) {
    if (!rule || rule.type !== 'list' || address.includes(':')) continue;
    const formula = String(rule.formulae?.[0] ?? '');
    if (!formula.startsWith('"')) continue;
    const cell = ws.getCell(address);
    cells.push({
      row: Number(cell.row) - 1,
      col: Number(cell.col) - 1,
      choices: formula.slice(1, -1).split(','),
      title: rule.errorTitle ?? '',
      message: rule.error ?? '',
    });
  }
  cells.sort((a, b) => a.col - b.col || a.row - b.row);
  const out: ListRule[] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last && last.rect.col === c.col && last.rect.row + last.rect.rows === c.row && last.choices.join(',') === c.choices.join(',')) {
      last.rect.rows++;
    } else {
      out.push({ rect: { row: c.row, col: c.col, rows: 1, cols: 1 }, choices: c.choices, title: c.title, message: c.message });
    }
  }
  return out;
}
