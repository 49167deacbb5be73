import { buildPlan } from './build-plan.ts';
import { applyColumnMapping, mappedColumns, type ColumnMapping } from './column-mapping.ts';
import { numberText, tidyCellText } from './cell-text.ts';
import { classifyRows, type RowRecord } from './classify-rows.ts';
import { KEY_FIELD_LABELS_VI } from './fields.ts';
import { columnLetter, GridView, type Grid } from './grid.ts';
import { findHeader, HEADER_SEARCH_ROWS, type HeaderMatch } from './header.ts';
import { guessIdentity, type PlanIdentityGuess } from './identity.ts';
import { TableError, type HeaderCandidate } from './table-error.ts';
import { TableLayout } from './table-layout.ts';
import type { ReadOptions, TableRead } from './table-read.ts';
import { WarningList } from './warnings.ts';

/** Lines of text above the header that can hold the title block. */
const TITLE_BLOCK_LINES = 8;

/**
 * Reads an appendix table from a grid (an .xlsx sheet, tab-separated text, or the add-in's active
 * sheet). Never throws for a grid that has a header; with none, throws TableError `no-header`
 * naming the rows that came closest.
 */
export function readGrid(grid: Grid, options: ReadOptions = {}): TableRead {
  const view = new GridView(tidyGrid(grid));
  const search = findHeader(view, mappedColumns(options.columns));
  if (!search.found) throw noHeaderError(options.file ?? '', grid.sheet, search.candidates);
  return readWithHeader(view, search.found, options);
}

/**
 * A grid as a caller may hand it over (the add-in's `range.values` hold numbers and booleans too):
 * every cell as tidy text, the way the file readers already give it.
 */
function tidyGrid(grid: Grid): Grid {
  const text = (v: unknown): string => {
    if (typeof v === 'string') return tidyCellText(v);
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'; // as Excel shows it
    return v === null || v === undefined ? '' : tidyCellText(String(v));
  };
  const values = grid.values.map((row) => Array.from(row, text));
  return { sheet: String(grid.sheet ?? ''), values, merges: grid.merges ?? [] };
}

/** Finds the header of a grid without reading the rest: for choosing the sheet that holds the table. */
export function headerOf(grid: Grid, columns?: ColumnMapping): { view: GridView; header: HeaderMatch } | { view: GridView; candidates: HeaderCandidate[] } {
  const view = new GridView(grid);
  const search = findHeader(view, mappedColumns(columns));
  return search.found ? { view, header: search.found } : { view, candidates: search.candidates };
}

export function readWithHeader(view: GridView, header: HeaderMatch, options: ReadOptions): TableRead {
  if (options.columns) applyColumnMapping(view, header, options.columns);
  const warnings = new WarningList();
  const layout = new TableLayout(view, header);
  for (const column of header.unmapped) {
    warnings.add(
      'unmapped-column',
      header.rows[0]!,
      `Cột ${column.letter} "${column.header}" không được đọc: tiêu đề không khớp cột nào đã biết (hoặc trùng một cột đã có).`,
      `Column ${column.letter} "${column.header}" is not read: its header names no known column (or one already taken).`,
      column.letter,
    );
  }
  warnUnheadedColumns(layout, header, warnings);
  const identity = guessIdentity(titleBlock(view, header.rows[0]!));
  if (identity.numberLeftBlank) {
    warnings.add(
      'plan-number-blank',
      null,
      `Dòng "${identity.attachedTo}" không ghi số kế hoạch.`,
      `The line "${identity.attachedTo}" leaves the plan number blank.`,
    );
  }
  const { records, repeatedHeaders, continuations } = classifyRows(layout, warnings);
  const { year, source } = planYear(options, identity, records, layout, warnings);
  const period = identity.period ?? null;
  const sections = buildPlan(records, {
    layout,
    warnings,
    planYear: year,
    ...(period ? { planPeriod: period } : {}),
    ...(options.holidays ? { holidays: options.holidays } : {}),
  });
  const tasks = sections.reduce((n, s) => n + s.tasks.length, 0);
  const items = sections.reduce((n, s) => n + s.tasks.reduce((m, t) => m + t.items.length, 0), 0);
  if (items === 0) {
    warnings.add(
      'no-items',
      header.rows[header.rows.length - 1]!,
      `Bảng có hàng tiêu đề (hàng ${header.rows.join('–')}) nhưng chưa có nhiệm vụ nào bên dưới.`,
      `The table has a header (row ${header.rows.join('–')}) but no task under it.`,
    );
  }
  return {
    file: options.file ?? '',
    sheet: view.grid.sheet === '' ? null : view.grid.sheet,
    identity,
    year,
    yearSource: source,
    period,
    header: { rows: header.rows, columns: header.columns, unmapped: header.unmapped },
    sections,
    counts: { sections: sections.length, tasks, items, repeatedHeaders, continuations },
    warnings: warnings.sorted(),
  };
}

/**
 * A column with text under the header but no header of its own is not read; it is named in a
 * warning so that no column of text is dropped silently (a first column of section titles is read).
 */
function warnUnheadedColumns(layout: TableLayout, header: HeaderMatch, warnings: WarningList): void {
  const headed = new Set(header.columns.map((c) => c.col));
  const { view } = layout;
  for (let c = 1; c <= view.columnCount; c++) {
    if (headed.has(c) || c === layout.sectionCol) continue;
    let cells = 0;
    let first = 0;
    for (let r = layout.dataStart; r <= view.rowCount; r++) {
      if (view.ownText(r, c) === '') continue;
      cells++;
      if (first === 0) first = r;
    }
    if (cells === 0) continue;
    const letter = columnLetter(c);
    warnings.add(
      'unmapped-column',
      first,
      `Cột ${letter} có chữ ở ${cells} ô (từ hàng ${first}) nhưng không có tiêu đề: không được đọc. Đặt tiêu đề cho cột hoặc chỉ định bằng --columns "${letter}=...".`,
      `Column ${letter} holds text in ${cells} cells (from row ${first}) but has no header: not read. Give it a header, or map it with --columns "${letter}=...".`,
      letter,
    );
  }
}

/** The texts of the rows just above the header, one line per row (prose before a text table included). */
function titleBlock(view: GridView, headerRow: number): string[] {
  const lines: string[] = [];
  for (let r = headerRow - 1; r >= 1 && lines.length < TITLE_BLOCK_LINES; r--) {
    const parts: string[] = [];
    for (let c = 1; c <= view.columnCount; c++) {
      const t = view.ownText(r, c);
      if (t !== '') parts.push(t);
    }
    if (parts.length > 0) lines.unshift(parts.join(' '));
  }
  return lines;
}

function planYear(
  options: ReadOptions,
  identity: PlanIdentityGuess,
  records: RowRecord[],
  layout: TableLayout,
  warnings: WarningList,
): { year: number | null; source: TableRead['yearSource'] } {
  if (options.year !== undefined) {
    if (identity.year !== undefined && identity.year !== options.year) {
      warnings.add(
        'year-differs',
        null,
        `Năm kế hoạch được chỉ định là ${options.year}, khác năm ${identity.year} trong tiêu đề; dùng ${options.year}.`,
        `The plan year given is ${options.year}, not ${identity.year} as in the title; using ${options.year}.`,
      );
    }
    return { year: options.year, source: 'option' };
  }
  if (identity.year !== undefined) return { year: identity.year, source: 'title' };
  // No title year: the year most timelines name ("Quý II/2021", "Trong năm 2021") is the plan's.
  const counts = new Map<number, number>();
  for (const rec of records) {
    if (rec.kind === 'section') continue;
    for (const m of layout.text(rec.row, layout.fields.timeline).matchAll(/(?<!\d)((?:19|20|21)\d{2})(?!\d)/g)) {
      const y = Number(m[1]);
      counts.set(y, (counts.get(y) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  if (best) {
    warnings.add(
      'year-guessed',
      null,
      `Không thấy năm kế hoạch trong tiêu đề; lấy năm ${best[0]}, năm được nêu nhiều nhất trong cột thời gian (dùng --year để chỉ định).`,
      `No plan year in the title; using ${best[0]}, the year the timelines name most (give --year to set it).`,
    );
    return { year: best[0], source: 'timelines' };
  }
  warnings.add(
    'no-year',
    null,
    'Không xác định được năm kế hoạch: các thời hạn không ghi năm (như "Quý II") chưa có ngày cụ thể. Dùng --year để chỉ định.',
    'The plan year is unknown: timelines without a year (such as "Quý II") get no date. Give --year to set it.',
  );
  return { year: null, source: null };
}

export function noHeaderError(file: string, sheet: string, candidates: HeaderCandidate[]): TableError {
  const where = [file, sheet && `sheet "${sheet}"`].filter(Boolean).join(', ');
  const needVi = `cần cột ${KEY_FIELD_LABELS_VI.task} và ít nhất hai trong các cột ${KEY_FIELD_LABELS_VI.number}, ${KEY_FIELD_LABELS_VI.output}, ${KEY_FIELD_LABELS_VI.timeline}, ${KEY_FIELD_LABELS_VI.lead}`;
  const needEn = 'it needs the task column and at least two of STT, output, timeline, lead';
  const closestVi = candidates.map(
    (c) =>
      `${c.sheet ? `sheet "${c.sheet}" ` : ''}hàng ${c.row} khớp ${c.matched.length}/5 cột chính${c.matched.length ? ` (${c.matched.join(', ')})` : ''}, thiếu ${c.missing.join(', ')}`,
  );
  const closestEn = candidates.map(
    (c) =>
      `${c.sheet ? `sheet "${c.sheet}" ` : ''}row ${c.row} matched ${c.matched.length} of the 5 key columns${c.matched.length ? ` (${c.matched.join(', ')})` : ''}; missing: ${c.missing.join(', ')}`,
  );
  return new TableError(
    'no-header',
    `Không tìm thấy hàng tiêu đề của bảng phụ lục trong ${HEADER_SEARCH_ROWS} hàng đầu${where ? ` (${where})` : ''}: ${needVi}. ` +
      (closestVi.length ? `Gần nhất: ${closestVi.join('; ')}.` : 'Không hàng nào có tiêu đề cột quen thuộc.'),
    `No appendix header found in the first ${HEADER_SEARCH_ROWS} rows${where ? ` (${where})` : ''}: ${needEn}. ` +
      (closestEn.length ? `Closest: ${closestEn.join('; ')}.` : 'No row has familiar column headers.'),
    { file, ...(sheet ? { sheet } : {}), ...(candidates[0] ? { row: candidates[0].row } : {}), candidates },
  );
}
