import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { ItemState, LedgerState } from '../../ledger/state.ts';
import type { CellValue, SheetOp } from '../excel/host.ts';
import { isoDateOfSerial } from '../excel/serial-date.ts';
import type { Binding } from './binding.ts';
import { cellAgrees, cellString, RECORDED_FIELDS, shownValues, type RecordedField, type TrackingRow } from './tracking-cells.ts';

/** Which item a table row holds: its "Mã" cell, or the binding's row when "Mã" is empty. */
export function itemOfRow(row: TrackingRow, state: LedgerState, binding: Binding): ItemState | null {
  const ref = cellString(row.cells.ref);
  if (ref !== '') return state.items[ref] ?? null;
  const bound = Object.entries(binding.rows).find(([, r]) => r === row.row)?.[0];
  return bound ? (state.items[bound] ?? null) : null;
}

/**
 * The binding with each item's row as the "Mã" column now says it (rows inserted or deleted by
 * hand move items), or null when nothing moved. An item whose "Mã" is gone keeps its row.
 */
export function rowsOfItems(rows: readonly TrackingRow[], state: LedgerState, binding: Binding): Binding | null {
  const found = new Map<string, number>();
  for (const row of rows) {
    const ref = cellString(row.cells.ref);
    if (state.items[ref] && !found.has(ref)) found.set(ref, row.row);
  }
  let moved = false;
  const next: Record<string, number> = {};
  for (const [id, row] of Object.entries(binding.rows)) {
    next[id] = found.get(id) ?? row;
    if (next[id] !== row) moved = true;
  }
  if (!moved) return null;
  return { ...binding, rows: next, lastRow: Math.max(binding.firstRow, ...Object.values(next)) };
}

/** A cell as a person reads it in a message ("15/03/2024" for a date Excel stored as a number). */
export function cellDisplay(field: RecordedField, value: CellValue): string {
  if (field === 'completedOn' && typeof value === 'number') {
    const iso = isoDateOfSerial(value);
    if (iso) return formatVietnameseDate(iso);
  }
  return cellString(value);
}

/** A cell where the table and the ledger disagree. */
export interface Difference {
  row: number;
  item: string;
  numbering: string;
  field: RecordedField;
  inSheet: string;
  inLedger: string;
  /** Set when a co-author is known to have made this cell's change. */
  origin?: 'co-author';
}

/** Where the table and the ledger disagree; `byCoAuthor` says which cells ("item:field") a co-author changed. */
export function differencesOf(rows: readonly TrackingRow[], state: LedgerState, binding: Binding, byCoAuthor: ReadonlySet<string> = new Set()): Difference[] {
  const out: Difference[] = [];
  for (const row of rows) {
    const item = itemOfRow(row, state, binding);
    if (!item) continue;
    const shown = shownValues(item);
    for (const field of RECORDED_FIELDS) {
      if (cellAgrees(field, row.cells[field], item)) continue;
      const id = item.definition.id;
      out.push({
        row: row.row,
        item: id,
        numbering: item.definition.numbering,
        field,
        inSheet: cellDisplay(field, row.cells[field]),
        inLedger: shown[field],
        ...(byCoAuthor.has(`${id}:${field}`) && { origin: 'co-author' as const }),
      });
    }
  }
  return out;
}

/**
 * Writes that make rows show what the ledger says: refused values put back, a status typed in
 * other words spelt as the list spells it, the item id where "Mã" lost it. A row that holds no
 * item gets its tracking cells emptied. Cells in `leave` ("row:field") stay as they are: a
 * "Hoàn thành" waiting for its date.
 */
export function syncRowOps(rows: readonly TrackingRow[], state: LedgerState, binding: Binding, leave: ReadonlySet<string> = new Set()): SheetOp[] {
  const ops: SheetOp[] = [];
  const cell = (row: number, col: number, value: CellValue): SheetOp => ({ op: 'write', sheet: binding.sheet, row: row - 1, col: col - 1, values: [[value]] });
  for (const row of rows) {
    const item = itemOfRow(row, state, binding);
    if (!item) {
      for (const field of RECORDED_FIELDS) if (cellString(row.cells[field]) !== '') ops.push(cell(row.row, binding.columns[field], null));
      continue;
    }
    const shown = shownValues(item);
    for (const field of RECORDED_FIELDS) {
      if (leave.has(`${row.row}:${field}`)) continue;
      const agrees = cellAgrees(field, row.cells[field], item);
      // The status is rewritten in the list's own words even when it agrees, so the drop-down and colours match.
      if (!agrees || (field === 'status' && cellString(row.cells.status) !== shown.status)) {
        ops.push(cell(row.row, binding.columns[field], shown[field] === '' ? null : shown[field]));
      }
    }
    if (cellString(row.cells.ref) !== item.definition.id) ops.push(cell(row.row, binding.columns.ref, item.definition.id));
  }
  return ops;
}
