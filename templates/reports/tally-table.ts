import type { Worksheet } from 'exceljs';
import { completionOf, completionTextVi, parLevelOf, percentTextVi, type CountedUnit } from './completion-rate.ts';
import type { ParLevels } from './report-config.ts';
import { fitRow, heightOfLines, linesOf } from './row-height.ts';
import type { Tally } from './tally.ts';
import {
  BODY_FONT,
  GRID,
  INTEGER_FORMAT,
  PLAN_HEADER_FILL,
  SECTION_FILL,
  TRACKING_HEADER_FILL,
  WRAP_TOP,
  WRAP_TOP_CENTER,
  font,
  headerStyle,
  sharedStyle,
} from './styles.ts';

export interface TallyRow {
  label: string;
  tally: Tally;
  /** A total row: bold, and not numbered. */
  total?: boolean;
  /** What the STT column says instead of the running number ("I" for a group's row). */
  numbering?: string;
}

export const COUNT_COLUMNS: Array<{ key: keyof Tally; header: string }> = [
  { key: 'total', header: 'Tổng số' },
  { key: 'done_on_time', header: 'Hoàn thành đúng hạn' },
  { key: 'done_late', header: 'Hoàn thành quá hạn' },
  { key: 'open_in_time', header: 'Chưa hoàn thành, trong hạn' },
  { key: 'open_overdue', header: 'Chưa hoàn thành, quá hạn' },
  { key: 'waiting', header: 'Chưa có thời hạn (chờ điều kiện)' },
  { key: 'withdrawn', header: 'Đã rút khỏi kế hoạch' },
  { key: 'completedInPeriod', header: 'Hoàn thành trong kỳ' },
];

/** Columns of a tally table, for readers of the sheet (tests, the add-in). */
export const TALLY_TABLE_COLUMNS = {
  number: 1,
  label: 2,
  ...Object.fromEntries(COUNT_COLUMNS.map((c, i) => [c.key, i + 3])),
  rate: COUNT_COLUMNS.length + 3,
  text: COUNT_COLUMNS.length + 4,
  par: COUNT_COLUMNS.length + 5,
} as Record<keyof Tally | 'number' | 'label' | 'rate' | 'text' | 'par', number>;

export const tallyTableWidth = (withPar: boolean): number => COUNT_COLUMNS.length + (withPar ? 5 : 4);

/** Column widths of a tally table: one landscape page wide at 100 % (PAGE_WIDTH_UNITS), with the PAR column too. */
export function tallyTableWidths(withPar: boolean): number[] {
  return [5, withPar ? 20 : 28, ...COUNT_COLUMNS.map(() => 8), 9, withPar ? 15 : 20, ...(withPar ? [13] : [])];
}

/**
 * A table of counts: one row per area or agency, the two-by-two plus waiting and withdrawn, the
 * completion rate (as Vietnamese text) and in words, and the PAR level when asked for.
 * Returns the last row written.
 */
export function writeTallyTable(
  sheet: Worksheet,
  top: number,
  labelHeader: string,
  rows: readonly TallyRow[],
  par: ParLevels | null,
  unit: CountedUnit,
): number {
  const headers = [
    'STT',
    labelHeader,
    ...COUNT_COLUMNS.map((c) => (c.key === 'total' ? `Tổng số ${unit}` : c.header)),
    'Tỷ lệ hoàn thành',
    'Kết quả',
    ...(par ? ['Mức độ hoàn thành (Chỉ số PAR)'] : []),
  ];
  const widths = tallyTableWidths(par !== null);
  headers.forEach((h, i) => {
    const cell = sheet.getCell(top, i + 1);
    cell.value = h;
    cell.style = headerStyle(i >= 2 && i < 2 + COUNT_COLUMNS.length ? PLAN_HEADER_FILL : TRACKING_HEADER_FILL);
  });
  sheet.getRow(top).height = heightOfLines(Math.max(...headers.map((h, i) => linesOf(h, widths[i]!, 12, true))));

  // One shared style per column and row kind, looked up once, not per cell (sharedStyle serialises its argument).
  const styleOf = (total: boolean) =>
    headers.map((_, c) =>
      sharedStyle({
        font: total ? font(12, { bold: true }) : BODY_FONT,
        border: GRID,
        alignment: c === 1 || c + 1 === TALLY_TABLE_COLUMNS.text ? WRAP_TOP : WRAP_TOP_CENTER,
        ...(c >= 2 && c < 2 + COUNT_COLUMNS.length && { numFmt: INTEGER_FORMAT }),
        ...(total && { fill: SECTION_FILL }),
      }),
    );
  const styles = { body: styleOf(false), total: styleOf(true) };
  let number = 0;
  rows.forEach((r, i) => {
    const row = sheet.getRow(top + 1 + i);
    const completion = completionOf(r.tally);
    const level = par ? parLevelOf(completion, par) : null;
    const values = [
      r.numbering ?? (r.total ? null : ++number),
      r.label,
      ...COUNT_COLUMNS.map((c) => r.tally[c.key]),
      // Text, not a number formatted 0.00%: Excel would print that with the machine's decimal mark (75.00%).
      percentTextVi(completion),
      completionTextVi(completion, unit),
      ...(par ? [level ? level.label : null] : []),
    ];
    const rowStyles = r.total ? styles.total : styles.body;
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.style = rowStyles[c]!;
    });
    fitRow(row, values.map((v, c) => ({ text: typeof v === 'string' ? v : null, width: widths[c] ?? 10 })));
    row.commit();
  });
  return top + rows.length;
}
