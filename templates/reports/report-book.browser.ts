import ExcelJS from 'exceljs';
import type { IsoInstant } from '../../ledger/dates.ts';
import type { ReportWriter } from './report-writer.ts';
import type { SheetBook } from './sheet-book.ts';
import { workbookBytes } from './workbook-bytes.ts';

/** The writer reportBookBytes is, as `report.issued` records it: Node rebuilds it byte for byte (report-writers.node.ts). */
export const REPORT_WRITER: ReportWriter = 'exceljs-memory+fflate';

/**
 * A report's .xlsx bytes, in the browser: exceljs's streaming writer needs Node, so the builders
 * write into an in-memory Workbook, rendered as workbookBytes does (the same sheets as in Node,
 * other bytes; see report-book.node.ts).
 */
export function reportBookBytes(write: (book: SheetBook) => void, stamp: IsoInstant): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  write(workbook);
  return workbookBytes(workbook, stamp);
}
