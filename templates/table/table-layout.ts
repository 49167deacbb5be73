import type { Field } from './fields.ts';
import { foldText } from './fold.ts';
import type { CellRef, GridView } from './grid.ts';
import type { HeaderMatch } from './header.ts';

/**
 * The table as the row logic sees it: the grid, which column holds what, and the text overrides
 * that joining page-break fragments produced (keyed by the merge master that received them).
 */
export class TableLayout {
  readonly fields: Partial<Record<Field, number>>;
  /** The column whose text is the task (Nhiệm vụ / Nội dung; else Hoạt động or Mục tiêu). */
  readonly taskCol: number;
  /** Hoạt động and Mục tiêu, when they are columns of their own beside the task column. */
  readonly activityCol: number | undefined;
  readonly objectiveCol: number | undefined;
  /** A first column whose merged cells span each section, when the table has one. */
  readonly sectionCol: number | undefined;
  readonly dataStart: number;
  private readonly overrides = new Map<string, string>();

  constructor(
    readonly view: GridView,
    readonly header: HeaderMatch,
  ) {
    this.fields = header.fields;
    const f = header.fields;
    this.taskCol = (f.task ?? f.activity ?? f.objective)!;
    this.activityCol = f.activity !== this.taskCol ? f.activity : undefined;
    this.objectiveCol = f.objective !== this.taskCol ? f.objective : undefined;
    this.dataStart = Math.max(...header.rows) + 1;
    this.sectionCol = f.section ?? this.findSpanningSectionColumn();
  }

  /** The text a cell shows, after joins: its merge master's. */
  text(row: number, col: number | undefined): string {
    if (col === undefined) return '';
    const m = this.view.masterOf(row, col);
    // Most tables have no joined fragments: no key is made for them.
    const joined = this.overrides.size === 0 ? undefined : this.overrides.get(`${m.row}:${m.col}`);
    return joined ?? this.view.text(m.row, m.col);
  }

  /** The text of the cell itself, '' when a merge covers it. */
  own(row: number, field: Field): string {
    const col = this.fields[field];
    return col === undefined ? '' : this.view.ownText(row, col);
  }

  textAt(ref: CellRef): string {
    return this.text(ref.row, ref.col);
  }

  setText(ref: CellRef, text: string): void {
    this.overrides.set(`${ref.row}:${ref.col}`, text);
  }

  /** Columns whose text belongs to the task as a whole rather than to one of its rows. */
  isTaskLevel(col: number): boolean {
    return col === this.fields.number || col === this.taskCol || col === this.objectiveCol || col === this.sectionCol;
  }

  /**
   * A leftmost column with no header of its own (or none the reader knows) whose cells are merged
   * down over several rows or read like section titles: the section is that column, not a row.
   */
  private findSpanningSectionColumn(): number | undefined {
    const mapped = new Set(Object.values(this.fields));
    const first = Math.min(...mapped);
    if (first <= 1) return undefined;
    const col = 1;
    if (mapped.has(col)) return undefined;
    let spanning = 0;
    let headings = 0;
    for (let r = this.dataStart; r <= this.view.rowCount; r++) {
      const area = this.view.areaAt(r, col);
      const text = this.view.ownText(r, col);
      if (text === '') continue;
      if (area && area.bottom > area.top) spanning++;
      else if (!/^[IVXLC]+\b/.test(text) && !/cai cach|chi dao|hien dai hoa|the che/.test(foldText(text))) return undefined;
      else headings++;
    }
    return spanning > 0 || headings > 1 ? col : undefined;
  }
}
