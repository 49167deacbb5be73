import * as z from 'zod';
import { splitChunks } from '../../ledger/stores/sheet-rows.ts';
import type { SheetOp, WorkbookHost } from '../excel/host.ts';
import { TRACKING_FIELDS } from './tracking-columns.ts';

/** The very hidden sheet where the workbook remembers how the plan's table is bound to the ledger. */
export const BINDING_SHEET = '_cchc_binding';
const BINDING_FORMAT = 'cchc-binding';
const BINDING_VERSION = 1;

const Column = z.number().int().positive();

export const Binding = z.strictObject({
  /** The sheet holding the plan's table, by its name when last seen. */
  sheet: z.string().min(1),
  /** Excel's id of that sheet: renaming or moving the sheet keeps it (absent in bindings made before it was kept). */
  sheetId: z.string().min(1).optional(),
  /** Header rows (1-based), and the table's rows below them. */
  headerRows: z.array(z.number().int().positive()).min(1),
  firstRow: z.number().int().positive(),
  lastRow: z.number().int().positive(),
  /** The tracking columns (1-based). */
  columns: z.strictObject(Object.fromEntries(TRACKING_FIELDS.map((f) => [f, Column])) as Record<(typeof TRACKING_FIELDS)[number], typeof Column>),
  /** Each item's row when bound; the "Mã" column says it again on each row, and wins if a row moved. */
  rows: z.record(z.string(), z.number().int().positive()),
  /** The hash of the ledger's first event: which ledger this table belongs to. */
  ledger: z.string().regex(/^[0-9a-f]{64}$/),
  /** The sheets the add-in made (progress, audit trail, snapshots), by id: the only ones it may rewrite. */
  madeSheets: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1) })).optional(),
});
export type Binding = z.infer<typeof Binding>;

/** Writes the binding: row 1 a header, row 2 its JSON cut into cells. */
export function bindingOps(binding: Binding): SheetOp[] {
  return [
    { op: 'ensureSheet', sheet: BINDING_SHEET, visibility: 'veryHidden' },
    { op: 'clearSheet', sheet: BINDING_SHEET },
    { op: 'write', sheet: BINDING_SHEET, row: 0, col: 0, values: [[BINDING_FORMAT, BINDING_VERSION], splitChunks(JSON.stringify(binding))] },
  ];
}

export type BindingRead = { binding: Binding } | { binding: null; problem: string | null };

/** The workbook's binding; null without a problem when the workbook was never bound. */
export async function readBinding(host: WorkbookHost): Promise<BindingRead> {
  const [read] = await host.read([{ sheet: BINDING_SHEET }]);
  if (!read || read.values.length === 0) return { binding: null, problem: null };
  const offset = read.rect.row;
  const header = offset === 0 ? read.values[0] : undefined;
  if (header?.[0] !== BINDING_FORMAT || header[1] !== BINDING_VERSION) {
    return { binding: null, problem: `Trang ${BINDING_SHEET}: ô A1 phải là "${BINDING_FORMAT}", B1 là ${BINDING_VERSION}.` };
  }
  const json = (read.values[1] ?? []).map((v) => (typeof v === 'string' ? v : '')).join('');
  try {
    const parsed = Binding.safeParse(JSON.parse(json));
    if (parsed.success) return { binding: parsed.data };
    return { binding: null, problem: `Trang ${BINDING_SHEET}: ${parsed.error.issues[0]?.message ?? 'nội dung không hợp lệ'}.` };
  } catch {
    return { binding: null, problem: `Trang ${BINDING_SHEET}: dòng 2 không phải JSON.` };
  }
}
