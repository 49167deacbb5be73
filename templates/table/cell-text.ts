import { longCombiningRun } from '../../ledger/stream-safe.ts';

/**
 * Tidies the text of one cell: Unicode NFC, Excel's `_x000D_` escapes and CR line ends gone,
 * spaces collapsed inside each line, blank lines dropped. Line breaks that staff typed are kept.
 * A text with too long a run of combining marks is left unnormalised (NFC would take quadratic
 * time), for the cell check to refuse it naming its cell.
 */
export function tidyCellText(text: string): string {
  if (text === '') return '';
  const lines = (longCombiningRun(text) ? text : text.normalize('NFC'))
    .replace(/_x000D_/gi, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const t = line.replace(/ {2,}/g, ' ').trim();
    if (t !== '') out.push(t);
  }
  return out.join('\n');
}

/** A number as a person would write it in a cell: 1 → "1", 0.30000000000000004 → "0.3". */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}
