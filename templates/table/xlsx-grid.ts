import { formatVietnameseDate } from '../../ledger/dates.ts';
import { numberText, tidyCellText } from './cell-text.ts';
import { columnLetter, columnNumber, parseArea, type Grid, type MergeArea } from './grid.ts';
import { decodeEscapes, parseXml, type SharedString, type XlsxSheet, type XlsxWorkbook } from './xlsx-package.ts';

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

/** A cell's value as exceljs 4.4 gave it (the reader before this one): the text rules below are written against it. */
export type CellValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | SharedString
  | { error: string }
  | { formula?: string; sharedFormula?: string; result?: CellValue }
  | { text?: CellValue; hyperlink: string };

/** The `<c>` element being read; one record reused for every cell of the sheet. */
interface CellXml {
  col: number;
  row: number;
  /** The `r` attribute, when the cell has one. */
  r: string | undefined;
  type: string | undefined;
  numFmt: string | undefined;
  value: string | undefined;
  rich: Array<{ text?: string }> | undefined;
  formula: string | undefined;
  shareType: string | undefined;
  sharedIndex: string | undefined;
  ref: string | undefined;
}

/** A cell of a shared formula: its master is known once the cells are taken in row order (as exceljs takes them). */
interface SharedFormulaCell {
  row: number;
  address: string;
  sharedIndex: string | undefined;
  ref: string | undefined;
  /** The cell's formula value, given its master's address when it has none of its own (undefined under a hyperlink). */
  value: { formula?: string; sharedFormula?: string } | undefined;
}

/**
 * One worksheet as a neutral grid: every cell as the text a person reads, merges as areas. The
 * cells are the ones exceljs 4.4 (the reader before this one) made of the sheet's XML, so that the
 * grid is the one it gave: values, formulas' cached results (dropped when falsy, as exceljs's copy
 * of a formula value drops them), dates by number format, hyperlinks over the cell's value,
 * merges applied in order (an overlap refuses the workbook), hidden rows. Each cell's value goes
 * straight into the rows as it is read (no record per cell), and a merge marks its own cells.
 */
export function gridFromSheet(book: XlsxWorkbook, sheet: XlsxSheet): SheetGrid {
  const { cells, formats, hiddenRowNumbers, mergeRefs } = parseSheet(book, sheet, sheetHyperlinks(sheet));
  const areaOf = applyMerges(mergeRefs);

  const values: string[][] = [];
  const issues: CellIssue[] = [];
  const areas = new Set<MergeArea>();
  // A shared string is typically used by several cells (an agency, a timeline): tidied once.
  const tidied = new Map<string, string>();
  const tidy = (text: string) => {
    let done = tidied.get(text);
    if (done === undefined) tidied.set(text, (done = tidyCellText(text)));
    return done;
  };
  const hiddenRows: number[] = [];
  let row = 0; // the cell being read, for the issues it reports
  let col = 0;
  const report: Report = (kind, detail) => issues.push({ row, col, kind, detail });
  const rowCount = Math.max(cells.length, areaOf.length);
  for (let r = 1; r < rowCount; r++) {
    const rowValues = cells[r];
    const merged = areaOf[r];
    const width = Math.max(rowValues?.length ?? 0, merged?.length ?? 0);
    const line: string[] = [];
    let occupied = false;
    for (let c = 1; c <= width; c++) {
      const area = merged?.[c - 1];
      if (area !== undefined && (area.top !== r || area.left !== c)) {
        // Covered by a merge: its value belongs to no one.
        occupied = true;
        areas.add(area);
        continue;
      }
      const value = rowValues?.[c - 1];
      if (value === undefined) continue;
      occupied = true;
      row = r;
      col = c;
      const text = textOfValue(value, formats[r]?.[c - 1], report, tidy);
      if (text !== '') line[c - 1] = text;
    }
    if (!occupied) continue;
    if (hiddenRowNumbers.has(r)) hiddenRows.push(r);
    for (let i = 0; i < line.length; i++) if (line[i] === undefined) line[i] = '';
    values[r - 1] = line;
  }
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
  return { grid: { sheet: sheet.name, values, merges: [...areas] }, hidden: sheet.state !== 'visible', issues, hiddenRows };
}

interface ParsedSheet {
  /** Each cell's value by row and column (a cell with no value and no hyperlink is no cell). */
  cells: CellValue[][];
  /** The number format of each cell's style, beside its value. */
  formats: Array<Array<string | undefined>>;
  hiddenRowNumbers: Set<number>;
  mergeRefs: string[];
}

/**
 * The sheet's hyperlink targets by cell address. They are written after the cells, so a sheet that
 * has any is read twice: once for them, then for its cells, each valued with its hyperlink.
 */
function sheetHyperlinks(sheet: XlsxSheet): Map<string, string> {
  const hyperlinks = new Map<string, string>();
  if (!sheet.xml.includes('<hyperlinks')) return hyperlinks; // the element is named without a prefix, as exceljs reads it
  let depth = 0;
  let top = '';
  parseXml(sheet.xml, {
    open(tag) {
      depth++;
      if (depth === 2) top = tag.name;
      else if (tag.name === 'hyperlink' && top === 'hyperlinks') {
        const id = tag.attributes['r:id'];
        if (id) {
          const link = sheet.rels.get(id);
          if (link === undefined) throw new Error(`Hyperlink ${id} has no target.`);
          hyperlinks.set(tag.attributes.ref ?? '', link);
        }
      }
    },
    close() {
      depth--;
    },
  });
  return hyperlinks;
}

/** The sheet's XML as exceljs's cell, row and merge readers take it (element names as written). */
function parseSheet(book: XlsxWorkbook, sheet: XlsxSheet, hyperlinks: Map<string, string>): ParsedSheet {
  const parsed: ParsedSheet = { cells: [], formats: [], hiddenRowNumbers: new Set(), mergeRefs: [] };
  const sharedFormulaCells: SharedFormulaCell[] = [];
  let depth = 0;
  let top = '';
  let rowNumber = 0;
  const lastCols: number[] = []; // each row's last cell so far (a row may be written in several pieces)
  let lastCol = 0;
  const cell: CellXml = { col: 0, row: 0, r: undefined, type: undefined, numFmt: undefined, value: undefined, rich: undefined, formula: undefined, shareType: undefined, sharedIndex: undefined, ref: undefined };
  let inCell = false;
  let target: 'f' | 'v' | 't' | undefined;
  let run: { text?: string } | null = null;
  let runText: string[] | null = null;
  parseXml(sheet.xml, {
    open(tag) {
      depth++;
      if (depth === 2) top = tag.name;
      if (top === 'sheetData') {
        const a = tag.attributes;
        switch (tag.name) {
          case 'row': {
            const r = parseInt(a.r ?? '', 10);
            rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
            if (a.hidden === 'true' || a.hidden === '1') parsed.hiddenRowNumbers.add(rowNumber);
            lastCol = lastCols[rowNumber] ?? 0;
            break;
          }
          case 'c': {
            // A cell without an address is the one after the previous cell (as exceljs reads it).
            const col = (a.r === undefined ? 0 : columnNumber(a.r)) || lastCol + 1;
            const styleId = a.s ? parseInt(a.s, 10) : 0;
            cell.col = col;
            cell.row = rowNumber;
            cell.r = a.r;
            cell.type = a.t;
            cell.numFmt = styleId ? book.numberFormats[styleId] : undefined;
            cell.value = undefined;
            cell.rich = undefined;
            cell.formula = undefined;
            cell.shareType = undefined;
            cell.sharedIndex = undefined;
            cell.ref = undefined;
            inCell = true;
            break;
          }
          case 'f':
            if (inCell && !run) {
              target = 'f';
              cell.sharedIndex = a.si;
              cell.shareType = a.t;
              cell.ref = a.ref;
            }
            break;
          case 'v':
            if (!run) target = 'v';
            break;
          case 'r':
            if (inCell && !run) {
              if (cell.value !== undefined) throw new Error(`Cell ${addressOf(cell)} mixes plain and rich text.`);
              run = {};
            }
            break;
          case 't':
            if (run) runText = [];
            else target = 't';
            break;
        }
      } else if (tag.name === 'mergeCell' && top === 'mergeCells') parsed.mergeRefs.push(tag.attributes.ref ?? '');
    },
    text(text) {
      if (!inCell) return;
      if (runText) runText.push(text);
      else if (run) return;
      else if (target === 'f') cell.formula = (cell.formula ?? '') + text;
      else if ((target === 'v' || target === 't') && cell.rich === undefined) cell.value = (cell.value ?? '') + text;
    },
    close(name) {
      depth--;
      if (!inCell) return;
      switch (name) {
        case 't':
          if (runText) {
            run!.text = decodeEscapes(runText.join(''));
            runText = null;
          } else if (!run) target = undefined;
          break;
        case 'r':
          if (run) {
            (cell.rich ??= []).push(run);
            run = null;
          }
          break;
        case 'f':
        case 'v':
        case 'is':
          if (!run) target = undefined;
          break;
        case 'c': {
          // The cell belongs to the row open when it ends (its address to the one open when it began).
          if (rowNumber === 0) throw new Error('A cell outside any row.');
          const value = valueOf(book, cell, hyperlinks.size === 0 ? undefined : hyperlinks.get(addressOf(cell)));
          if (cell.shareType === 'shared') {
            const formula = value !== null && typeof value === 'object' && !('hyperlink' in value) ? (value as SharedFormulaCell['value']) : undefined;
            sharedFormulaCells.push({ row: rowNumber, address: addressOf(cell), sharedIndex: cell.sharedIndex, ref: cell.ref, value: formula });
          }
          if (value !== undefined) {
            (parsed.cells[rowNumber] ??= [])[cell.col - 1] = value;
            (parsed.formats[rowNumber] ??= [])[cell.col - 1] = cell.numFmt;
          }
          lastCols[rowNumber] = lastCol = cell.col;
          inCell = false;
          target = undefined;
          break;
        }
      }
    },
  });
  resolveSharedFormulas(sharedFormulaCells);
  return parsed;
}
/** The cell's address as written, or the one its place gives it. */
function addressOf(cell: CellXml): string {
  return cell.r ?? `${columnLetter(cell.col)}${cell.row}`;
}

/**
 * Each shared formula's cells, taken in row order (as exceljs takes them): a cell with a range
 * (`ref`) is the master of its index; a later one without names that master.
 */
function resolveSharedFormulas(cells: SharedFormulaCell[]): void {
  const masters = new Map<string | undefined, string>();
  for (const c of cells.sort((a, b) => a.row - b.row)) {
    if (c.ref) masters.set(c.sharedIndex, c.address);
    else {
      const master = masters.get(c.sharedIndex);
      if (master && c.value) c.value.sharedFormula = master;
    }
  }
}

/**
 * The value exceljs 4.4 gives the cell (cell-xform's parseClose and reconcile, FormulaValue's
 * copy): under a hyperlink, the link with the cell's value (or formula's result) as its text.
 * A shared formula's master is named afterwards (resolveSharedFormulas).
 */
function valueOf(book: XlsxWorkbook, c: CellXml, hyperlink: string | undefined): CellValue {
  const isDate = isDateFormat(c.numFmt);
  const raw = c.value;
  if (c.formula || c.shareType) {
    let result: CellValue;
    if (raw) {
      if (c.type === 'str') result = xmlDecode(raw);
      else if (c.type === 'b') result = parseInt(raw, 10) !== 0;
      else if (c.type === 'e') result = { error: raw };
      else result = parseFloat(raw);
      if (isDate) result = excelToDate(result, book.date1904);
    }
    if (hyperlink !== undefined) return { text: result, hyperlink };
    const formula: { formula?: string; sharedFormula?: string; result?: CellValue } = {};
    if (c.formula) formula.formula = c.formula;
    if (result) formula.result = result;
    return formula;
  }
  const value = plainValue(book, c, isDate);
  return hyperlink === undefined ? value : { text: value, hyperlink };
}

function plainValue(book: XlsxWorkbook, c: CellXml, isDate: boolean): CellValue {
  const raw = c.value;
  if (c.rich !== undefined) return { richText: c.rich };
  if (raw === undefined) return undefined;
  switch (c.type) {
    case 's': {
      const index = parseInt(raw, 10);
      if (!(index in book.sharedStrings)) throw new Error(`Shared string ${raw} does not exist.`);
      return book.sharedStrings[index];
    }
    case 'str':
      return xmlDecode(raw);
    case 'inlineStr':
      return raw;
    case 'b':
      return parseInt(raw, 10) !== 0;
    case 'e':
      return { error: raw };
    default:
      return isDate ? excelToDate(parseFloat(raw), book.date1904) : parseFloat(raw);
  }
}

/**
 * Applies the merges in the order the sheet lists them, each over its own cells: a merge over a
 * cell of an earlier merge refuses the workbook, as exceljs does. Gives each cell's merge, by row
 * and column; every cell of a merge but its first is covered (its value dropped).
 */
function applyMerges(refs: string[]): MergeArea[][] {
  const areaOf: MergeArea[][] = [];
  for (const ref of refs) {
    const area = parseArea(ref);
    if (!area) throw new Error(`Merged area "${ref}" is not a range.`);
    for (let r = area.top; r <= area.bottom; r++) {
      const row = areaOf[r];
      if (row === undefined) continue;
      for (let c = area.left; c <= area.right; c++) if (row[c - 1] !== undefined) throw new Error('Cannot merge already merged cells');
    }
    for (let r = area.top; r <= area.bottom; r++) {
      const row = (areaOf[r] ??= []);
      for (let c = area.left; c <= area.right; c++) row[c - 1] = area;
    }
  }
  return areaOf;
}

/** exceljs's test of a date format: a date or time letter outside quotes and brackets. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** A serial day number as the Date exceljs makes of it (the day at UTC midnight). Non-numbers give an invalid date. */
function excelToDate(value: unknown, date1904: boolean): Date {
  return new Date(Math.round((Number(value) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** exceljs decodes the XML entities of a formula's text result once more (`&amp;lt;` reads as "<"). */
function xmlDecode(text: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };
  return text.replace(/&([a-z]*);/g, (entity) => entities[entity] ?? entity);
}

type Report = (kind: CellIssue['kind'], detail: string) => void;

/**
 * The text of an exceljs cell value: rich text joined, hyperlinks as their text, formulas as their
 * cached result, dates as dd/mm/yyyy (mm/yyyy when the cell's format shows no day), errors as ''.
 */
export function textOfValue(value: CellValue, numFmt: string | undefined, report: Report, tidy: (text: string) => string = tidyCellText): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return tidy(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, numFmt);
  if (typeof value !== 'object') return '';
  if ('richText' in value && Array.isArray(value.richText)) return tidy(value.richText.map((run) => run.text ?? '').join(''));
  if ('error' in value && typeof value.error === 'string') {
    report('error', value.error);
    return '';
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: CellValue }).result;
    const formula = String((value as { formula?: string; sharedFormula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? '');
    if (result === undefined || result === null) {
      report('formula-without-result', `=${formula}`);
      return '';
    }
    return textOfValue(result, numFmt, report, tidy);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    if (typeof text === 'string') return tidy(text);
    if (text && typeof text === 'object') return textOfValue(text as CellValue, numFmt, report, tidy);
    return tidy(String((value as { hyperlink: string }).hyperlink));
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
