import type { LedgerState } from '../../ledger/state.ts';
import type { Grid } from '../../templates/table/grid.ts';
import type { ColumnMapping } from '../../templates/table/column-mapping.ts';
import type { Field } from '../../templates/table/fields.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { itemsOf, type TableRead } from '../../templates/table/table-read.ts';
import { ACTIVE_SHEET, type SheetOp, type WorkbookHost } from '../excel/host.ts';
import { bindingOps, type Binding } from './binding.ts';
import { gridOfRead } from './grid-of-read.ts';
import { shownValues } from './tracking-cells.ts';
import {
  HEADER_STYLE,
  STATUS_CHOICES,
  STATUS_COLOURS,
  STATUS_LIST_MESSAGE,
  STATUS_LIST_TITLE,
  TRACKING_FIELDS,
  TRACKING_HEADERS,
  TRACKING_WIDTHS,
  type TrackingField,
} from './tracking-columns.ts';
import { STATUS_LABELS_VI, type Status } from '../../ledger/status.ts';

/** What the reader understood of the active sheet, shown before anything is written. */
export interface BindPreview {
  sheet: string;
  grid: Grid;
  read: TableRead;
  deadlines: { dated: number; waiting: number; unknown: number };
  /** What the user changed in the columns' meanings before importing. */
  columns?: ColumnMapping;
}

/** Reads the active sheet (one round trip) with the same reader as `cchc inspect`. Throws TableError when no table is found. */
export async function previewBind(host: WorkbookHost): Promise<BindPreview> {
  const [sheetRead] = await host.read([{ sheet: ACTIVE_SHEET, text: true, merges: true }]);
  if (!sheetRead) throw new Error('no active sheet');
  const grid = gridOfRead(sheetRead);
  const read = readGrid(grid, { file: sheetRead.sheet });
  return { sheet: sheetRead.sheet, grid, read, deadlines: deadlineCounts(read) };
}

/**
 * The preview read again with one column's meaning changed by the user (null: not read), as
 * `cchc inspect --columns` would. Throws TableError `bad-columns` when no task column would be left.
 */
export function remapPreview(preview: BindPreview, letter: string, field: Field | null): BindPreview {
  const columns = { ...preview.columns, [letter]: field };
  const read = readGrid(preview.grid, { file: preview.sheet, columns });
  return { ...preview, read, columns, deadlines: deadlineCounts(read) };
}

function deadlineCounts(read: TableRead): BindPreview['deadlines'] {
  const deadlines = { dated: 0, waiting: 0, unknown: 0 };
  for (const item of itemsOf(read)) {
    if (item.timeline.due) deadlines.dated++;
    else if (item.timeline.kind === 'unknown') deadlines.unknown++;
    else deadlines.waiting++;
  }
  return deadlines;
}

/** The tracking columns (1-based): those the table already has, the others added after its last column. */
export function trackingLayout(read: TableRead): { columns: Record<TrackingField, number>; added: TrackingField[] } {
  const columns = {} as Record<TrackingField, number>;
  const added: TrackingField[] = [];
  let next = Math.max(0, ...read.header.columns.map((c) => c.col)) + 1;
  for (const field of TRACKING_FIELDS) {
    const existing = read.header.columns.find((c) => c.field === field);
    if (existing) columns[field] = existing.col;
    else {
      columns[field] = next++;
      added.push(field);
    }
  }
  return { columns, added };
}

/** The binding of a table just imported into a ledger whose first event has hash `genesis`. */
export function bindingOf(preview: BindPreview, state: LedgerState, genesis: string): Binding {
  const { columns } = trackingLayout(preview.read);
  const rows: Record<string, number> = {};
  for (const id of state.itemOrder) {
    const row = state.items[id]?.definition.sourceRow;
    if (row !== undefined) rows[id] = row;
  }
  const headerRows = preview.read.header.rows;
  const firstRow = Math.max(...headerRows) + 1;
  const lastRow = Math.max(firstRow, ...Object.values(rows));
  return { sheet: preview.sheet, headerRows, firstRow, lastRow, columns, rows, ledger: genesis };
}

/**
 * Writes the tracking columns into the plan's table, in one `apply`: headers, the ledger's values
 * on each item's row, the item id in "Mã", the status drop-down and its colours, widths, and the
 * binding. Columns the table already had keep their cells (differences show on the next check).
 */
export function bindOps(preview: BindPreview, state: LedgerState, binding: Binding): SheetOp[] {
  const { added } = trackingLayout(preview.read);
  const sheet = binding.sheet;
  const ops: SheetOp[] = [];
  const height = binding.lastRow - binding.firstRow + 1;
  const itemAtRow = new Map(Object.entries(binding.rows).map(([id, row]) => [row, id]));
  const top = Math.min(...binding.headerRows);
  const headerHeight = Math.max(...binding.headerRows) - top + 1;

  for (const field of TRACKING_FIELDS) {
    const col = binding.columns[field] - 1;
    const isNew = added.includes(field);
    if (!isNew && field !== 'ref') continue;
    if (isNew) {
      ops.push({ op: 'write', sheet, row: top - 1, col, values: [[TRACKING_HEADERS[field]]] });
      if (headerHeight > 1) ops.push({ op: 'merge', sheet, rect: { row: top - 1, col, rows: headerHeight, cols: 1 } });
      ops.push({ op: 'format', sheet, rect: { row: top - 1, col, rows: headerHeight, cols: 1 }, style: HEADER_STYLE });
      ops.push({ op: 'columnWidth', sheet, col, width: TRACKING_WIDTHS[field] });
    }
    const values = Array.from({ length: height }, (_, i) => {
      const id = itemAtRow.get(binding.firstRow + i);
      const item = id ? state.items[id] : undefined;
      if (!item) return [null];
      return [field === 'ref' ? item.definition.id : shownValues(item)[field]];
    });
    // Every cell of a new column is written, empty ones too: they become text cells, so a date typed there stays as typed.
    ops.push({ op: 'write', sheet, row: binding.firstRow - 1, col, values });
    if (isNew) {
      const rect = { row: binding.firstRow - 1, col, rows: height, cols: 1 };
      const wrap = field === 'evidence' || field === 'progressNote';
      ops.push({ op: 'format', sheet, rect, style: { borders: '#BDBDBD', vertical: 'Top', wrap, ...(field === 'ref' ? { fontColor: '#707070' } : {}) } });
    }
  }

  const statusRect = { row: binding.firstRow - 1, col: binding.columns.status - 1, rows: height, cols: 1 };
  ops.push(...statusListOps(binding, binding.firstRow, binding.lastRow));
  for (const [status, colour] of Object.entries(STATUS_COLOURS) as Array<[Status, { fill: string; font: string }]>) {
    ops.push({ op: 'highlightText', sheet, rect: statusRect, text: STATUS_LABELS_VI[status], fill: colour.fill, fontColor: colour.font });
  }
  ops.push(...bindingOps(binding));
  ops.push({ op: 'activate', sheet });
  return ops;
}

/**
 * The status drop-down on the items' rows among sheet rows `from`..`to` (1-based), and only there:
 * a status picked on a section's or a task's row would mean nothing. Also what puts it back after
 * a paste, which removes it.
 */
export function statusListOps(binding: Binding, from: number, to: number): SheetOp[] {
  const rows = Object.values(binding.rows).filter((row) => row >= from && row <= to);
  return itemRowRuns(rows).map((run) => ({
    op: 'listValidation',
    sheet: binding.sheet,
    rect: { row: run.from - 1, col: binding.columns.status - 1, rows: run.to - run.from + 1, cols: 1 },
    choices: STATUS_CHOICES,
    title: STATUS_LIST_TITLE,
    message: STATUS_LIST_MESSAGE,
  }));
}

/** Rows (1-based) gathered into runs of consecutive rows. */
function itemRowRuns(rows: readonly number[]): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  for (const row of [...new Set(rows)].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last.to === row - 1) last.to = row;
    else runs.push({ from: row, to: row });
  }
  return runs;
}
