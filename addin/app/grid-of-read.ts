import { formatVietnameseDate } from '../../ledger/dates.ts';
import { numberText } from '../../templates/table/cell-text.ts';
import type { Grid } from '../../templates/table/grid.ts';
import type { CellValue, SheetRead } from '../excel/host.ts';
import { isDateFormat, isoDateOfSerial } from '../excel/serial-date.ts';

/**
 * The table reader's Grid of a sheet read through the host (values, displayed text, merges): the
 * same input `cchc inspect` builds from a file, so the add-in understands the table the same way.
 */
export function gridOfRead(read: SheetRead): Grid {
  const values: string[][] = Array.from({ length: read.rect.row }, () => []);
  for (let r = 0; r < read.rect.rows; r++) {
    const row: string[] = Array.from({ length: read.rect.col }, () => '');
    for (let c = 0; c < read.rect.cols; c++) {
      row.push(cellText(read.values[r]?.[c] ?? null, read.text?.[r]?.[c], read.numberFormat?.[r]?.[c]));
    }
    values.push(row);
  }
  const merges = (read.merges ?? []).map((m) => ({ top: m.row + 1, left: m.col + 1, bottom: m.row + m.rows, right: m.col + m.cols }));
  return { sheet: read.sheet, values, merges };
}

/** What a person reads in a cell: text as is; a number as displayed, unless the column is too narrow ("####"). */
export function cellText(value: CellValue, text: string | undefined, format: string | undefined): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (text !== undefined && text !== '' && !/^#+$/.test(text)) return text;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (format && isDateFormat(format)) {
    const iso = isoDateOfSerial(value);
    if (iso) return formatVietnameseDate(iso);
  }
  return numberText(value);
}
