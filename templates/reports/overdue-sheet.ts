import { textUnderGroups } from '../../ledger/group-path.ts';
import { formatVietnameseDate, type IsoDate } from '../../ledger/dates.ts';
import type { ItemState, LedgerState } from '../../ledger/state.ts';
import { excelDate } from './cell-values.ts';
import { capitalUnit, countedUnitOf, type CountedUnit } from './completion-rate.ts';
import { upperVi } from './official-header.ts';
import type { SheetBook } from './sheet-book.ts';
import { headerRowBelow, writeTitleLines, type TitleLine } from './sheet-title.ts';
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

/** With a column naming whose plan each item is in (the province's list), still one page wide. */
const COLUMNS_WITH_AGENCY = [
  COLUMNS[0]!,
  { header: (_unit: CountedUnit) => 'Cơ quan, đơn vị', width: 18 },
  COLUMNS[1]!,
  { ...COLUMNS[2]!, width: 35 },
  { ...COLUMNS[3]!, width: 18 },
  { ...COLUMNS[4]!, width: 13 },
  { ...COLUMNS[5]!, width: 11 },
  { ...COLUMNS[6]!, width: 8 },
  COLUMNS[7]!,
];

/** What an overdue list names of an item (the consolidated report keeps only this of each). */
export type OverdueItem = Pick<ItemState, 'definition' | 'due' | 'daysOverdue'>;

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
export function addOverdueSheet(workbook: SheetBook, state: LedgerState, heading: readonly TitleLine[]): void {
  addOverdueList(workbook, { unit: countedUnitOf(state), validAt: state.validAt, heading, rows: overdueItems(state).map((item) => ({ item })) });
}

export interface OverdueListInput {
  unit: CountedUnit;
  validAt: IsoDate;
  heading: readonly TitleLine[];
  /** In the order listed; `agency` (whose plan) makes a column of its own when any row has one. */
  rows: ReadonlyArray<{ item: OverdueItem; agency?: string }>;
}

/** An overdue list as a sheet: one row per item, the days overdue with a data bar. */
export function addOverdueList(workbook: SheetBook, input: OverdueListInput): void {
  const { unit, rows } = input;
  const withAgency = rows.some((r) => r.agency !== undefined);
  const columns = withAgency ? COLUMNS_WITH_AGENCY : COLUMNS;
  const title = [
    { text: `DANH SÁCH ${upperVi(unit)} CHƯA HOÀN THÀNH, QUÁ HẠN`, size: 14, bold: true },
    ...input.heading,
    { text: `Tính đến ngày ${formatVietnameseDate(input.validAt)}: ${rows.length} ${unit}`, italic: true },
  ];
  const headerRow = headerRowBelow(title);
  const sheet = workbook.addWorksheet(OVERDUE_SHEET_NAME, { views: [{ state: 'frozen', ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }] });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const shift = withAgency ? 1 : 0;
  setUpPrinting(sheet, tableLayout(sheet, headerRow, 3 + shift));
  writeTitleLines(sheet, title, columns.length);
  columns.forEach((c, i) => {
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = c.header(unit);
    cell.style = headerStyle(PLAN_HEADER_FILL);
  });
  sheet.getRow(headerRow).height = heightOfLines(2);
  const wrapped = new Set([2 + shift, 3 + shift, ...(withAgency ? [1] : [])]);
  // Looked up once per column, not per cell: sharedStyle serialises its argument.
  const styles = columns.map((_, c) => bodyStyle(wrapped.has(c) ? WRAP_TOP : WRAP_TOP_CENTER, c === 5 + shift ? { numFmt: DATE_FORMAT } : {}));
  rows.forEach(({ item, agency }, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    const d = item.definition;
    const values = [
      i + 1,
      ...(withAgency ? [agency ?? ''] : []),
      d.numbering,
      d.activity ? `${textUnderGroups(d)}\n— ${d.activity}` : textUnderGroups(d),
      d.leadText,
      d.timeline.raw,
      item.due ? excelDate(item.due) : null,
      item.daysOverdue,
      d.id,
    ];
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.style = styles[c]!;
    });
    fitRow(row, values.map((v, c) => ({ text: typeof v === 'string' ? v : null, width: columns[c]!.width })));
    row.commit();
  });
  if (rows.length > 0) {
    const days = sheet.getColumn(7 + shift).letter;
    sheet.addConditionalFormatting({ ref: `${days}${headerRow + 1}:${days}${headerRow + rows.length}`, rules: [dataBar('FFF8696B')] });
  }
}
