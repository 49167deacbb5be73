/**
 * The neutral grid every source becomes before the table logic runs: an .xlsx sheet (exceljs),
 * tab-separated text, or the active sheet of the Excel add-in (values and merged areas read
 * through Office.js). The row logic is written once, against this type.
 */

export { columnLetter } from '../../ledger/column-letter.ts';

/** A merged area, 1-based and inclusive, as Excel names it (A7:A9 is top 7, left 1, bottom 9, right 1). */
export interface MergeArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * One sheet as text. `values[r - 1][c - 1]` is the text of the cell at row r, column c, as a person
 * reads it (dates already dd/mm/yyyy, formulas as their result; '' when empty). Rows may be of
 * different lengths. A cell covered by a merge should be '' (its text belongs to the merge's
 * first cell); whatever it holds is ignored. Row 1 is the sheet's first row, so that row numbers
 * in warnings are the ones the user sees.
 */
export interface Grid {
  sheet: string;
  values: string[][];
  merges: MergeArea[];
}

export interface CellRef {
  row: number;
  col: number;
}

/** Read access to a grid with merges resolved: every cell knows the cell whose text it shows. */
export class GridView {
  readonly rowCount: number;
  readonly columnCount: number;
  private readonly masters = new Map<number, CellRef>();
  private readonly areas = new Map<number, MergeArea>();

  constructor(readonly grid: Grid) {
    this.rowCount = grid.values.length;
    let columns = 0;
    for (const row of grid.values) columns = Math.max(columns, row.length);
    for (const area of grid.merges) {
      if (!isSaneArea(area)) continue;
      columns = Math.max(columns, area.right);
      this.areas.set(this.key(area.top, area.left), area);
      for (let r = area.top; r <= area.bottom; r++) {
        for (let c = area.left; c <= area.right; c++) {
          if (r !== area.top || c !== area.left) this.masters.set(this.key(r, c), { row: area.top, col: area.left });
        }
      }
    }
    this.columnCount = columns;
  }

  private key(row: number, col: number): number {
    // Columns beyond 16384 do not exist in Excel; this keeps the key a plain number.
    return row * 16_385 + col;
  }

  /** The cell whose text (row, col) shows: itself, or the first cell of the merge covering it. */
  masterOf(row: number, col: number): CellRef {
    return this.masters.get(this.key(row, col)) ?? { row, col };
  }

  /** True when (row, col) is covered by a merge that starts on an earlier row. */
  coveredFromAbove(row: number, col: number): boolean {
    const master = this.masters.get(this.key(row, col));
    return master !== undefined && master.row < row;
  }

  /** The merged area starting at (row, col), if one does. */
  areaAt(row: number, col: number): MergeArea | undefined {
    return this.areas.get(this.key(row, col));
  }

  /** The text of the cell itself ('' for a cell covered by a merge). */
  ownText(row: number, col: number): string {
    if (this.masters.has(this.key(row, col))) return '';
    return this.grid.values[row - 1]?.[col - 1] ?? '';
  }

  /** The text (row, col) shows, its merge master's when it is covered. */
  text(row: number, col: number): string {
    const m = this.masters.get(this.key(row, col));
    return m === undefined ? (this.grid.values[row - 1]?.[col - 1] ?? '') : (this.grid.values[m.row - 1]?.[m.col - 1] ?? '');
  }
}

function isSaneArea(a: MergeArea): boolean {
  return (
    Number.isInteger(a.top) &&
    Number.isInteger(a.left) &&
    Number.isInteger(a.bottom) &&
    Number.isInteger(a.right) &&
    a.top >= 1 &&
    a.left >= 1 &&
    a.bottom >= a.top &&
    a.right >= a.left &&
    a.right <= 16_384
  );
}

/** Parses an Excel range address ("A7:C9", "Sheet1!$A$7:$C$9", "B4") into a merge area. */
export function parseArea(address: string): MergeArea | null {
  const bare = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(bare.trim());
  if (!m) return null;
  const left = columnNumber(m[1]!);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** The column of the letters a cell address starts with ("AB12" → 28, "ab" → 28); 0 when it starts with no letter. */
export function columnNumber(address: string): number {
  let col = 0;
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    col = col * 26 + code - 0x60;
  }
  return col;
}
