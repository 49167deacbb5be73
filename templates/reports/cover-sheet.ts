import type { Workbook } from 'exceljs';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { VerifyResult } from '../../ledger/verify.ts';
import { citePlan, formatIntegerVi, vietnamTimeText } from './cell-values.ts';
import { chainStatusText } from './chain-status.ts';
import { completionOf, completionTextVi, parLevelOf } from './completion-rate.ts';
import { writeOfficialHeader, type OfficialHeader } from './official-header.ts';
import type { ParLevels } from './report-config.ts';
import { periodNameVi, type ReportPeriod } from './report-period.ts';
import { fitRow, widthOf } from './row-height.ts';
import { BODY_FONT, GRID, font, setUpPrinting } from './styles.ts';
import type { Tally } from './tally.ts';

export const COVER_SHEET_NAME = 'Báo cáo';

const WIDTHS = [22, 16, 22, 22, 22, 22];

export interface CoverInput {
  header: OfficialHeader;
  state: LedgerState;
  period: ReportPeriod;
  overall: Tally;
  par: ParLevels;
  verification: VerifyResult;
  /** The other sheets, linked from the cover. */
  contents: Array<{ sheet: string; description: string }>;
}

/** Where each fact of the cover sits, for tests and readers. */
export const COVER_LABELS = {
  plan: 'Kế hoạch',
  period: 'Kỳ báo cáo',
  cutoff: 'Thời gian chốt số liệu',
  knownAt: 'Số liệu ghi nhận đến',
  ledger: 'Sổ theo dõi',
  verification: 'Kiểm tra chuỗi',
  result: 'Kết quả chung',
  par: 'Mức độ hoàn thành kế hoạch (Chỉ số PAR)',
  overdue: 'Nhiệm vụ quá hạn',
  method: 'Cách tính',
} as const;

/**
 * The first sheet of a period report: the official header (Nghị định 30/2020), then what the report
 * is made of: the plan, the period and its cut-off, when the data was taken and from which ledger
 * head, whether the chain verified, the overall result and what the other sheets hold.
 */
export function addCoverSheet(workbook: Workbook, input: CoverInput): void {
  const sheet = workbook.addWorksheet(COVER_SHEET_NAME);
  const width = WIDTHS.length;
  sheet.columns = WIDTHS.map((w) => ({ width: w }));
  let row = writeOfficialHeader(sheet, input.header, width);

  const { state, period, overall } = input;
  const completion = completionOf(overall);
  const level = parLevelOf(completion, input.par);
  const facts: Array<[string, string]> = [
    [COVER_LABELS.plan, state.plan ? `${citePlan(state.plan.identity)}: ${state.plan.identity.title}` : 'Sổ chưa có kế hoạch'],
    [COVER_LABELS.period, periodNameVi(period).replace(/^./u, (c) => c.toLocaleUpperCase('vi'))],
    [COVER_LABELS.cutoff, `Từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}; tình trạng nhiệm vụ tính đến hết ngày ${formatVietnameseDate(period.to)}`],
    [COVER_LABELS.knownAt, `${vietnamTimeText(state.knownAt)} (giờ Việt Nam): ghi nhận sau thời điểm này không được tính`],
    [
      COVER_LABELS.ledger,
      `${formatIntegerVi(state.count)} ghi nhận; ghi nhận cuối số ${formatIntegerVi(state.head.seq)}, mã băm ${state.head.hash}`,
    ],
    [COVER_LABELS.verification, chainStatusText(input.verification).replace(/^Kiểm tra chuỗi băm: /, '')],
    [COVER_LABELS.result, `Hoàn thành ${completionTextVi(completion)}`],
    [COVER_LABELS.par, level ? `${level.label}${level.score !== undefined ? ` (${String(level.score).replace('.', ',')} điểm)` : ''}` : 'Không xác định'],
    [COVER_LABELS.overdue, `${overall.open_overdue} nhiệm vụ chưa hoàn thành, quá hạn`],
    [
      COVER_LABELS.method,
      'Tỷ lệ hoàn thành = số nhiệm vụ đã hoàn thành (đúng hạn và quá hạn) / số nhiệm vụ còn trong kế hoạch. ' +
        'Nhiệm vụ đã rút khỏi kế hoạch không được tính; nhiệm vụ chưa có thời hạn (chờ điều kiện) vẫn được tính. ' +
        'Một nhiệm vụ có nhiều cơ quan chủ trì được tính cho từng cơ quan; nhóm cơ quan ("Các sở, ban, ngành") được tính là một.',
    ],
  ];
  for (const [label, value] of facts) {
    sheet.mergeCells(row, 1, row, 2);
    sheet.mergeCells(row, 3, row, width);
    const l = sheet.getCell(row, 1);
    l.value = label;
    l.font = font(12, { bold: true });
    l.alignment = { vertical: 'top', wrapText: true };
    const v = sheet.getCell(row, 3);
    v.value = value;
    v.font = label === COVER_LABELS.verification && !input.verification.ok ? font(12, { bold: true, color: { argb: 'FFC00000' } }) : BODY_FONT;
    v.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= width; c++) sheet.getCell(row, c).border = GRID;
    fitRow(sheet.getRow(row), [
      { text: label, width: widthOf(sheet, 1, 2) },
      { text: value, width: widthOf(sheet, 3, width) },
    ]);
    row++;
  }

  row++;
  sheet.mergeCells(row, 1, row, width);
  sheet.getCell(row, 1).value = 'Nội dung báo cáo';
  sheet.getCell(row, 1).font = font(12, { bold: true });
  row++;
  for (const entry of input.contents) {
    sheet.mergeCells(row, 1, row, 2);
    sheet.mergeCells(row, 3, row, width);
    const link = sheet.getCell(row, 1);
    link.value = { text: entry.sheet, hyperlink: `#'${entry.sheet.replace(/'/g, "''")}'!A1` };
    link.font = font(12, { underline: true, color: { argb: 'FF0563C1' } });
    link.alignment = { vertical: 'top' };
    sheet.getCell(row, 3).value = entry.description;
    sheet.getCell(row, 3).font = BODY_FONT;
    sheet.getCell(row, 3).alignment = { wrapText: true, vertical: 'top' };
    fitRow(sheet.getRow(row), [{ text: entry.description, width: widthOf(sheet, 3, width) }]);
    row++;
  }
  setUpPrinting(sheet, null);
  sheet.pageSetup.fitToHeight = 1;
}
