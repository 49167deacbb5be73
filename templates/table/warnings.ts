/** Something the reader noticed and decided about; the table is still read. */
export type TableWarningCode =
  | 'repeated-header' // a header row repeated at a page break: skipped
  | 'column-number-row' // "(1) (2) (3)": skipped
  | 'unmapped-column' // a column whose header names nothing the reader knows: not read
  | 'continuation-joined' // a row split by a page break: its text joined to the cells above
  | 'sub-row-after-header' // a row right after a repeated header kept as a sub-row of its own
  | 'section-numeral-unexpected' // "VI" where IV was due: kept as printed
  | 'section-numeral-repeated' // the same numeral twice: kept as printed
  | 'section-area-unknown' // a section title that names no known reform area
  | 'stt-gap' // STT skips numbers: kept as printed
  | 'stt-repeated' // STT repeats or goes back: kept as printed
  | 'task-without-section' // tasks above the first section row
  | 'task-without-number' // a row with empty STT and no task above it: read as a task
  | 'task-without-text' // a task row with no task text
  | 'item-incomplete' // an item with no output, timeline or lead
  | 'cell-error' // #N/A, #REF! ... read as empty
  | 'formula-without-result' // a formula the file holds no computed value for: read as empty
  | 'hidden-rows' // rows hidden by hand or by a filter: read like the others
  | 'status-unreadable' // a tracking status that is none of the statuses
  | 'date-unreadable' // a completion date that is not a date
  | 'ref-duplicate' // the Mã column names the same id twice: the second gets a new one
  | 'no-items' // a header but nothing under it
  | 'year-guessed' // the plan year taken from the timelines, not the title
  | 'year-differs' // --year differs from the year in the title
  | 'no-year' // no plan year: deadlines without a year stay open
  | 'plan-number-blank'; // "Kế hoạch số: /KH-..." printed without the number

export interface TableWarning {
  code: TableWarningCode;
  row: number | null;
  column?: string; // the column letter
  message_vi: string;
  message_en: string;
}

export class WarningList {
  readonly list: TableWarning[] = [];

  add(code: TableWarningCode, row: number | null, vi: string, en: string, column?: string): void {
    const w: TableWarning = { code, row, message_vi: vi, message_en: en };
    if (column !== undefined) w.column = column;
    this.list.push(w);
  }

  /** Warnings in row order (table-wide ones, without a row, first). */
  sorted(): TableWarning[] {
    return [...this.list].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}
