import ExcelJS from 'exceljs';
import { reportBookBytes } from '#report-book';
import { endOfVietnamDay, formatVietnameseDate } from '../../ledger/dates.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { VerifyResult } from '../../ledger/verify.ts';
import { auditRows } from './audit-rows.ts';
import { addAuditTrailSheet } from './audit-trail.ts';
import { citePlan, vietnamTimeText } from './cell-values.ts';
import { verificationOfPrefix } from './chain-status.ts';
import { capitalUnit, countedUnitOf } from './completion-rate.ts';
import { addCoverSheet } from './cover-sheet.ts';
import { addOverdueSheet, OVERDUE_SHEET_NAME } from './overdue-sheet.ts';
import { addProgressSheet } from './progress-sheet.ts';
import { DEFAULT_PAR, type ReportConfig } from './report-config.ts';
import { periodReportHeader, periodReportSignature } from './report-document.ts';
import { upperVi } from './official-header.ts';
import { periodNameVi, type ReportPeriod } from './report-period.ts';
import type { SheetBook } from './sheet-book.ts';
import type { TitleLine } from './sheet-title.ts';
import { tallyAll, tallyByArea, tallyByLead } from './tally.ts';
import { addTallySheet } from './tally-sheet.ts';

export const SUMMARY_SHEET_NAME = 'Tổng hợp theo lĩnh vực';
export const LEAD_SHEET_NAME = 'Theo cơ quan chủ trì';
export const ITEMS_SHEET_NAME = 'Danh sách nhiệm vụ';
export const CHANGES_SHEET_NAME = 'Thay đổi trong kỳ';

export interface PeriodReportInput {
  /** The ledger replayed with validAt = the period's cut-off date and knownAt = when the data is taken. */
  state: LedgerState;
  /** Every event recorded by the state's knownAt, in order (later ones are left out). */
  events: Iterable<LedgerEvent>;
  period: ReportPeriod;
  config: ReportConfig;
  /** The ledger's verification; the cover prints it for the events the report was made from. */
  verification: VerifyResult;
}

/** The instants bounding the data window: from the first moment of `from` to the last of `to`, Vietnam time. */
export function recordingWindow(period: ReportPeriod): { from: string; to: string } {
  return { from: new Date(Date.parse(`${period.from}T00:00:00.000Z`) - 7 * 3_600_000).toISOString(), to: endOfVietnamDay(period.to) };
}

/** The period report as an in-memory workbook (writePeriodReport). */
export function buildPeriodReport(input: PeriodReportInput): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  writePeriodReport(workbook, input);
  return workbook;
}

/**
 * The period report's sheets, into `workbook`: cover, summary by reform area (with the PAR level),
 * by lead agency, overdue items, every item with its status at the cut-off, and the changes
 * recorded in the period. Everything in it comes from the inputs (no clock), so the same inputs
 * give the same workbook.
 */
export function writePeriodReport(workbook: SheetBook, input: PeriodReportInput): void {
  const { state, period, config } = input;
  const verification = verificationOfPrefix(input.verification, state);
  if (state.validAt !== period.to) {
    throw new Error(`The state must be replayed at the cut-off ${period.to} (it is at ${state.validAt}).`);
  }
  const par = config.par ?? DEFAULT_PAR;
  const window = { from: period.from, to: period.to };
  const overall = tallyAll(state, window);
  const unit = countedUnitOf(state);
  const heading: TitleLine[] = [
    ...(state.plan ? [{ text: `${state.plan.identity.title} (${citePlan(state.plan.identity)})`, italic: true }] : []),
    {
      text: `Kỳ báo cáo: ${periodNameVi(period)}; số liệu từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}`,
      italic: true,
    },
  ];

  addCoverSheet(workbook, {
    header: periodReportHeader(state.plan?.identity ?? null, period, state.knownAt, config),
    signature: periodReportSignature(config),
    unit,
    state,
    period,
    overall,
    par,
    verification,
    contents: [
      { sheet: SUMMARY_SHEET_NAME, description: `Số ${unit} theo lĩnh vực cải cách: đúng hạn, quá hạn, trong hạn, chờ điều kiện, đã rút; tỷ lệ hoàn thành và mức độ theo Chỉ số PAR.` },
      { sheet: LEAD_SHEET_NAME, description: `Số ${unit} theo cơ quan chủ trì.` },
      { sheet: OVERDUE_SHEET_NAME, description: `${capitalUnit(unit)} chưa hoàn thành đã quá hạn, quá hạn lâu nhất trước.` },
      { sheet: ITEMS_SHEET_NAME, description: `Toàn bộ ${unit} của kế hoạch với trạng thái tại ngày chốt số liệu.` },
      { sheet: CHANGES_SHEET_NAME, description: 'Các thay đổi được ghi nhận vào sổ trong kỳ báo cáo.' },
    ],
  });

  addTallySheet(workbook, {
    name: SUMMARY_SHEET_NAME,
    title: `TỔNG HỢP KẾT QUẢ THỰC HIỆN ${upperVi(unit)} THEO LĨNH VỰC`,
    heading,
    labelHeader: 'Lĩnh vực',
    rows: [...tallyByArea(state, window).map((a) => ({ label: a.label, tally: a.tally })), { label: 'Tổng cộng', tally: overall, total: true }],
    par,
    unit,
  });
  addTallySheet(workbook, {
    name: LEAD_SHEET_NAME,
    title: `TỔNG HỢP KẾT QUẢ THỰC HIỆN ${upperVi(unit)} THEO CƠ QUAN CHỦ TRÌ`,
    heading,
    labelHeader: 'Cơ quan chủ trì',
    rows: tallyByLead(state, window).map((l) => ({ label: l.group ? `${l.name} (nhóm cơ quan)` : l.name, tally: l.tally })),
    par: null,
    unit,
    footnote:
      `Một ${unit} có nhiều cơ quan chủ trì được tính cho từng cơ quan, nên tổng các dòng có thể lớn hơn tổng số ${unit}; ` +
      'nhóm cơ quan (ví dụ "Các sở, ban, ngành tỉnh") được tính là một dòng.',
  });
  addOverdueSheet(workbook, state, heading);
  addProgressSheet(workbook, state, { name: ITEMS_SHEET_NAME });

  const recorded = recordingWindow(period);
  const rows = auditRows(knownBy(input.events, state.knownAt)).filter((r) => r.at >= recorded.from && r.at <= recorded.to);
  addAuditTrailSheet(workbook, rows, {
    name: CHANGES_SHEET_NAME,
    unit,
    title: 'CÁC THAY ĐỔI GHI NHẬN TRONG KỲ BÁO CÁO',
    subtitle: [
      ...heading.map((h) => h.text),
      `Ghi nhận từ 00:00 ngày ${formatVietnameseDate(period.from)} đến hết ngày ${formatVietnameseDate(period.to)}, không sau ${vietnamTimeText(state.knownAt)}: ${rows.length} ghi nhận`,
    ],
  });
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
}

function* knownBy(events: Iterable<LedgerEvent>, knownAt: string): Iterable<LedgerEvent> {
  for (const e of events) if (e.at <= knownAt) yield e;
}

/** The period report as .xlsx bytes, written row by row (reportBookBytes), identical for identical inputs. */
export function periodReportBytes(input: PeriodReportInput): Promise<Uint8Array> {
  return reportBookBytes((book) => writePeriodReport(book, input), input.state.knownAt);
}
