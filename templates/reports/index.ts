/**
 * The reports, for the command line and the add-in alike (browser-safe: exceljs and fflate for the workbooks, docx and JSZip for the Word document; Node deflates the workbooks with zlib through `#zip-parts`).
 * Each workbook is built from a replayed LedgerState (and the events, for the audit trail), the
 * consolidated report of a province from every plan's figures at the period's cut (provincePlansFromLines makes them from stored lines);
 * `…Bytes` functions return the .xlsx file (reportDocumentBytes the .docx), identical for identical inputs.
 */
export { addProgressSheet, addAssessmentColours, PROGRESS_SHEET_NAME, type ProgressSheetLayout, type ProgressSheetOptions } from './progress-sheet.ts';
export { addAuditTrailSheet, AUDIT_SHEET_NAME, VOIDED_MARK, type AuditSheetLayout, type AuditSheetOptions } from './audit-trail.ts';
export { auditRows, type AuditRow } from './audit-rows.ts';
export { buildProgressWorkbook, progressWorkbookBytes } from './progress-workbook.ts';
export { buildAuditWorkbook, auditWorkbookBytes } from './audit-workbook.ts';
export {
  buildPeriodReport,
  periodReportBytes,
  writePeriodReport,
  recordingWindow,
  CHANGES_SHEET_NAME,
  ITEMS_SHEET_NAME,
  LEAD_SHEET_NAME,
  SUMMARY_SHEET_NAME,
  type PeriodReportInput,
} from './period-report.ts';
export { COVER_SHEET_NAME } from './cover-sheet.ts';
export { OVERDUE_SHEET_NAME } from './overdue-sheet.ts';
export { resolvePeriod, periodNameVi, type ReportPeriod, type PeriodKind } from './report-period.ts';
export { ReportConfig, parseReportConfig, ReportConfigError, DEFAULT_PERIODS, DEFAULT_PAR, type ParLevels } from './report-config.ts';
export { tallyAll, tallyByArea, tallyByLead, type Tally } from './tally.ts';
export { completionOf, completionTextVi, parLevelOf, type Completion } from './completion-rate.ts';
export { writeOfficialHeader, placeAndDate, type OfficialHeader } from './official-header.ts';
export { chainStatusText, verificationOfPrefix } from './chain-status.ts';
export { workbookBytes } from './workbook-bytes.ts';
export { REPORT_WRITER } from '#report-book';
export { REPORT_WRITERS, type ReportWriter } from './report-writer.ts';
export type { SheetBook } from './sheet-book.ts';
export { buildReportDocument, reportDocumentBytes, documentNameBeside } from './report-docx.ts';
export { consolidate, type ConsolidatedReportInput, type Consolidation, type PlanFigures } from './consolidation.ts';
export {
  buildConsolidatedReport,
  consolidatedReportBytes,
  writeConsolidatedReport,
  AGENCIES_SHEET_NAME,
  AREAS_SHEET_NAME,
  LEADS_SHEET_NAME,
  PROVENANCE_SHEET_NAME,
  PROVINCE_PLAN_SHEET_NAME,
  WITHOUT_DATA_SHEET_NAME,
} from './consolidated-workbook.ts';
export { buildConsolidatedDocument, consolidatedDocumentBytes } from './consolidated-docx.ts';
export {
  ConsolidationError,
  provincePlansFromLines,
  recordsOfLines,
  replayProvincePlan,
  type AgencyLevel,
  type Province,
  type ProvinceAgency,
  type ProvincePlan,
  type ProvincePlanRef,
} from './province-plans.ts';
export { ProvinceManifest, parseProvinceManifest } from './province-manifest.ts';
