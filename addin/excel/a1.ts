import { columnLetter } from '../../ledger/column-letter.ts';

/** A block of cells, 0-based (row 0 is sheet row 1, col 0 is column A). */
export interface CellRect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** "B3" for row 2, col 1 (0-based). */
export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col + 1)}${row + 1}`;
}

/** "B3:D10", or "B3" for a single cell. */
export function rectAddress(rect: CellRect): string {
  const first = cellAddress(rect.row, rect.col);
  return rect.rows === 1 && rect.cols === 1 ? first : `${first}:${cellAddress(rect.row + rect.rows - 1, rect.col + rect.cols - 1)}`;
}

function parseCell(text: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(text);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/**
 * Reads an A1 address as Excel reports it in events ("C7", "C7:D9", "Sheet1!C7:D9", "'Kế hoạch'!C7").
 * Whole columns or rows ("C:C", "3:3") are not cell blocks and give null.
 */
export function parseAddress(address: string): CellRect | null {
  const bang = address.lastIndexOf('!');
  const local = bang >= 0 ? address.slice(bang + 1) : address;
  const [a, b = a] = local.split(':');
  const from = parseCell(a ?? '');
  const to = parseCell(b ?? '');
  if (!from || !to) return null;
  const row = Math.min(from.row, to.row);
  const col = Math.min(from.col, to.col);
  return { row, col, rows: Math.abs(to.row - from.row) + 1, cols: Math.abs(to.col - from.col) + 1 };
}

/** The part of `a` that lies inside `b`, or null when they do not meet. */
export function intersect(a: CellRect, b: CellRect): CellRect | null {
  const row = Math.max(a.row, b.row);
  const col = Math.max(a.col, b.col);
  const rowEnd = Math.min(a.row + a.rows, b.row + b.rows);
  const colEnd = Math.min(a.col + a.cols, b.col + b.cols);
  return rowEnd > row && colEnd > col ? { row, col, rows: rowEnd - row, cols: colEnd - col } : null;
}
