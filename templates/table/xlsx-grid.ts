import ExcelJS from 'exceljs';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import { numberText, tidyCellText } from './cell-text.ts';
// Loading this replaces exceljs's quadratic merge check with a linear one (see the module).
import './exceljs-merge-check.ts';
import type { Grid, MergeArea } from './grid.ts';

/** A cell whose content could not become text: reported as a warning, read as ''. */
export interface CellIssue {
  row: number;
  col: number;
  kind: 'error' | 'formula-without-result';
  detail: string; // "#N/A", the formula
}

export interface SheetGrid {
  grid: Grid;
  hidden: boolean;
  issues: CellIssue[];
  /** Rows hidden by hand or by a filter (Excel stores both as hidden rows): read like the others. */
  hiddenRows: number[];
}

/**
 * Nodes of a sheet's XML that a table reader never looks at; exceljs skips parsing them.
 * Cell values, merges and number formats (for dates) are all it needs.
 */
const IGNORED_NODES = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'autoFilter', 'dataValidations',
  'conditionalFormatting', 'pageMargins', 'pageSetup', 'headerFooter', 'printOptions', 'rowBreaks',
  'drawing', 'picture', 'legacyDrawing', 'tableParts', 'extLst', 'sheetProtection',
];

/** Loads .xlsx bytes; throws what exceljs throws when they are not a workbook. */
export async function loadWorkbook(data: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  // exceljs's typing asks for a Node Buffer; in the browser it takes any ArrayBuffer view.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: IGNORED_NODES });
  return workbook;
}

/** One worksheet as a neutral grid: every cell as the text a person reads, merges as areas. */
export function gridFromWorksheet(sheet: ExcelJS.Worksheet): SheetGrid {
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
      const text = textOfValue(cell.value, cell.numFmt, (kind, detail) => issues.push({ row: r, col: c, kind, detail }));
      if (text !== '') line[c - 1] = text;
    });
    for (let i = 0; i < line.length; i++) if (line[i] === undefined) line[i] = '';
    values[r - 1] = line;
  });
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
  return { grid: { sheet: sheet.name, values, merges: [...areas.values()] }, hidden: sheet.state !== 'visible', issues, hiddenRows };
}

type Report = (kind: CellIssue['kind'], detail: string) => void;

/**
 * The text of an exceljs cell value: rich text joined, hyperlinks as their text, formulas as their
 * cached result, dates as dd/mm/yyyy (mm/yyyy when the cell's format shows no day), errors as ''.
 */
export function textOfValue(value: ExcelJS.CellValue, numFmt: string | undefined, report: Report): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return tidyCellText(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, numFmt);
  if (typeof value !== 'object') return '';
  if ('richText' in value && Array.isArray(value.richText)) return tidyCellText(value.richText.map((run) => run.text ?? '').join(''));
  if ('error' in value && typeof value.error === 'string') {
    report('error', value.error);
    return '';
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    const formula = String((value as { formula?: string; sharedFormula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? '');
    if (result === undefined || result === null) {
      report('formula-without-result', `=${formula}`);
      return '';
    }
    return textOfValue(result as ExcelJS.CellValue, numFmt, report);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    if (typeof text === 'string') return tidyCellText(text);
    if (text && typeof text === 'object') return textOfValue(text as ExcelJS.CellValue, numFmt, report);
    return tidyCellText(String((value as { hyperlink: string }).hyperlink));
  }
  return '';
}

function dateText(date: Date, numFmt: string | undefined): string {
  if (Number.isNaN(date.getTime())) return '';
  // exceljs gives the cell's day at UTC midnight, whatever the machine's zone.
  const iso = date.toISOString().slice(0, 10);
  const format = (numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '').toLowerCase();
  if (format !== '' && !format.includes('d') && format.includes('m') && format.includes('y')) {
    return `${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  return formatVietnameseDate(iso);
}
