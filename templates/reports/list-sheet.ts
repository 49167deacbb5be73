import { fitRow, heightOfLines, linesOf } from './row-height.ts';
import type { SheetBook } from './sheet-book.ts';
import { headerRowBelow, writeTitleLines, type TitleLine } from './sheet-title.ts';
import { PLAN_HEADER_FILL, WRAP_TOP, WRAP_TOP_CENTER, bodyStyle, headerStyle, setUpPrinting, tableLayout } from './styles.ts';

export interface ListColumn {
  header: string;
  width: number;
  /** Centred (numbers, codes) rather than left-aligned text. */
  centred?: boolean;
}

export interface ListSheetInput {
  name: string;
  title: readonly TitleLine[];
  /** Together at most one landscape page wide (PAGE_WIDTH_UNITS.landscape). */
  columns: readonly ListColumn[];
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Shown as the only row when there is none. */
  empty: string;
}

/**
 * A plain bordered table under its title: one row per entry, every text wrapped and every row as
 * tall as its text, printed landscape at 100 % with the header row on every page.
 */
export function addListSheet(workbook: SheetBook, input: ListSheetInput): void {
  const headerRow = headerRowBelow(input.title);
  const sheet = workbook.addWorksheet(input.name, { views: [{ state: 'frozen', ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }] });
  const { columns } = input;
  sheet.columns = columns.map((c) => ({ width: c.width }));
  setUpPrinting(sheet, tableLayout(sheet, headerRow, 2));
  writeTitleLines(sheet, input.title, columns.length);
  columns.forEach((c, i) => {
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = c.header;
    cell.style = headerStyle(PLAN_HEADER_FILL);
  });
  sheet.getRow(headerRow).height = heightOfLines(Math.max(...columns.map((c) => linesOf(c.header, c.width, 12, true))));
  const rows = input.rows.length > 0 ? input.rows : [columns.map((_, i) => (i === 1 ? input.empty : ''))];
  // Looked up once per column, not per cell: sharedStyle serialises its argument.
  const styles = columns.map((c) => bodyStyle(c.centred ? WRAP_TOP_CENTER : WRAP_TOP));
  rows.forEach((values, r) => {
    const row = sheet.getRow(headerRow + 1 + r);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.style = styles[c]!;
    });
    fitRow(row, values.map((v, c) => ({ text: typeof v === 'string' ? v : null, width: columns[c]!.width })));
    row.commit();
  });
}
