import type { Row, Worksheet } from 'exceljs';

/**
 * Neither Excel nor LibreOffice grows a row to fit wrapped text in a file they did not lay out
 * themselves (LibreOffice leaves xlsx rows at the default height, and no viewer fits merged cells),
 * so the report sets heights itself from the text. Times New Roman 12 fits about 1.15 characters per
 * unit of column width (a unit is one "0" of the default font); a little under, for word breaks.
 */
const CHARS_PER_WIDTH_UNIT = 1.15;

export function linesOf(text: string, width: number, size = 12): number {
  const perLine = Math.max(1, Math.floor((width * CHARS_PER_WIDTH_UNIT * 12) / size));
  if (text.length <= perLine && !text.includes('\n')) return 1;
  let lines = 0;
  for (const paragraph of text.split('\n')) lines += Math.max(1, Math.ceil(paragraph.length / perLine));
  return lines;
}

export const heightOfLines = (lines: number, size = 12): number => Math.ceil(lines * size * 1.25 + 3);

/** Sets a row's height to fit its tallest text, given the width each text has (a merged cell's total width). */
export function fitRow(row: Row, texts: ReadonlyArray<{ text: string | null | undefined; width: number; size?: number }>): void {
  let height = heightOfLines(1);
  for (const t of texts) {
    if (!t.text) continue;
    height = Math.max(height, heightOfLines(linesOf(t.text, t.width, t.size), t.size));
  }
  row.height = height;
}

/** The width of columns `from`..`to` together (a merged cell's), in column-width units. */
export function widthOf(sheet: Worksheet, from: number, to: number): number {
  let total = 0;
  for (let c = from; c <= to; c++) total += sheet.getColumn(c).width ?? 9;
  return total;
}

/** `fitRow` for a row of plain values, one per column of the given widths: no allocation per row. */
export function fitRowToValues(row: Row, values: readonly unknown[], widths: readonly number[]): void {
  let lines = 1;
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (typeof v === 'string' && v) lines = Math.max(lines, linesOf(v, widths[c]!));
  }
  row.height = heightOfLines(lines);
}
