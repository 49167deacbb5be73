import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { VerifyResult } from '../../ledger/verify.ts';
import { citePlan, formatIntegerVi, vietnamTimeText } from './cell-values.ts';
import { chainStatusText } from './chain-status.ts';
import { capitalUnit, completionOf, completionTextVi, parLevelOf, type CountedUnit } from './completion-rate.ts';
import { writeOfficialHeader, writeSignature, type OfficialHeader, type Signature } from './official-header.ts';
import type { ParLevels } from './report-config.ts';
import type { SheetBook } from './sheet-book.ts';
import { periodNameVi, type ReportPeriod } from './report-period.ts';
import { fitRow, widthOf } from './row-height.ts';
import { BODY_FONT, GRID, font, setUpPrinting } from './styles.ts';
import type { Tally } from './tally.ts';

export const COVER_SHEET_NAME = 'Báo cáo';

/** A4 portrait between the ND 30 margins (PAGE_WIDTH_UNITS.portrait); the issuer takes the first two columns. */
const WIDTHS = [16, 16, 13, 13, 13, 13];
const ISSUER_COLUMNS = 2;

export interface CoverInput {
  header: OfficialHeader;
  signature: Signature;
  unit: CountedUnit;
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
  overdue: 'Quá hạn',
  method: 'Cách tính',
} as const;

/** One line of a cover's table of facts; an alarming value (a broken chain) prints in red. */
export interface CoverFact {
  label: string;
  value: string;
  alarm?: boolean;
}

/** What any report's cover holds: the official header, its facts, what the other sheets hold, the signature. */
export interface ReportCoverInput {
  header: OfficialHeader;
  signature: Signature;
  facts: readonly CoverFact[];
  contents: ReadonlyArray<{ sheet: string; description: string }>;
}

/**
 * The first sheet of a period report: the official header (Nghị định 30/2020), then what the report
 * is made of: the plan, the period and its cut-off, when the data was taken and from which ledger
 * head, whether the chain verified, the overall result and what the other sheets hold; then who it
 * goes to and who signs it. Printed A4 portrait.
 */
export function addCoverSheet(workbook: SheetBook, input: CoverInput): void {
  const { state, period, overall, unit } = input;
  const completion = completionOf(overall);
  const level = parLevelOf(completion, input.par);
  const facts: Array<[string, string]> = [
    [COVER_LABELS.plan, state.plan ? `${citePlan(state.plan.identity)}: ${state.plan.identity.title}` : 'Sổ chưa có kế hoạch'],
    [COVER_LABELS.period, capitalPeriodName(period)],
    [COVER_LABELS.cutoff, `Từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}; tình trạng các ${unit} tính đến hết ngày ${formatVietnameseDate(period.to)}`],
    [COVER_LABELS.knownAt, knownAtText(state.knownAt)],
    [
      COVER_LABELS.ledger,
      `${formatIntegerVi(state.count)} ghi nhận; ghi nhận cuối số ${formatIntegerVi(state.head.seq)}, mã băm ${state.head.hash}`,
    ],
    [COVER_LABELS.verification, chainStatusText(input.verification).replace(/^Kiểm tra chuỗi băm: /, '')],
    [COVER_LABELS.result, `Hoàn thành ${completionTextVi(completion, unit)}`],
    [COVER_LABELS.par, parLevelText(level)],
    [COVER_LABELS.overdue, `${overall.open_overdue} ${unit} chưa hoàn thành, quá hạn`],
    [COVER_LABELS.method, methodText(unit)],
  ];
  addReportCover(workbook, {
    header: input.header,
    signature: input.signature,
    facts: facts.map(([label, value]) => ({ label, value, ...(label === COVER_LABELS.verification && !input.verification.ok && { alarm: true }) })),
    contents: input.contents,
  });
}

/** "Quý I năm 2021": the period's name at the start of a line. */
export const capitalPeriodName = (period: ReportPeriod): string => periodNameVi(period).replace(/^./u, (c) => c.toLocaleUpperCase('vi'));

/** When the data was taken, as the cover says it. */
export const knownAtText = (knownAt: string): string => `${vietnamTimeText(knownAt)} (giờ Việt Nam): ghi nhận sau thời điểm này không được tính`;

/** "Đạt một phần điểm (0,5 điểm)". */
export const parLevelText = (level: { label: string; score?: number } | null): string =>
  level ? `${level.label}${level.score !== undefined ? ` (${String(level.score).replace('.', ',')} điểm)` : ''}` : 'Không xác định';

/** How the rates are counted, in the counted unit's words. */
export function methodText(unit: CountedUnit): string {
  return (
    `Tỷ lệ hoàn thành = số ${unit} đã hoàn thành (đúng hạn và quá hạn) / số ${unit} còn trong kế hoạch. ` +
    (unit === 'nhiệm vụ'
      ? 'Mỗi nhiệm vụ của kế hoạch là một mục theo dõi. '
      : 'Mục theo dõi là từng dòng nhiệm vụ, hoạt động của phụ lục: nhiệm vụ có nhiều hoạt động được theo dõi và tính theo từng hoạt động. ') +
    `${capitalUnit(unit)} đã rút khỏi kế hoạch không được tính; ${unit} chưa có thời hạn (chờ điều kiện) vẫn được tính. ` +
    `Một ${unit} có nhiều cơ quan chủ trì được tính cho từng cơ quan; nhóm cơ quan ("Các sở, ban, ngành") được tính là một.`
  );
}

/** A cover sheet (A4 portrait): the official header, the facts in a two-column grid, the contents linked, the signature. */
export function addReportCover(workbook: SheetBook, input: ReportCoverInput): void {
  const sheet = workbook.addWorksheet(COVER_SHEET_NAME);
  const width = WIDTHS.length;
  sheet.columns = WIDTHS.map((w) => ({ width: w }));
  let row = writeOfficialHeader(sheet, input.header, width, 1, ISSUER_COLUMNS);
  for (const { label, value, alarm } of input.facts) {
    sheet.mergeCells(row, 1, row, 2);
    sheet.mergeCells(row, 3, row, width);
    const l = sheet.getCell(row, 1);
    l.value = label;
    l.font = font(12, { bold: true });
    l.alignment = { vertical: 'top', wrapText: true };
    const v = sheet.getCell(row, 3);
    v.value = value;
    v.font = alarm ? font(12, { bold: true, color: { argb: 'FFC00000' } }) : BODY_FONT;
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
  writeSignature(sheet, input.signature, width, row + 1, ISSUER_COLUMNS);
  setUpPrinting(sheet, { orientation: 'portrait' });
}
