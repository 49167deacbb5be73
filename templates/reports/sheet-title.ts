import type { Worksheet } from 'exceljs';
import { fitRow, widthOf } from './row-height.ts';
import { PAGE_WIDTH_UNITS, font, widerThanPage } from './styles.ts';

export interface TitleLine {
  text: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  colour?: string;
}

/** The table's header row under `lines` title lines (and a blank row): known before the sheet is added, for its frozen panes. */
export const headerRowBelow = (lines: readonly TitleLine[]): number => lines.length + 2;

/**
 * Centred title lines, each merged across the table's width. A table wider than a page prints its
 * first `keep` columns again on every page: there the title is merged from the column after them to
 * the end of the first page, so that no part of it is cut or repeated on the next pages.
 * Returns the first row after them and a blank one.
 */
export function writeTitleLines(sheet: Worksheet, lines: readonly TitleLine[], tableWidth: number, keep = 0): number {
  const wide = widerThanPage(sheet);
  const from = wide ? keep + 1 : 1;
  let to = wide ? from : tableWidth;
  while (wide && to < tableWidth && widthOf(sheet, 1, to + 1) <= PAGE_WIDTH_UNITS.landscape) to++;
  const top = 1;
  lines.forEach((line, i) => {
    const row = top + i;
    if (to > from) sheet.mergeCells(row, from, row, to);
    const cell = sheet.getCell(row, from);
    cell.value = line.text;
    cell.font = font(line.size ?? 12, {
      ...(line.bold && { bold: true }),
      ...(line.italic && { italic: true }),
      ...(line.colour && { color: { argb: line.colour } }),
    });
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    fitRow(sheet.getRow(row), [{ text: line.text, width: widthOf(sheet, from, to), size: line.size ?? 12, bold: line.bold ?? false }]);
  });
  return headerRowBelow(lines);
}
