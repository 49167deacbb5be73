import type { Worksheet } from 'exceljs';
import { fitRow, widthOf } from './row-height.ts';
import { font } from './styles.ts';

export interface TitleLine {
  text: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  colour?: string;
}

/** Centred title lines, each merged across the table's width; returns the first row after them and a blank one. */
export function writeTitleLines(sheet: Worksheet, lines: readonly TitleLine[], width: number, top = 1): number {
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
    fitRow(sheet.getRow(row), [{ text: line.text, width: widthOf(sheet, 1, width), size: line.size ?? 12 }]);
  });
  return top + lines.length + 1;
}
