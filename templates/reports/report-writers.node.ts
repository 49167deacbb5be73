import ExcelJS from 'exceljs';
import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';
import { reportBookBytes } from './report-book.node.ts';
import type { ReportWriter } from './report-writer.ts';
import type { SheetBook } from './sheet-book.ts';
import { workbookBytes, workbookParts } from './workbook-bytes.ts';
import { zipParts as fflateZipParts } from './zip-parts.browser.ts';

/**
 * A report written by each writer a `report.issued` may name, all of them here in Node: the
 * streaming writer of `cchc report`; the in-memory workbook deflated by zlib, as `cchc report` wrote
 * reports before 03/12/2026 08:10 UTC; and deflated by fflate, as the task pane writes them (fflate
 * is pure JavaScript: the same bytes in Node and in the browser).
 */
export function reportBytesBy(writer: ReportWriter, write: (book: SheetBook) => void, stamp: IsoInstant): Promise<Uint8Array> {
  if (writer === 'exceljs-stream+zlib') return reportBookBytes(write, stamp);
  const workbook = new ExcelJS.Workbook();
  write(workbook);
  if (writer === 'exceljs-memory+zlib') return workbookBytes(workbook, stamp);
  return workbookParts(workbook, stamp).then((parts) => fflateZipParts(parts, vietnamWallClock(stamp)));
}
