import { formatVietnameseDate, parseUserDate } from '../../ledger/dates.ts';
import { intersect, parseAddress, rectAddress, type CellRect } from './a1.ts';
import {
  ACTIVE_SHEET,
  ALL_CAPABILITIES,
  numberFormatOf,
  type CellStyle,
  type CellValue,
  type ChangeNotice,
  type HostCapabilities,
  type ReadRequest,
  type SheetOp,
  type SheetInfo,
  type SheetRead,
  type Visibility,
  type WorkbookHost,
} from './host.ts';
import { batchesFor } from './payload.ts';
import { isDateFormat, isoDateOfSerial, serialOfIsoDate } from './serial-date.ts';

export interface ListValidation {
  rect: CellRect;
  choices: string[];
  title: string;
  message: string;
}

/** One sheet of an in-memory workbook: just what the add-in reads and writes. */
export interface MemorySheet {
  /** As Excel's worksheet id: given when the sheet is made, kept through renames. */
  id: string;
  name: string;
  visibility: Visibility;
  protected: boolean;
  /** values[row][col], 0-based; holes are empty cells. */
  values: CellValue[][];
  numberFormats: string[][];
  merges: CellRect[];
  validations: ListValidation[];
  highlights: Array<{ rect: CellRect; text: string; fill: string; fontColor: string }>;
  styles: Array<{ rect: CellRect; style: CellStyle }>;
  columnWidths: Record<number, number>;
  rowHeights: Record<number, number>;
  frozenRows: number;
}

export function emptySheet(name: string, visibility: Visibility, id: string): MemorySheet {
  return {
    id,
    name,
    visibility,
    protected: false,
    values: [],
    numberFormats: [],
    merges: [],
    validations: [],
    highlights: [],
    styles: [],
    columnWidths: {},
    rowHeights: {},
    frozenRows: 0,
  };
}

/** A workbook held in memory: the stand-in for Excel in tests and on the stand-in page. */
export class MemoryWorkbook {
  sheets: MemorySheet[] = [];
  activeSheet = '';
  /** The cells selected last, by a person or by the add-in's `select`. */
  selection: { sheet: string; rect: CellRect } | null = null;

  sheet(name: string): MemorySheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** The sheet, or an error naming it, as Excel's ItemNotFound. */
  mustSheet(name: string): MemorySheet {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`ItemNotFound: no sheet named "${name}"`);
    return sheet;
  }

  /** An id no sheet of this workbook has had, as Excel gives a new sheet. */
  newSheetId(): string {
    return `{sheet-${++this.sheetsMade}}`;
  }
  private sheetsMade = 0;

  addSheet(name: string, visibility: Visibility = 'visible'): MemorySheet {
    if (this.sheet(name)) throw new Error(`ItemAlreadyExists: a sheet named "${name}" exists`);
    const sheet = emptySheet(name, visibility, this.newSheetId());
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    return sheet;
  }
}

export function cellOf(sheet: MemorySheet, row: number, col: number): CellValue {
  return sheet.values[row]?.[col] ?? null;
}

export function formatOf(sheet: MemorySheet, row: number, col: number): string {
  return sheet.numberFormats[row]?.[col] ?? 'General';
}

function setCell(sheet: MemorySheet, row: number, col: number, value: CellValue): void {
  (sheet.values[row] ??= [])[col] = value === '' ? null : value;
}

function setFormat(sheet: MemorySheet, row: number, col: number, format: string): void {
  (sheet.numberFormats[row] ??= [])[col] = format;
}

/** The block of cells holding values, as Excel's used range with valuesOnly. */
export function usedRect(sheet: MemorySheet): CellRect | null {
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  sheet.values.forEach((row, r) =>
    row?.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    }),
  );
  return bottom < 0 ? null : { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

/** The parts of `a` outside `b`: up to four blocks (above, below, left, right). */
function subtract(a: CellRect, b: CellRect): CellRect[] {
  const overlap = intersect(a, b);
  if (!overlap) return [a];
  const parts: CellRect[] = [];
  if (overlap.row > a.row) parts.push({ row: a.row, col: a.col, rows: overlap.row - a.row, cols: a.cols });
  const below = overlap.row + overlap.rows;
  if (below < a.row + a.rows) parts.push({ row: below, col: a.col, rows: a.row + a.rows - below, cols: a.cols });
  if (overlap.col > a.col) parts.push({ row: overlap.row, col: a.col, rows: overlap.rows, cols: overlap.col - a.col });
  const right = overlap.col + overlap.cols;
  if (right < a.col + a.cols) parts.push({ row: overlap.row, col: right, rows: overlap.rows, cols: a.col + a.cols - right });
  return parts;
}

/** The text Excel would display for a value under a number format. */
export function displayText(value: CellValue, format: string): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (isDateFormat(format)) {
    const iso = isoDateOfSerial(value);
    if (iso) return formatVietnameseDate(iso);
  }
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

export interface MemoryHostOptions {
  /** Deliver change notices for the host's own writes too, flagged byThisAddin (as ExcelApi 1.14 does when events stay on). */
  echoOwnWrites?: boolean;
}

/**
 * The `WorkbookHost` over a MemoryWorkbook. It counts round trips exactly as OfficeHost spends them,
 * so tests can hold the add-in to a fixed number per action; and it plays the user (typing,
 * pasting, co-authors) through `userEdit`.
 */
export class MemoryHost implements WorkbookHost {
  syncs = 0;
  readonly capabilities: HostCapabilities = { ...ALL_CAPABILITIES };
  private readonly listeners = new Set<(notice: ChangeNotice) => void>();
  private readonly selectionListeners = new Set<(selection: { sheet: string; sheetId: string; rect: CellRect }) => void>();

  constructor(
    readonly workbook: MemoryWorkbook = new MemoryWorkbook(),
    private readonly options: MemoryHostOptions = {},
  ) {}

  async read(requests: readonly ReadRequest[]): Promise<Array<SheetRead | null>> {
    // One round trip; a missing sheet fails it, and two more learn the sheet list and read again.
    const missing = requests.some((r) => r.sheet !== ACTIVE_SHEET && !this.workbook.sheet(r.sheet));
    this.syncs += missing ? 3 : 1;
    return requests.map((request) => {
      const name = request.sheet === ACTIVE_SHEET ? this.workbook.activeSheet : request.sheet;
      const sheet = this.workbook.sheet(name);
      if (!sheet) return null;
      const rect = request.rect ?? usedRect(sheet) ?? { row: 0, col: 0, rows: 0, cols: 0 };
      if (request.extentOnly) return { sheet: name, rect, values: [] };
      const rows = Array.from({ length: rect.rows }, (_, r) => r + rect.row);
      const cols = Array.from({ length: rect.cols }, (_, c) => c + rect.col);
      const out: SheetRead = { sheet: name, rect, values: rows.map((r) => cols.map((c) => cellOf(sheet, r, c))) };
      if (request.text) {
        out.text = rows.map((r) => cols.map((c) => displayText(cellOf(sheet, r, c), formatOf(sheet, r, c))));
        out.numberFormat = rows.map((r) => cols.map((c) => formatOf(sheet, r, c)));
      }
      if (request.merges) out.merges = sheet.merges.filter((m) => intersect(m, rect) !== null).map((m) => ({ ...m }));
      return out;
    });
  }

  async apply(ops: readonly SheetOp[]): Promise<void> {
    if (ops.length === 0) return;
    const batches = batchesFor(ops);
    // The sheet list when sheets are made or protected, then one round trip a batch.
    if (ops.some((op) => op.op === 'ensureSheet' || op.op === 'protect')) this.syncs += 1;
    for (const batch of batches) {
      this.syncs += 1;
      try {
        for (const op of batch) this.applyOne(op);
      } catch (error) {
        this.syncs += 1; // events switched back on after the failure
        throw error;
      }
    }
    if (this.options.echoOwnWrites) {
      for (const op of ops) {
        if (op.op !== 'write' || op.values.length === 0) continue;
        const rect = { row: op.row, col: op.col, rows: op.values.length, cols: Math.max(...op.values.map((r) => r.length)) };
        this.emit({ sheet: op.sheet, sheetId: this.workbook.mustSheet(op.sheet).id, address: rectAddress(rect), rect, source: 'Local', byThisAddin: true, changeType: 'RangeEdited' });
      }
    }
  }

  private applyOne(op: SheetOp): void {
    const wb = this.workbook;
    if (op.op === 'ensureSheet') {
      const sheet = wb.sheet(op.sheet) ?? wb.addSheet(op.sheet);
      if (op.visibility) sheet.visibility = op.visibility;
      return;
    }
    const sheet = wb.mustSheet(op.sheet);
    if (sheet.protected && op.op !== 'protect' && op.op !== 'activate') {
      throw new Error(`AccessDenied: sheet "${op.sheet}" is protected`);
    }
    switch (op.op) {
      case 'clearSheet':
        Object.assign(sheet, { ...emptySheet(sheet.name, sheet.visibility, sheet.id), protected: sheet.protected });
        return;
      case 'write':
        op.values.forEach((row, r) =>
          row.forEach((value, c) => {
            setFormat(sheet, op.row + r, op.col + c, numberFormatOf(value, op.numberFormat, r, c));
            setCell(sheet, op.row + r, op.col + c, value);
          }),
        );
        return;
      case 'format':
        sheet.styles.push({ rect: op.rect, style: op.style });
        return;
      case 'merge':
        sheet.merges = sheet.merges.filter((m) => intersect(m, op.rect) === null);
        sheet.merges.push({ ...op.rect });
        return;
      case 'columnWidth':
        sheet.columnWidths[op.col] = op.width;
        return;
      case 'rowHeight':
        sheet.rowHeights[op.row] = op.height;
        return;
      case 'freezeRows':
        sheet.frozenRows = op.rows;
        return;
      case 'listValidation':
        sheet.validations = sheet.validations.filter((v) => intersect(v.rect, op.rect) === null);
        sheet.validations.push({ rect: op.rect, choices: [...op.choices], title: op.title, message: op.message });
        return;
      case 'highlightText':
        sheet.highlights.push({ rect: op.rect, text: op.text, fill: op.fill, fontColor: op.fontColor });
        return;
      case 'protect':
        sheet.protected = op.protect;
        return;
      case 'activate':
        wb.activeSheet = sheet.name;
        return;
      case 'select':
        wb.activeSheet = sheet.name;
        wb.selection = { sheet: sheet.name, rect: { ...op.rect } };
        return;
    }
  }

  async sheets(): Promise<SheetInfo[]> {
    this.syncs += 1;
    return this.workbook.sheets.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility }));
  }

  /** A person renaming a sheet on its tab. Excel reports no cell change for it. */
  userRename(from: string, to: string): void {
    if (this.workbook.sheet(to)) throw new Error(`ItemAlreadyExists: a sheet named "${to}" exists`);
    const sheet = this.workbook.mustSheet(from);
    sheet.name = to;
    if (this.workbook.activeSheet === from) this.workbook.activeSheet = to;
  }

  async onChange(listener: (notice: ChangeNotice) => void): Promise<() => Promise<void>> {
    this.syncs += 1;
    this.listeners.add(listener);
    return async () => {
      this.syncs += 1;
      this.listeners.delete(listener);
    };
  }

  async onSelectionChange(listener: (selection: { sheet: string; sheetId: string; rect: CellRect }) => void): Promise<() => Promise<void>> {
    this.syncs += 1;
    this.selectionListeners.add(listener);
    return async () => {
      this.syncs += 1;
      this.selectionListeners.delete(listener);
    };
  }

  /** The files opened as new workbooks, in order (Excel would show each in its own window). */
  readonly createdWorkbooks: Uint8Array[] = [];

  async createWorkbook(xlsx: Uint8Array): Promise<void> {
    this.createdWorkbooks.push(xlsx);
  }

  /** A person clicking or moving to cells `address` of `sheet` (Excel reports it after the move). */
  userSelect(sheetName: string, address: string): void {
    const sheet = this.workbook.mustSheet(sheetName);
    const rect = parseAddress(address);
    if (!rect) throw new Error(`not a cell address: ${address}`);
    this.workbook.activeSheet = sheet.name;
    this.workbook.selection = { sheet: sheet.name, rect };
    for (const listener of this.selectionListeners) setTimeout(() => listener({ sheet: sheet.name, sheetId: sheet.id, rect }), 0);
  }

  /**
   * A person picking a value from a cell's drop-down where Excel on the web reports no change
   * (no change notice): the cell takes the value, and only a later selection tells the add-in.
   */
  userPickUnreported(sheetName: string, address: string, value: CellValue): void {
    const sheet = this.workbook.mustSheet(sheetName);
    const at = parseAddress(address);
    if (!at) throw new Error(`not a cell address: ${address}`);
    setCell(sheet, at.row, at.col, value);
  }

  /**
   * A person typing into a cell, or pasting a block, at `address` of `sheet`; or a co-author doing
   * so (`source: 'Remote'`). Typing follows Excel: text into a cell formatted as text stays text,
   * otherwise numbers and dates typed as dd/mm/yyyy become numbers; a value outside a drop-down list
   * is refused (Excel's Stop alert) and this returns false. Pasting bypasses the list and removes it
   * from the pasted cells, as in Excel.
   */
  userEdit(sheetName: string, address: string, values: CellValue[][], how: { paste?: boolean; source?: 'Local' | 'Remote' } = {}): boolean {
    const sheet = this.workbook.mustSheet(sheetName);
    const at = parseAddress(address);
    if (!at) throw new Error(`not a cell address: ${address}`);
    if (sheet.protected) return false;
    const rect: CellRect = { row: at.row, col: at.col, rows: values.length, cols: Math.max(0, ...values.map((r) => r.length)) };
    if (!how.paste) {
      for (let r = 0; r < values.length; r++) {
        for (let c = 0; c < (values[r]?.length ?? 0); c++) {
          const typed = values[r]![c] ?? null;
          const rule = sheet.validations.find((v) => intersect(v.rect, { row: rect.row + r, col: rect.col + c, rows: 1, cols: 1 }));
          if (rule && typed !== null && typed !== '' && !rule.choices.includes(String(typed))) return false;
        }
      }
    }
    // A paste brings the source's validation, none here: the drop-down is gone from the pasted cells, as in Excel.
    if (how.paste) sheet.validations = sheet.validations.flatMap((v) => subtract(v.rect, rect).map((part) => ({ ...v, rect: part })));
    values.forEach((row, r) =>
      row.forEach((typed, c) => {
        const [rr, cc] = [rect.row + r, rect.col + c];
        if (how.paste || typeof typed !== 'string' || formatOf(sheet, rr, cc) === '@') {
          setCell(sheet, rr, cc, typed);
          return;
        }
        const date = parseUserDate(typed);
        if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(typed.trim()) && date) {
          setFormat(sheet, rr, cc, 'dd/mm/yyyy');
          setCell(sheet, rr, cc, serialOfIsoDate(date));
        } else if (/^-?\d+(\.\d+)?$/.test(typed.trim())) {
          setCell(sheet, rr, cc, Number(typed));
        } else {
          setCell(sheet, rr, cc, typed);
        }
      }),
    );
    this.emit({ sheet: sheetName, sheetId: sheet.id, address: rectAddress(rect), rect, source: how.source ?? 'Local', byThisAddin: false, changeType: 'RangeEdited' });
    return true;
  }

  private emit(notice: ChangeNotice): void {
    // Excel delivers events after the edit, not inside it.
    for (const listener of this.listeners) setTimeout(() => listener(notice), 0);
  }
}
