import type { IsoInstant } from '../../ledger/dates.ts';
import { REPORT_WRITER } from './report-book.node.ts';
import { isReportWriter, type ReportWriter } from './report-writer.ts';
import { reportBytesBy } from './report-writers.node.ts';
import type { SheetBook } from './sheet-book.ts';
import { contentDifference, workbookContent, type ContentDifference } from './workbook-content.ts';

/** How an issued workbook compares with the same report built again from the ledger. */
export type RebuiltReportCheck =
  /** Built again by `writer`, the very bytes. */
  | { same: 'bytes'; writer: ReportWriter }
  /** Other bytes, the same content (workbook-content.ts): written by `writer` (as recorded; none before it was). */
  | { same: 'content'; writer: string | undefined }
  | { same: false; difference: ContentDifference };

/**
 * `file` against the report that `write` writes, stamped `stamp`: built again by the writer its
 * `report.issued` names (`recorded`), or, for an event from before writers were recorded, by each
 * writer this program has had; when no writer gives its bytes (a writer no longer here, another
 * zlib), the workbooks are compared by content, sheet by sheet and cell by cell, against the report
 * as this version writes it.
 */
export async function checkRebuiltReport(file: Uint8Array, recorded: string | undefined, write: (book: SheetBook) => void, stamp: IsoInstant): Promise<RebuiltReportCheck> {
  const writers: ReportWriter[] = recorded === undefined ? PREVIOUS_WRITERS : isReportWriter(recorded) ? [recorded] : [];
  for (const writer of writers) {
    if (Buffer.from(await reportBytesBy(writer, write, stamp)).equals(file)) return { same: 'bytes', writer };
  }
  const difference = contentDifference(await workbookContent(file), await workbookContent(await reportBytesBy(REPORT_WRITER, write, stamp)));
  return difference ? { same: false, difference } : { same: 'content', writer: recorded };
}

/**
 * The writers a report anchored before writers were recorded may have been written by: `cchc
 * report`'s before 03/12/2026 (the likeliest), the pane's, and `cchc report`'s since.
 */
const PREVIOUS_WRITERS: ReportWriter[] = ['exceljs-memory+zlib', 'exceljs-memory+fflate', 'exceljs-stream+zlib'];
