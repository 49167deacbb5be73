import ExcelJS, { type Workbook, type Worksheet } from 'exceljs';
import type { LedgerEvent } from '../../ledger/events.ts';
import {
  LEDGER_SHEET_HEADER,
  LEDGER_SHEET_NAME,
  SheetRowsStore,
  encodeEvent,
  type SheetRowsStoreOptions,
} from '../../ledger/stores/sheet-rows.ts';
import { ExcelJsRowsAdapter } from './exceljs-rows-adapter.ts';
// Loading this replaces exceljs's quadratic merge check with a linear one (see the module).
import './exceljs-merge-check.ts';

/** Reads a workbook from the bytes of a .xlsx file. */
export async function loadWorkbook(bytes: Uint8Array | ArrayBuffer): Promise<Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types ask for a Node Buffer; JSZip underneath takes any Uint8Array or ArrayBuffer.
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

/** The bytes of a .xlsx file holding the workbook. */
export async function workbookBytes(workbook: Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function hasLedgerSheet(workbook: Workbook): boolean {
  return workbook.getWorksheet(LEDGER_SHEET_NAME) !== undefined;
}

/** The ledger kept in the workbook's ledger sheet (created, very hidden, on the first append). */
export function workbookLedgerStore(workbook: Workbook, options: Omit<SheetRowsStoreOptions, 'sheetName'> = {}): SheetRowsStore {
  return new SheetRowsStore(new ExcelJsRowsAdapter(workbook), options);
}

/**
 * Writes `events` as the workbook's ledger sheet, replacing any sheet of that name: a copy of a
 * ledger kept elsewhere (an NDJSON file) travels with the workbook. The sheet is very hidden, so
 * only a program, never the Unhide menu, shows it.
 */
export async function writeLedgerSheet(
  workbook: Workbook,
  events: Iterable<LedgerEvent> | AsyncIterable<LedgerEvent>,
): Promise<Worksheet> {
  const existing = workbook.getWorksheet(LEDGER_SHEET_NAME);
  if (existing) workbook.removeWorksheet(existing.id);
  const sheet = workbook.addWorksheet(LEDGER_SHEET_NAME, { state: 'veryHidden' });
  sheet.getRow(1).values = [...LEDGER_SHEET_HEADER];
  let row = 2;
  for await (const event of events) sheet.getRow(row++).values = encodeEvent(event);
  return sheet;
}
