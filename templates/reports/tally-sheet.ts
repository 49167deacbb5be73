import type { CountedUnit } from './completion-rate.ts';
import type { ParLevels } from './report-config.ts';
import type { SheetBook } from './sheet-book.ts';
import { headerRowBelow, writeTitleLines, type TitleLine } from './sheet-title.ts';
import { fitRow, widthOf } from './row-height.ts';
import { font, setUpPrinting, tableLayout } from './styles.ts';
import { tallyTableWidth, tallyTableWidths, writeTallyTable, type TallyRow } from './tally-table.ts';

export interface TallySheetInput {
  name: string;
  title: string;
  heading: readonly TitleLine[];
  labelHeader: string;
  rows: readonly TallyRow[];
  par: ParLevels | null;
  unit: CountedUnit;
  footnote?: string;
}

/** A sheet holding one tally table under its title, printed landscape with the header on every page. */
export function addTallySheet(workbook: SheetBook, input: TallySheetInput): void {
  const title = [{ text: input.title, size: 14, bold: true }, ...input.heading];
  const headerRow = headerRowBelow(title);
  const sheet = workbook.addWorksheet(input.name, { views: [{ state: 'frozen', xSplit: 2, ySplit: headerRow, topLeftCell: `C${headerRow + 1}` }] });
  const width = tallyTableWidth(input.par !== null);
  sheet.columns = tallyTableWidths(input.par !== null).map((w) => ({ width: w }));
  setUpPrinting(sheet, tableLayout(sheet, headerRow, 2));
  writeTitleLines(sheet, title, width);
  const last = writeTallyTable(sheet, headerRow, input.labelHeader, input.rows, input.par, input.unit);
  if (input.footnote) {
    const row = last + 2;
    sheet.mergeCells(row, 1, row, width);
    const cell = sheet.getCell(row, 1);
    const text = `Ghi chú: ${input.footnote}`;
    cell.value = text;
    cell.font = font(12, { italic: true });
    cell.alignment = { wrapText: true, vertical: 'top' };
    fitRow(sheet.getRow(row), [{ text, width: widthOf(sheet, 1, width) }]);
  }
}
