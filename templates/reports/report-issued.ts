import { sha256HexBytes } from '#digest';
import { REPORT_WRITER } from '#report-book';
import type { DataOf } from '../../ledger/events.ts';
import { periodReportBytes, type PeriodReportInput } from './period-report.ts';
import { documentNameBeside, reportDocumentBytes } from './report-docx.ts';

/** One file of an issued report: its name (no folder), its bytes and their SHA-256. */
export interface IssuedFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

/** The period report as it is issued: the workbook and, beside it, the same report as a Word document. */
export interface IssuedReport {
  workbook: IssuedFile;
  document: IssuedFile;
  /** What `report.issued` records to anchor both files to the ledger's head at the moment of the data. */
  anchor: DataOf<'report.issued'>;
}

/**
 * Builds the period report's two files and the data of the `report.issued` event that anchors them,
 * for `cchc report --anchor` and the pane's "issue and anchor" alike, so that the same ledger gives
 * the same anchor wherever it is issued. `workbookName` is the workbook's file name (the document's
 * is the same with .docx); `knownAt` is when the data was taken (the state's knownAt).
 */
export async function issuedReport(input: PeriodReportInput, knownAt: string, workbookName: string): Promise<IssuedReport> {
  const file = (name: string, bytes: Uint8Array): IssuedFile => ({ name, bytes, sha256: sha256HexBytes(bytes) });
  const workbook = file(workbookName, await periodReportBytes(input));
  const document = file(documentNameBeside(workbookName), await reportDocumentBytes(input));
  const { period, state } = input;
  return {
    workbook,
    document,
    anchor: {
      period: period.id,
      cutoff: { from: period.from, to: period.to },
      knownAt,
      head: { seq: state.head.seq, hash: state.head.hash },
      file: { name: workbook.name, sha256: workbook.sha256 },
      document: { name: document.name, sha256: document.sha256 },
      writer: REPORT_WRITER,
    },
  };
}
