import { textUnderGroups } from '../../ledger/group-path.ts';
import type { Workbook } from 'exceljs';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { excelDate } from './cell-values.ts';
import { writeTitleLines, type TitleLine } from './sheet-title.ts';
import { fitRow } from './row-height.ts';
import { itemsInOrder } from './tally.ts';
import { DATE_FORMAT, PLAN_HEADER_FILL, WRAP_TOP, WRAP_TOP_CENTER, bodyStyle, dataBar, headerStyle, setUpPrinting } from './styles.ts';

export const OVERDUE_SHEET_NAME = 'Nhiệm vụ quá hạn';

const COLUMNS = [
  { header: 'STT', width: 6 },
  { header: 'Số hiệu', width: 10 },
  { header: 'Nhiệm vụ', width: 60 },
  { header: 'Cơ quan chủ trì', width: 28 },
  { header: 'Thời gian thực hiện', width: 18 },
  { header: 'Hạn hoàn thành', width: 13 },
  { header: 'Số ngày quá hạn', width: 12 },
  { header: 'Mã nhiệm vụ', width: 12 },
];

/**
 * Open items past their due date at the state's validAt, most overdue first (ties in the plan's order),
 * with a data bar on the days so the worst stand out.
 */
export function addOverdueSheet(workbook: Workbook, state: LedgerState, heading: readonly TitleLine[]): void {
  const sheet = workbook.addWorksheet(OVERDUE_SHEET_NAME);
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const overdue = itemsInOrder(state)
    .map((item, order) => ({ item, order }))
    .filter(({ item }) => item.assessment === 'open_overdue')
    .sort((a, b) => b.item.daysOverdue - a.item.daysOverdue || a.order - b.order)
    .map(({ item }) => item);
  const headerRow = writeTitleLines(
    sheet,
    [
      { text: 'DANH SÁCH NHIỆM VỤ CHƯA HOÀN THÀNH, QUÁ HẠN', size: 14, bold: true },
      ...heading,
      { text: `Tính đến ngày ${formatVietnameseDate(state.validAt)}: ${overdue.length} nhiệm vụ`, italic: true },
    ],
    COLUMNS.length,
  );
  COLUMNS.forEach((c, i) => {
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = c.header;
    cell.style = headerStyle(PLAN_HEADER_FILL);
  });
  sheet.getRow(headerRow).height = 32;
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
  setUpPrinting(sheet, { from: headerRow, to: headerRow });
}
