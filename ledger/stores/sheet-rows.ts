import { parseLedgerJson } from '../ledger-json.ts';
import { ConcurrencyError, LedgerError } from '../errors.ts';
import type { LedgerEvent } from '../events.ts';
import { EMPTY_HEAD, type EventStore, type Head, type Location, type RawEvent } from '../store.ts';
import { storedLine } from '../stored-line.ts';
import { columnLetter } from '../column-letter.ts';
import { headAfter, sameHead } from './append-check.ts';

/**
 * The workbook's ledger sheet, kept very hidden: row 1 is a header (format name, version), then one
 * row per event: A = seq, B = hash, C onwards = the event's JSON line (see `cellText`) cut into cells.
 */
export const LEDGER_SHEET_NAME = '_cchc_ledger';
export const LEDGER_SHEET_FORMAT = 'cchc-ledger-sheet';
export const LEDGER_SHEET_VERSION = 1;
/** Excel holds at most 32,767 characters in a cell; keep well under it. */
export const CHUNK_LENGTH = 30_000;

export type SheetCell = string | number;
export type SheetRow = SheetCell[];

export const LEDGER_SHEET_HEADER: readonly SheetCell[] = Object.freeze([LEDGER_SHEET_FORMAT, LEDGER_SHEET_VERSION]);

/**
 * What a spreadsheet needs to offer the ledger sheet: Office.js in the add-in, exceljs for a file.
 * Rows are numbered from 1 as in Excel; cells are given from column A.
 */
export interface SheetRowsAdapter {
  /** The number of the last row in use (the header included); 0 when the sheet is missing or empty. */
  rowCount(): Promise<number>;
  /** `count` rows from row `first` on, each as the values of its cells from column A ("" or missing when empty). */
  readRows(first: number, count: number): Promise<unknown[][]>;
  /** Writes `rows` from row `first` on, every cell as text except the seq in column A. */
  writeRows(first: number, rows: readonly SheetRow[]): Promise<void>;
}

// A cell starting with one of these is read as a formula or loses its first character when an
// add-in writes it; cutting one character earlier keeps every chunk plain text.
const RISKY_START = new Set(['=', '+', '-', '@', "'"]);

/** Cuts text into cells of at most `size` characters, none starting with a formula sign. */
export function splitChunks(text: string, size: number = CHUNK_LENGTH): string[] {
  const chunks: string[] = [];
  let from = 0;
  while (text.length - from > size) {
    let to = from + size;
    while (to > from + 1 && RISKY_START.has(text[to]!)) to--;
    chunks.push(text.slice(from, to));
    from = to;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/**
 * The event's JSON line as cell text: the same JSON value, with two kinds of character written as
 * \u escapes. Characters outside the BMP (emoji), because exceljs 4.4 loads a sheet's XML in pieces
 * of 16,384 UTF-16 units and breaks a surrogate pair that straddles two. The "_" of "_x", because
 * spreadsheet files read "_xHHHH_" as an escaped character (exceljs, SheetJS and Excel all turn
 * "_x0041_" into "A") and exceljs writes it unescaped. Outside strings JSON has neither character.
 */
export function cellText(json: string): string {
  return json.replace(/[\ud800-\udfff]|_(?=[xX])/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The stored line of cell text: `cellText` undone. Its escapes are the only `\\u` escapes of
 * surrogates or "_" a stored line can hold once written (JSON.stringify and canonical JSON write both
 * as themselves), and an escaped backslash is skipped whole, so the inverse is exact.
 */
export function lineOfCellText(text: string): string {
  return text.replace(/\\(\\|u(?:d[89a-f][0-9a-f]{2}|005f))/g, (match, escape: string) =>
    escape === '\\' ? match : String.fromCharCode(parseInt(escape.slice(1), 16)),
  );
}

/** The sheet row of an event. */
export function encodeEvent(event: LedgerEvent): SheetRow {
  return [event.seq, event.hash, ...splitChunks(cellText(storedLine(event)))];
}

const isEmpty = (cell: unknown) => cell === undefined || cell === null || cell === '';

/** Reads one event row back: the JSON of C onwards, checked against the seq in A and hash in B. */
export function decodeRow(cells: readonly unknown[], row: number, sheet: string = LEDGER_SHEET_NAME): RawEvent {
  const where: Location = { sheet, row };
  const problem = (vi: string, en: string): RawEvent => ({ parseError: `${vi} / ${en}`, where });
  if (cells.every(isEmpty)) return problem(`dòng ${row} trống`, `row ${row} is empty`);
  const formula = cells.findIndex((cell) => typeof cell === 'object' && cell !== null && 'formula' in cell);
  if (formula !== -1) {
    const cell = `${columnLetter(formula + 1)}${row}`;
    return problem(`ô ${cell} là công thức, không phải giá trị đã ghi`, `cell ${cell} holds a formula, not the value that was recorded`);
  }
  let text = '';
  const chunks: string[] = [];
  for (let i = 2; i < cells.length && !isEmpty(cells[i]); i++) {
    const cell = cells[i];
    if (typeof cell !== 'string') {
      return problem(`ô ${columnLetter(i + 1)}${row} không phải văn bản`, `cell ${columnLetter(i + 1)}${row} is not text`);
    }
    text += cell;
    chunks.push(cell);
  }
  const line = lineOfCellText(text);
  const read = parseLedgerJson(line);
  if (!('value' in read)) {
    if (read.index === null) return problem(`nội dung từ ô C${row} không phải JSON`, `the cells from C${row} on are not JSON (${read.problem.en})`);
    return problem(`nội dung từ ô C${row}: ${read.problem.vi} (ký tự ${read.index + 1})`, `the cells from C${row} on: ${read.problem.en} (character ${read.index + 1})`);
  }
  const value = read.value;
  const event = value as { seq?: unknown; hash?: unknown; v?: unknown };
  if (event === null || typeof event !== 'object') return { value, line, where };
  // A signed event's row has one form too: its line's cell text, cut as `splitChunks` cuts it.
  if (event.v === 2) {
    const expected = splitChunks(cellText(line));
    const at = expected.findIndex((chunk, i) => chunk !== chunks[i]);
    if (at !== -1 || expected.length !== chunks.length) {
      const cell = `${columnLetter(3 + (at === -1 ? expected.length : at))}${row}`;
      return problem(`ô ${cell} không đúng dạng chương trình này ghi`, `cell ${cell} is not in the form this program writes`);
    }
  }
  if (seqOf(cells[0]) !== event.seq) {
    return problem(`ô A${row} ghi số ${String(cells[0])} khác số của ghi nhận`, `cell A${row} says seq ${String(cells[0])}, the event says ${String(event.seq)}`);
  }
  if (cells[1] !== event.hash) {
    return problem(`ô B${row} ghi mã băm khác mã băm của ghi nhận`, `cell B${row} holds another hash than the event`);
  }
  return { value, line, where };
}

const seqOf = (cell: unknown): number | null =>
  typeof cell === 'number' ? cell : typeof cell === 'string' && /^\d+$/.test(cell) ? Number(cell) : null;

/** Null when row 1 is the ledger header this program reads, else why not. */
export function headerProblem(cells: readonly unknown[]): { vi: string; en: string } | null {
  if (cells[0] !== LEDGER_SHEET_FORMAT) {
    return {
      vi: `ô A1 phải là "${LEDGER_SHEET_FORMAT}": trang tính này không phải sổ theo dõi`,
      en: `cell A1 must read "${LEDGER_SHEET_FORMAT}": this sheet is not a ledger`,
    };
  }
  if (seqOf(cells[1]) !== LEDGER_SHEET_VERSION) {
    return {
      vi: `phiên bản trang sổ ${String(cells[1])} không được hỗ trợ (chương trình đọc phiên bản ${LEDGER_SHEET_VERSION})`,
      en: `ledger sheet version ${String(cells[1])} is not supported (this program reads version ${LEDGER_SHEET_VERSION})`,
    };
  }
  return null;
}

export interface SheetRowsStoreOptions {
  sheetName?: string;
  /** Refuse appends (a workbook opened only to be checked). */
  readOnly?: boolean;
}

const READ_BATCH = 500;

/**
 * A ledger in a workbook's ledger sheet, over any spreadsheet through a `SheetRowsAdapter`.
 * A sheet has no lock: appends from this process are queued, and the head is checked right before
 * the rows are written. Durable means written to the workbook; saving the file is the caller's.
 */
export class SheetRowsStore implements EventStore {
  #queue: Promise<unknown> = Promise.resolve();
  readonly sheetName: string;

  constructor(
    readonly adapter: SheetRowsAdapter,
    readonly options: SheetRowsStoreOptions = {},
  ) {
    this.sheetName = options.sheetName ?? LEDGER_SHEET_NAME;
  }

  async head(): Promise<Head> {
    return this.#headAt(await this.adapter.rowCount());
  }

  /** The head when the sheet has `last` rows (the header counted). */
  async #headAt(last: number): Promise<Head> {
    if (last <= 1) return EMPTY_HEAD;
    const [cells = []] = await this.adapter.readRows(last, 1);
    const seq = seqOf(cells[0]);
    const hash = cells[1];
    if (seq === null || typeof hash !== 'string') {
      throw new LedgerError(
        'storage',
        `Dòng ${last} của trang ${this.sheetName} không phải một ghi nhận; chạy "cchc verify" để xem chi tiết.`,
        `Row ${last} of sheet ${this.sheetName} is not an event; run "cchc verify" for details.`,
      );
    }
    return { seq, hash };
  }

  append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    return this.appendAfter(events, expected, async () => {});
  }

  /**
   * As append, with `first` run once the head is checked and before any row is written: a copy
   * kept elsewhere is written there (if it fails, the sheet is left as it was) without reading the
   * head from the workbook a second time.
   */
  appendAfter(events: readonly LedgerEvent[], expected: Head, first: () => Promise<void>): Promise<Head> {
    const run = this.#queue.then(() => this.#append(events, expected, first));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #append(events: readonly LedgerEvent[], expected: Head, first: () => Promise<void>): Promise<Head> {
    if (this.options.readOnly) {
      throw new LedgerError(
        'storage',
        `Sổ trong trang ${this.sheetName} được mở chỉ để đọc; không ghi được.`,
        `The ledger in sheet ${this.sheetName} is open read-only; nothing was written.`,
      );
    }
    const next = headAfter(events, expected);
    const last = await this.adapter.rowCount();
    if (last > 0) this.#checkHeader((await this.adapter.readRows(1, 1))[0] ?? []);
    // The row count just read serves the head too: one round trip fewer to a workbook.
    const stored = await this.#headAt(last);
    if (!sameHead(stored, expected)) throw new ConcurrencyError(expected, stored);
    const rows = events.map(encodeEvent);
    await first();
    if (last === 0) await this.adapter.writeRows(1, [[...LEDGER_SHEET_HEADER], ...rows]);
    else if (rows.length > 0) await this.adapter.writeRows(last + 1, rows);
    return next;
  }

  async *read(): AsyncIterable<RawEvent> {
    const last = await this.adapter.rowCount();
    if (last === 0) return;
    const header = (await this.adapter.readRows(1, 1))[0] ?? [];
    const problem = headerProblem(header);
    if (problem) {
      yield { parseError: `${problem.vi} / ${problem.en}`, where: { sheet: this.sheetName, row: 1 } };
      return;
    }
    for (let first = 2; first <= last; first += READ_BATCH) {
      const rows = await this.adapter.readRows(first, Math.min(READ_BATCH, last - first + 1));
      for (let i = 0; i < rows.length; i++) yield decodeRow(rows[i] ?? [], first + i, this.sheetName);
    }
  }

  async close(): Promise<void> {}

  #checkHeader(cells: readonly unknown[]): void {
    const problem = headerProblem(cells);
    if (problem) {
      throw new LedgerError('storage', `Trang ${this.sheetName}: ${problem.vi}.`, `Sheet ${this.sheetName}: ${problem.en}.`);
    }
  }
}
