import { PAYLOAD_BUDGET, type CellValue, type SheetOp } from './host.ts';

// Each written cell also sends its number format ("@" or "General") and JSON punctuation.
const CELL_OVERHEAD = 16;
const OP_OVERHEAD = 200;

function cellBytes(value: CellValue): number {
  // 3 bytes per character: the UTF-8 worst case for Vietnamese text.
  return (typeof value === 'string' ? value.length * 3 : 24) + CELL_OVERHEAD;
}

function rowBytes(row: readonly CellValue[]): number {
  let n = 0;
  for (const v of row) n += cellBytes(v);
  return n;
}

/** Estimated request bytes of one operation. */
export function opBytes(op: SheetOp): number {
  if (op.op === 'write') return OP_OVERHEAD + op.values.reduce((n, row) => n + rowBytes(row), 0);
  if (op.op === 'listValidation') return OP_OVERHEAD + op.choices.join(',').length * 3 + (op.title.length + op.message.length) * 3;
  return OP_OVERHEAD;
}

/**
 * Splits operations into batches, each under `budget` estimated bytes, keeping their order; a write
 * too large for one batch is cut into blocks of whole rows. One batch is one round trip to Excel.
 */
export function batchesFor(ops: readonly SheetOp[], budget = PAYLOAD_BUDGET): SheetOp[][] {
  const batches: SheetOp[][] = [];
  let current: SheetOp[] = [];
  let size = 0;
  const push = (op: SheetOp, bytes: number) => {
    if (size + bytes > budget && current.length > 0) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(op);
    size += bytes;
  };
  for (const op of ops) {
    const bytes = opBytes(op);
    if (op.op !== 'write' || bytes <= budget) {
      push(op, bytes);
      continue;
    }
    let start = 0;
    while (start < op.values.length) {
      let end = start;
      let block = OP_OVERHEAD;
      // Fill what is left of the current batch; an empty batch takes at least one row.
      const room = current.length > 0 ? budget - size : budget;
      while (end < op.values.length && (end === start || block + rowBytes(op.values[end]!) <= room)) {
        block += rowBytes(op.values[end]!);
        end++;
      }
      if (block > room && current.length > 0) {
        batches.push(current);
        current = [];
        size = 0;
        continue;
      }
      push({ ...op, row: op.row + start, values: op.values.slice(start, end) }, block);
      start = end;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
