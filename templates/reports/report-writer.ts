/**
 * How a report's workbook was turned into bytes. The same sheets written by two writers are two
 * files (other XML order, other compressed bytes), so `report.issued` names the writer (`writer`,
 * since 03/12/2026) and `cchc verify-report` rebuilds the report with that writer. Events from
 * before it name none: they were written by one of these too (report-writers.node.ts tries each).
 */
export const REPORT_WRITERS = {
  'exceljs-stream+zlib': {
    vi: 'trình ghi từng dòng của exceljs, nén bằng zlib của Node (cchc report, từ 03/12/2026)',
    en: "exceljs's streaming writer, deflated by Node's zlib (cchc report, since 03/12/2026)",
  },
  'exceljs-memory+zlib': {
    vi: 'bảng tính trong bộ nhớ của exceljs, nén bằng zlib của Node (cchc report, 02/12/2026 đến 03/12/2026)',
    en: "exceljs's in-memory workbook, deflated by Node's zlib (cchc report, 02/12/2026 to 03/12/2026)",
  },
  'exceljs-memory+fflate': {
    vi: 'bảng tính trong bộ nhớ của exceljs, nén bằng fflate (ngăn tác vụ trong Excel)',
    en: "exceljs's in-memory workbook, deflated by fflate (the task pane in Excel)",
  },
} as const;

export type ReportWriter = keyof typeof REPORT_WRITERS;

export const isReportWriter = (name: string): name is ReportWriter => Object.hasOwn(REPORT_WRITERS, name);

/** Who wrote a workbook, in words: `writer` as an issuing event records it, or none (before writers were recorded). */
export function writerText(writer: string | undefined): { vi: string; en: string } {
  if (writer === undefined) {
    return {
      vi: 'một phiên bản cchc trước ngày 03/12/2026 (ghi nhận phát hành không nêu trình ghi)',
      en: 'a version of cchc from before 03/12/2026 (the issuing event names no writer)',
    };
  }
  if (isReportWriter(writer)) return { vi: `${REPORT_WRITERS[writer].vi} [${writer}]`, en: `${REPORT_WRITERS[writer].en} [${writer}]` };
  return { vi: `trình ghi "${writer}", không có trong phiên bản cchc này`, en: `the writer "${writer}", which this version of cchc does not have` };
}
