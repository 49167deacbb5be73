import { textUnderGroups } from '../../ledger/group-path.ts';
import type { Workbook } from 'exceljs';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { ItemState, LedgerState } from '../../ledger/state.ts';
import { excelDate } from './cell-values.ts';
import { capitalUnit, countedUnitOf, type CountedUnit } from './completion-rate.ts';
import { upperVi } from './official-header.ts';
import { writeTitleLines, type TitleLine } from './sheet-title.ts';
import { fitRow, heightOfLines } from './row-height.ts';
import { itemsInOrder } from './tally.ts';
import { DATE_FORMAT, PLAN_HEADER_FILL, WRAP_TOP, WRAP_TOP_CENTER, bodyStyle, dataBar, headerStyle, setUpPrinting, tableLayout } from './styles.ts';

export const OVERDUE_SHEET_NAME = 'Nhiệm vụ quá hạn';

/** One landscape page wide at 100 % (PAGE_WIDTH_UNITS); `header` is given the counted unit. */
const COLUMNS = [
  { header: (_unit: CountedUnit) => 'STT', width: 5 },
  { header: (_unit: CountedUnit) => 'Số hiệu', width: 8 },
  { header: (unit: CountedUnit) => capitalUnit(unit), width: 44 },
  { header: (_unit: CountedUnit) => 'Cơ quan chủ trì', width: 22 },
  { header: (_unit: CountedUnit) => 'Thời gian thực hiện', width: 16 },
  { header: (_unit: CountedUnit) => 'Hạn hoàn thành', width: 12 },
  { header: (_unit: CountedUnit) => 'Số ngày quá hạn', width: 9 },
  { header: (unit: CountedUnit) => `Mã ${unit}`, width: 10 },
];

/** Open items past their due date at the state's validAt, most overdue first (ties in the plan's order). */
export function overdueItems(state: LedgerState): ItemState[] {
  return itemsInOrder(state)
    .map((item, order) => ({ item, order }))
    .filter(({ item }) => item.assessment === 'open_overdue')
    .sort((a, b) => b.item.daysOverdue - a.item.daysOverdue || a.order - b.order)
    .map(({ item }) => item);
}

/**
 * The overdue list (overdueItems) as a sheet, with a data bar on the days so the worst stand out.
 */
export function addOverdueSheet(workbook: Workbook, state: LedgerState, heading: readonly TitleLine[]): void {
  const sheet = workbook.addWorksheet(OVERDUE_SHEET_NAME);
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const unit = countedUnitOf(state);
  const overdue = overdueItems(state);
  const headerRow = writeTitleLines(
    sheet,
    [
      { text: `DANH SÁCH ${upperVi(unit)} CHƯA HOÀN THÀNH, QUÁ HẠN`, size: 14, bold: true },
      ...heading,
      { text: `Tính đến ngày ${formatVietnameseDate(state.validAt)}: ${overdue.length} ${unit}`, italic: true },
    ],
    COLUMNS.length,
  );
  COLUMNS.forEach((c, i) => {
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = c.header(unit);
    cell.style = headerStyle(PLAN_HEADER_FILL);
  });
  sheet.getRow(headerRow).height = heightOfLines(2);
  overdue.forEach((item, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    const d = item.definition;
    const values = [i + 1, d.numbering, d.activity ? `${textUnderGroups(d)}\n— ${d.activity}` : textUnderGroups(d), d.leadText, d.timeline.raw, item.due ? excelDate(item.due) : null, item.daysOverdue, d.id];
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.style = bodyStyle(c === 2 || c === 3 ? WRAP_TOP : WRAP_TOP_CENTER, c === 5 ? { numFmt: DATE_FORMAT } : {});
    });
    fitRow(row, values.map((v, c) => ({ text: typeof v === 'string' ? v : null, width: COLUMNS[c]!.width })));
  });
  if (overdue.length > 0) {
    sheet.addConditionalFormatting({ ref: `G${headerRow + 1}:G${headerRow + overdue.length}`, rules: [dataBar('FFF8696B')] });
  }
  sheet.views = [{ state: 'frozen', ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }];
  setUpPrinting(sheet, tableLayout(sheet, headerRow, 3));
}
