import { formatVietnameseDate } from '../../ledger/dates.ts';
import { numberText, tidyCellText } from './cell-text.ts';
import { columnLetter, parseArea, type Grid, type MergeArea } from './grid.ts';
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

/** What sits at one place of the sheet: a cell (with its style's number format), or a cell covered by a merge. */
type Slot = { value: CellValue; numFmt: string | undefined } | { covered: MergeArea };

/** A `<c>` element as read, before the hyperlinks (written after the cells) are known. */
interface ParsedCell {
  col: number;
  address: string;
  type: string | undefined;
  numFmt: string | undefined;
  value: string | undefined;
  rich: Array<{ text?: string }> | undefined;
  formula: string | undefined;
  shareType: string | undefined;
  sharedIndex: string | undefined;
  ref: string | undefined;
}

/**
 * One worksheet as a neutral grid: every cell as the text a person reads, merges as areas. The
 * cells are the ones exceljs 4.4 (the reader before this one) made of the sheet's XML, so that the
 * grid is the one it gave: values, formulas' cached results (dropped when falsy, as exceljs's copy
 * of a formula value drops them), dates by number format, hyperlinks over the cell's value,
 * merges applied in order (an overlap refuses the workbook), hidden rows.
 */
export function gridFromSheet(book: XlsxWorkbook, sheet: XlsxSheet): SheetGrid {
  const { cells, hiddenRowNumbers, mergeRefs, hyperlinks } = parseSheet(book, sheet);
  const rows = slotsOf(book, cells, hyperlinks);
  applyMerges(rows, mergeRefs);

  const values: string[][] = [];
  const issues: CellIssue[] = [];
  const areas = new Map<MergeArea, MergeArea>();
  // A shared string is typically used by several cells (an agency, a timeline): tidied once.
  const tidied = new Map<string, string>();
  const tidy = (text: string) => {
    let done = tidied.get(text);
    if (done === undefined) tidied.set(text, (done = tidyCellText(text)));
    return done;
  };
  const hiddenRows: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || !row.some((slot) => slot !== undefined)) continue;
    if (hiddenRowNumbers.has(r)) hiddenRows.push(r);
    const line: string[] = [];
    for (let c = 1; c <= row.length; c++) {
      const slot = row[c - 1];
      if (slot === undefined) continue;
      if ('covered' in slot) {
        const master = slot.covered;
        const area = areas.get(master) ?? { top: master.top, left: master.left, bottom: r, right: c };
        area.bottom = Math.max(area.bottom, r);
        area.right = Math.max(area.right, c);
        areas.set(master, area);
        continue;
      }
      const text = textOfValue(slot.value, slot.numFmt, (kind, detail) => issues.push({ row: r, col: c, kind, detail }), tidy);
      if (text !== '') line[c - 1] = text;
    }
    for (let i = 0; i < line.length; i++) if (line[i] === undefined) line[i] = '';
    values[r - 1] = line;
  }
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
  return { grid: { sheet: sheet.name, values, merges: [...areas.values()] }, hidden: sheet.state !== 'visible', issues, hiddenRows };
}

interface ParsedSheet {
  /** The `<c>` elements of each row, by row number. */
  cells: ParsedCell[][];
  hiddenRowNumbers: Set<number>;
  mergeRefs: string[];
  /** Hyperlink targets by cell address. */
  hyperlinks: Map<string, string>;
}

/** The sheet's XML as exceljs's cell, row, merge and hyperlink readers take it (element names as written). */
function parseSheet(book: XlsxWorkbook, sheet: XlsxSheet): ParsedSheet {
  const parsed: ParsedSheet = { cells: [], hiddenRowNumbers: new Set(), mergeRefs: [], hyperlinks: new Map() };
  let depth = 0;
  let top = '';
  let rowNumber = 0;
  let cell: ParsedCell | null = null;
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
            parsed.cells[rowNumber] ??= [];
            break;
          }
          case 'c': {
            // A cell without an address is the one after the previous cell (as exceljs reads it).
            const col = (a.r === undefined ? 0 : columnOf(a.r)) || (parsed.cells[rowNumber]?.at(-1)?.col ?? 0) + 1;
            const styleId = a.s ? parseInt(a.s, 10) : 0;
            cell = {
              col,
              address: a.r ?? `${columnLetter(col)}${rowNumber}`,
              type: a.t,
              numFmt: styleId ? book.numberFormats[styleId] : undefined,
              value: undefined,
              rich: undefined,
              formula: undefined,
              shareType: undefined,
              sharedIndex: undefined,
              ref: undefined,
            };
            break;
          }
          case 'f':
            if (cell && !run) {
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
            if (cell && !run) {
              if (cell.value !== undefined) throw new Error(`Cell ${cell.address} mixes plain and rich text.`);
              run = {};
            }
            break;
          case 't':
            if (run) runText = [];
            else target = 't';
            break;
        }
      } else if (tag.name === 'mergeCell' && top === 'mergeCells') parsed.mergeRefs.push(tag.attributes.ref ?? '');
      else if (tag.name === 'hyperlink' && top === 'hyperlinks') {
        const id = tag.attributes['r:id'];
        if (id) {
          const link = sheet.rels.get(id);
          if (link === undefined) throw new Error(`Hyperlink ${id} has no target.`);
          parsed.hyperlinks.set(tag.attributes.ref ?? '', link);
        }
      }
    },
    text(text) {
      if (!cell) return;
      if (runText) runText.push(text);
      else if (run) return;
      else if (target === 'f') cell.formula = (cell.formula ?? '') + text;
      else if ((target === 'v' || target === 't') && cell.rich === undefined) cell.value = (cell.value ?? '') + text;
    },
    close(name) {
      depth--;
      if (!cell) return;
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
        case 'c':
          parsed.cells[rowNumber]!.push(cell);
          cell = null;
          target = undefined;
          break;
      }
    },
  });
  return parsed;
}

/** The column of a cell address ("AB12" → 28); 0 when it starts with no letter. */
function columnOf(address: string): number {
  let col = 0;
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    col = col * 26 + code - 0x60;
  }
  return col;
}

/** Each parsed cell as its value, by row and column; a cell with no value and no hyperlink is no cell. */
function slotsOf(book: XlsxWorkbook, cells: ParsedCell[][], hyperlinks: Map<string, string>): Slot[][] {
  const rows: Slot[][] = [];
  const sharedFormulas = new Map<string | undefined, string>();
  for (let r = 1; r < cells.length; r++) {
    const parsed = cells[r];
    if (!parsed) continue;
    const row: Slot[] = [];
    for (const c of parsed) {
      const value = valueOf(book, c, sharedFormulas, hyperlinks.get(c.address));
      if (value !== undefined) row[c.col - 1] = { value, numFmt: c.numFmt };
    }
    rows[r] = row;
  }
  return rows;
}

/**
 * The value exceljs 4.4 gives the cell (cell-xform's parseClose and reconcile, FormulaValue's
 * copy): under a hyperlink, the link with the cell's value (or formula's result) as its text.
 */
function valueOf(book: XlsxWorkbook, c: ParsedCell, sharedFormulas: Map<string | undefined, string>, hyperlink: string | undefined): CellValue {
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
    const formula: { formula?: string; sharedFormula?: string; result?: CellValue } = {};
    if (c.formula) formula.formula = c.formula;
    if (c.shareType === 'shared') {
      if (c.ref) sharedFormulas.set(c.sharedIndex, c.address);
      else {
        const master = sharedFormulas.get(c.sharedIndex);
        if (master) formula.sharedFormula = master;
      }
    }
    if (hyperlink !== undefined) return { text: result, hyperlink };
    if (result) formula.result = result;
    return formula;
  }
  const value = plainValue(book, c, isDate);
  return hyperlink === undefined ? value : { text: value, hyperlink };
}

function plainValue(book: XlsxWorkbook, c: ParsedCell, isDate: boolean): CellValue {
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
 * Applies the merges in the order the sheet lists them: every cell but the first is covered (its
 * value dropped); a merge over a cell already merged refuses the workbook, as exceljs does.
 */
function applyMerges(rows: Slot[][], refs: string[]): void {
  const masters = new Set<string>();
  for (const ref of refs) {
    const area = parseArea(ref);
    if (!area) throw new Error(`Merged area "${ref}" is not a range.`);
    for (let r = area.top; r <= area.bottom; r++) {
      for (let c = area.left; c <= area.right; c++) {
        if ((rows[r]?.[c - 1] !== undefined && 'covered' in rows[r]![c - 1]!) || masters.has(`${r}:${c}`)) throw new Error('Cannot merge already merged cells');
      }
    }
    masters.add(`${area.top}:${area.left}`);
    for (let r = area.top; r <= area.bottom; r++) {
      const row = (rows[r] ??= []);
      for (let c = area.left; c <= area.right; c++) if (r > area.top || c > area.left) row[c - 1] = { covered: area };
    }
  }
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
