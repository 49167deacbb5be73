import type { Worksheet } from 'exceljs';
import { fitRow, widthOf } from './row-height.ts';
import { PAGE_WIDTH_UNITS, font } from './styles.ts';

export interface TitleLine {
  text: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  colour?: string;
}

/**
 * Centred title lines, each merged across the table's width, or across the columns of its first
 * printed page when the table is wider (a title centred over two pages would be cut in half);
 * returns the first row after them and a blank one.
 */
export function writeTitleLines(sheet: Worksheet, lines: readonly TitleLine[], tableWidth: number, top = 1): number {
  let width = 1;
  while (width < tableWidth && widthOf(sheet, 1, width + 1) <= PAGE_WIDTH_UNITS.landscape) width++;
  lines.forEach((line, i) => {
    const row = top + i;
    if (width > 1) sheet.mergeCells(row, 1, row, width);
    const cell = sheet.getCell(row, 1);
    cell.value = line.text;
    cell.font = font(line.size ?? 12, {
      ...(line.bold && { bold: true }),
      ...(line.italic && { italic: true }),
      ...(line.colour && { color: { argb: line.colour } }),
    });
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    fitRow(sheet.getRow(row), [{ text: line.text, width: widthOf(sheet, 1, width), size: line.size ?? 12, bold: line.bold ?? false }]);
  });
  return top + lines.length + 1;
}
