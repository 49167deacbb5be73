import type { CellRect } from './a1.ts';

/**
 * The narrow door between the add-in's logic and Excel. Only `office-host.ts` implements it over
 * Office.js; `memory-host.ts` implements it over an in-memory workbook for tests and the stand-in
 * page. Every method costs a small, fixed number of round trips to Excel (`context.sync()`),
 * whatever the number of rows: callers batch their reads in one `read` and their writes in one `apply`.
 */
export interface WorkbookHost {
  /** Reads several sheets or blocks in one round trip. A sheet that does not exist reads as null. */
  read(requests: readonly ReadRequest[]): Promise<Array<SheetRead | null>>;
  /**
   * Applies the operations in order, with screen updating suspended and this add-in's change events
   * off (where the host can). Round trips: one to learn which sheets exist, then one per PAYLOAD_BUDGET of cell data.
   */
  apply(ops: readonly SheetOp[]): Promise<void>;
  /** Every sheet of the workbook, in tab order, with the id that stays when it is renamed or moved: one round trip. */
  sheets(): Promise<SheetInfo[]>;
  /** Calls `listener` after each change to cells of any sheet; resolves to the unsubscribe function. */
  onChange(listener: (notice: ChangeNotice) => void): Promise<() => Promise<void>>;
  /**
   * Calls `listener` after the user selects other cells of any sheet (the sheet by name and by id, the
   * selected block); resolves to the unsubscribe function. The add-in's own `select` is not reported.
   */
  onSelectionChange(listener: (selection: { sheet: string; sheetId: string; rect: CellRect }) => void): Promise<() => Promise<void>>;
  /**
   * Opens `xlsx` as a new workbook in its own window (`Excel.createWorkbook`, ExcelApi 1.8: see
   * `capabilities.newWorkbook`); the workbook the pane runs in is left as it is. Not a round trip of this workbook's.
   */
  createWorkbook(xlsx: Uint8Array): Promise<void>;
  /** What this Excel can do beyond the manifest's ExcelApi 1.7 (Office 2019 volume licence). */
  readonly capabilities: HostCapabilities;
}

/**
 * Office's start-up setting for this add-in (`Office.addin.setStartupBehavior`, SharedRuntime 1.1):
 * `office-runtime.ts` implements it over Office.js; tests hand in a stand-in.
 */
export interface StartupControl {
  /** From the next opening on, Office loads the add-in with this workbook, its pane shown or not. */
  loadWithDocument(): Promise<void>;
}

/** The lowest ExcelApi set the add-in runs on; below the others' sets it runs with less (README's table). */
export const MINIMUM_EXCEL_API = '1.7';

export interface HostCapabilities {
  /** Merged areas can be read (ExcelApi 1.13); without it a read reports no merges. */
  merges: boolean;
  /** Change events say whether this add-in made the change (ExcelApi 1.14). */
  triggerSource: boolean;
  /** Drop-down lists in cells (ExcelApi 1.8); without it the status is typed, and checked all the same. */
  listValidation: boolean;
  /** Change events can be switched off during the add-in's own writes (ExcelApi 1.8); without it they come back and are read as agreeing. */
  eventSwitch: boolean;
  /** One change and one selection handler for the whole workbook, and screen updating suspended during large writes (ExcelApi 1.9); without it each sheet present when the pane opened is watched. */
  workbookEvents: boolean;
  /**
   * The add-in's batches wait while the user is typing in a cell (`delayForCellEdit`, ExcelApi 1.11); without it
   * a batch arriving then fails, and the add-in's error note says so (the edit is found again on the next check).
   */
  delayForCellEdit: boolean;
  /** A file can be opened as a new workbook (ExcelApi 1.8); without it the pane hands it over as a download. */
  newWorkbook: boolean;
}

/** Everything: what the stand-in host and the tests of whole flows assume. */
export const ALL_CAPABILITIES: HostCapabilities = { merges: true, triggerSource: true, listValidation: true, eventSwitch: true, workbookEvents: true, delayForCellEdit: true, newWorkbook: true };

export interface SheetInfo {
  /** Excel's worksheet id: unchanged by renaming or moving the sheet. */
  id: string;
  name: string;
  visibility: Visibility;
}

/** A cell's raw value as Excel holds it: dates are serial numbers; null is an empty cell. */
export type CellValue = string | number | boolean | null;

/** The sheet the user is looking at. */
export const ACTIVE_SHEET = Symbol('active sheet');

export interface ReadRequest {
  sheet: string | typeof ACTIVE_SHEET;
  /** The block to read; omitted, the sheet's used range (cells holding values). */
  rect?: CellRect;
  /** Only where the block lies (its rect), no values: the size of a large sheet without its contents. */
  extentOnly?: boolean;
  /** Also read the displayed text and number formats (for turning numbers and dates into text). */
  text?: boolean;
  /** Also read merged areas inside the block (where the host can). */
  merges?: boolean;
}

export interface SheetRead {
  sheet: string;
  /** Where the block sits; rows 0 and cols 0 for an empty sheet's used range. */
  rect: CellRect;
  /** Empty when `extentOnly` was asked. */
  values: CellValue[][];
  /** As displayed ("15/03/2024", "####" in a narrow column); present when requested. */
  text?: string[][];
  numberFormat?: string[][];
  /** Merged areas meeting the block, in sheet coordinates; present when requested. */
  merges?: CellRect[];
}

/** A change to cells, as Excel reports it. The logic reads the cells again; it never trusts before/after values. */
export interface ChangeNotice {
  /** The sheet's name when the change was reported. */
  sheet: string;
  /** The sheet's id: the same after a rename. */
  sheetId: string;
  /** As Excel gives it: "C7" or "C7:D9". */
  address: string;
  /** The changed block, or null for whole rows or columns. */
  rect: CellRect | null;
  /** Remote: a co-author's edit, arriving through co-authoring. */
  source: 'Local' | 'Remote';
  /** True when Excel says this add-in made the change (hosts without ExcelApi 1.14 say false). */
  byThisAddin: boolean;
  changeType: string;
}

export type Visibility = 'visible' | 'hidden' | 'veryHidden';

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  fontName?: string;
  fontColor?: string;
  fill?: string;
  fontSize?: number;
  wrap?: boolean;
  horizontal?: 'Left' | 'Center' | 'Right';
  vertical?: 'Top' | 'Center' | 'Bottom';
  /** Thin borders around every cell of the block. */
  borders?: string;
}

/**
 * One change to the workbook. Strings are always written as text (number format "@"), so that
 * "=..." typed in a task never turns into a formula; numbers take `numberFormat` (one for the block, or one
 * per cell; default General). Widths and heights are in points.
 * null writes an empty cell.
 */
export type SheetOp =
  | { op: 'ensureSheet'; sheet: string; visibility?: Visibility }
  | { op: 'clearSheet'; sheet: string }
  | { op: 'write'; sheet: string; row: number; col: number; values: CellValue[][]; numberFormat?: string | string[][] }
  | { op: 'format'; sheet: string; rect: CellRect; style: CellStyle }
  | { op: 'merge'; sheet: string; rect: CellRect }
  | { op: 'columnWidth'; sheet: string; col: number; width: number }
  | { op: 'rowHeight'; sheet: string; row: number; height: number }
  | { op: 'freezeRows'; sheet: string; rows: number }
  | { op: 'listValidation'; sheet: string; rect: CellRect; choices: string[]; title: string; message: string }
  | { op: 'highlightText'; sheet: string; rect: CellRect; text: string; fill: string; fontColor: string }
  | { op: 'protect'; sheet: string; protect: boolean }
  | { op: 'activate'; sheet: string }
  /** Selects the block, as a click in the sheet would (activate its sheet first). */
  | { op: 'select'; sheet: string; rect: CellRect };

/**
 * Cell data sent in one round trip. Excel on the web refuses requests over 5 MB; this leaves room
 * for the JSON around the values and for UTF-8 (estimates count 3 bytes per character).
 */
export const PAYLOAD_BUDGET = 1_500_000;

/** Points per character of an Excel column width (Calibri 11: about 7 pixels, 5.25 points, plus padding). */
export const POINTS_PER_CHARACTER = 5.6;

/** "@" (text) for strings and empty cells; the block's or the cell's own format for numbers. */
export function numberFormatOf(value: CellValue, format: string | string[][] | undefined, row: number, col: number): string {
  if (typeof value === 'string' || value === null) return '@';
  if (typeof format === 'string') return format;
  return format?.[row]?.[col] ?? 'General';
}
