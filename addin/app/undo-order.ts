import type { SheetOp } from '../excel/host.ts';
import type { Binding } from './binding.ts';

/**
 * Ctrl+Z takes back the workbook's last write first. A recording's closing write holds the very
 * hidden ledger sheet's rows, then the plan's rows tidied; when the rows need no tidying, the
 * ledger sheet's would be the last, and Ctrl+Z (where Excel undoes each range written on its own)
 * would first remove entries from a sheet nobody sees. So that write always ends on the plan's
 * sheet: when `ops` has none there, the recorded row's "Mã" cell is written again with its own
 * value (nothing visible changes). `recorded` is the row (1-based) and item of the last entry
 * recorded, or null when nothing was recorded.
 */
export function endOnPlanSheet(ops: readonly SheetOp[], binding: Binding, recorded: { row: number; item: string } | null): SheetOp[] {
  if (!recorded || ops.some((op) => op.op === 'write' && op.sheet === binding.sheet)) return [...ops];
  return [...ops, { op: 'write', sheet: binding.sheet, row: recorded.row - 1, col: binding.columns.ref - 1, values: [[recorded.item]] }];
}
