import { LedgerError } from '../../ledger/errors.ts';
import type { DocumentRef } from '../../ledger/events.ts';
import type { ItemPatch } from '../../ledger/plan.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { ITEM_FIELD_LABELS_VI } from '../../templates/reports/audit-rows.ts';
import { parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { definitionFromState, definitionOf } from '../../templates/import/plan-definition.ts';
import { revisePlan, type PlanRevised } from '../../templates/import/revise-plan.ts';
import type { ColumnMapping } from '../../templates/table/column-mapping.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import type { SheetOp, WorkbookHost } from '../excel/host.ts';
import { statusListOps } from './bind.ts';
import { bindingOps, type Binding } from './binding.ts';
import { gridOfRead } from './grid-of-read.ts';
import { trackingRowsOf, type TrackingRow } from './tracking-cells.ts';
import { syncRowOps } from './tracking-sync.ts';

/** A revision of the plan read from its edited table, shown to the user before it is recorded. */
export interface RevisionPreview {
  data: PlanRevised;
  /** The document as the user cited it (empty: the one the table's title names). */
  documentText: string;
  /** What changes, as the pane lists it (amended fields by the table's names for them). */
  added: Array<{ numbering: string; text: string }>;
  amended: Array<{ numbering: string; fields: string[] }>;
  withdrawn: Array<{ numbering: string; text: string }>;
}

/** What one read of the plan's sheet gives: the revision it holds (null: the table matches the plan), and its tracking rows. */
export interface RevisionRead {
  preview: RevisionPreview | null;
  rows: TrackingRow[];
}

/**
 * Reads the plan's table again (one round trip), with the reader and the column meanings the plan
 * was imported with, and compares it with the plan in force, as `cchc import` does with an edited
 * table: rows added are items added, cells edited are amendments, rows deleted are withdrawals.
 * `documentText` cites the document that decided it; without one, the plan the table's title names.
 */
export async function readRevision(host: WorkbookHost, binding: Binding, state: LedgerState, documentText: string): Promise<RevisionRead> {
  const [sheetRead] = await host.read([{ sheet: binding.sheet, text: true, merges: true }]);
  if (!sheetRead) throw new LedgerError('storage', `Không tìm thấy trang tính "${binding.sheet}".`, `Sheet "${binding.sheet}" not found.`);
  const stored = state.plan?.source.columns;
  const columns = stored ? (Object.fromEntries(stored.map((c) => [c.column, c.field === 'none' ? null : c.field])) as ColumnMapping) : undefined;
  const read = readGrid(gridOfRead(sheetRead), { file: sheetRead.sheet, ...(state.plan && { year: state.plan.identity.year }), ...(columns && { columns }) });
  const rows = trackingRowsOf(sheetRead, binding);
  const previous = definitionFromState(state);
  const next = definitionOf(read);
  if (next.items.length === 0) {
    throw new LedgerError(
      'schema',
      `Bảng trên trang "${binding.sheet}" không còn mục theo dõi nào: không ghi thành một lần điều chỉnh rút toàn bộ kế hoạch.`,
      `The table on "${binding.sheet}" holds no item any more: it is not recorded as a revision withdrawing the whole plan.`,
    );
  }
  const document = revisionDocument(documentText, read.identity);
  const data = revisePlan(previous, next, { document: document ?? { kind: 'Văn bản' }, usedIds: previous.usedIds });
  if (!data) return { preview: null, rows };
  if (!document) {
    // A revision with no document would leave auditors without its authority.
    throw new LedgerError(
      'schema',
      'Bảng đã khác kế hoạch trong sổ: hãy nêu văn bản quyết định việc điều chỉnh, bổ sung (ví dụ "Kế hoạch số 150/KH-UBND ngày 15/07/2022").',
      'The table differs from the plan in the ledger: name the document that decided the revision (such as "Kế hoạch số 150/KH-UBND ngày 15/07/2022").',
      { field: 'document' },
    );
  }
  const numbering = (id: string) => state.items[id]?.definition.numbering ?? id;
  return {
    rows,
    preview: {
      data,
      documentText,
      added: data.added.map((i) => ({ numbering: i.numbering, text: i.activity ?? i.text })),
      amended: data.amended.map((a) => ({ numbering: numbering(a.item), fields: (Object.keys(a.set) as Array<keyof ItemPatch>).map((k) => ITEM_FIELD_LABELS_VI[k]) })),
      withdrawn: data.withdrawn.map((w) => ({ numbering: numbering(w.item), text: state.items[w.item]?.definition.text ?? '' })),
    },
  };
}

/** The document that decided the revision: the one cited, else the plan the table's title names, else none. */
function revisionDocument(given: string, identity: { number?: string | undefined; date?: string | undefined }): DocumentRef | null {
  if (given.trim() !== '') return parseDocumentRef(given);
  if (identity.number || identity.date) return { kind: 'Kế hoạch', ...(identity.number && { number: identity.number }), ...(identity.date && { date: identity.date }) };
  return null;
}

/**
 * After a revision is recorded: the binding with each item's row (added items where the table has
 * them, the others where their "Mã" now is; withdrawn ones dropped), and the writes that give the
 * added rows their id, status and drop-down, in one apply.
 */
export function revisedBinding(binding: Binding, state: LedgerState, revision: PlanRevised, rows: readonly TrackingRow[]): { binding: Binding; ops: SheetOp[] } {
  const byRef = new Map<string, number>();
  for (const row of rows) {
    const ref = typeof row.cells.ref === 'string' ? row.cells.ref.trim() : '';
    if (ref !== '' && !byRef.has(ref)) byRef.set(ref, row.row);
  }
  const withdrawn = new Set(revision.withdrawn.map((w) => w.item));
  const itemRows: Record<string, number> = {};
  for (const [id, row] of Object.entries(binding.rows)) if (!withdrawn.has(id)) itemRows[id] = byRef.get(id) ?? row;
  for (const item of revision.added) if (item.sourceRow !== undefined) itemRows[item.id] = item.sourceRow;
  const lastRow = Math.max(binding.firstRow, ...Object.values(itemRows));
  const next: Binding = { ...binding, rows: itemRows, lastRow };
  const addedRows = new Set(revision.added.map((i) => i.sourceRow));
  const touched = rows.filter((r) => addedRows.has(r.row));
  const ops: SheetOp[] = [...syncRowOps(touched, state, next)];
  for (const row of touched) ops.push(...statusListOps(next, row.row, row.row));
  ops.push(...bindingOps(next));
  return { binding: next, ops };
}
