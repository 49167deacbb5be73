import { textUnderGroups } from '../../ledger/group-path.ts';
import type { Alignment, CellValue, DataValidation, Style, Worksheet } from 'exceljs';
import { columnLetter } from '../../ledger/column-letter.ts';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { Item, Section } from '../../ledger/plan.ts';
import { ASSESSMENT_LABELS_VI, type Assessment, type ItemState, type LedgerState } from '../../ledger/state.ts';
import { Status, STATUS_LABELS_VI } from '../../ledger/status.ts';
import { formatDocumentRef } from '../evidence/parse-document-ref.ts';
import { citePlan, excelDate, vietnamTimeText } from './cell-values.ts';
import { countedUnitOf, type CountedUnit } from './completion-rate.ts';
import { fitRow, heightOfLines, linesOf, widthOf } from './row-height.ts';
import type { SheetBook } from './sheet-book.ts';
import { headerRowBelow, writeTitleLines } from './sheet-title.ts';
import {
  ASSESSMENT_COLOURS,
  DATE_FORMAT,
  GRID,
  PLAN_HEADER_FILL,
  SECTION_FILL,
  SECTION_FONT,
  TRACKING_HEADER_FILL,
  WRAP_TOP,
  WRAP_TOP_CENTER,
  bodyStyle,
  headerStyle,
  setUpPrinting,
  tableLayout,
  widerThanPage,
  styleRow,
} from './styles.ts';

export const PROGRESS_SHEET_NAME = 'Theo dõi tiến độ';

interface Column {
  key: string;
  header: string;
  width: number;
  tracking: boolean;
  value: (item: ItemState) => CellValue;
  alignment?: Partial<Alignment>;
  numFmt?: string;
}

/** A column with the one shared style of its body cells. */
type StyledColumn = Column & { style: Partial<Style> };

const text = (s: string | undefined): string | null => (s && s.trim() ? s : null);

/** The plan's own columns, in the usual order; optional ones only when some item fills them. */
function planColumns(items: readonly ItemState[]): Column[] {
  const has = (field: keyof Item) => items.some((i) => text(i.definition[field] as string | undefined));
  const columns: Column[] = [
    { key: 'numbering', header: 'STT', width: 5, tracking: false, value: () => null, alignment: WRAP_TOP_CENTER },
  ];
  if (has('objective')) columns.push({ key: 'objective', header: 'Mục tiêu', width: 20, tracking: false, value: (i) => text(i.definition.objective) });
  const activity = has('activity');
  columns.push({ key: 'text', header: activity ? 'Nhiệm vụ' : 'Nội dung', width: activity ? 26 : 36, tracking: false, value: (i) => textUnderGroups(i.definition) });
  if (activity) columns.push({ key: 'activity', header: 'Hoạt động', width: 24, tracking: false, value: (i) => text(i.definition.activity) });
  columns.push(
    { key: 'output', header: 'Kết quả', width: 16, tracking: false, value: (i) => text(i.definition.output) },
    { key: 'timeline', header: 'Thời gian thực hiện', width: 13, tracking: false, value: (i) => text(i.definition.timeline.raw), alignment: WRAP_TOP_CENTER },
    { key: 'lead', header: 'Cơ quan chủ trì', width: 15, tracking: false, value: (i) => text(i.definition.leadText) },
    { key: 'coordinating', header: 'Cơ quan phối hợp', width: 15, tracking: false, value: (i) => text(i.definition.coordinatingText) },
  );
  if (has('monitoring')) columns.push({ key: 'monitoring', header: 'Theo dõi, kiểm tra, đôn đốc', width: 14, tracking: false, value: (i) => text(i.definition.monitoring) });
  if (has('budget')) columns.push({ key: 'budget', header: 'Kinh phí', width: 10, tracking: false, value: (i) => text(i.definition.budget) });
  if (has('note')) columns.push({ key: 'note', header: 'Ghi chú', width: 10, tracking: false, value: (i) => text(i.definition.note) });
  return columns;
}

function latestNote(item: ItemState): string | null {
  const note = item.notes.at(-1);
  if (!note) return null;
  const percent = note.percent !== undefined ? ` (${String(note.percent).replace('.', ',')}%)` : '';
  return `${formatVietnameseDate(note.effective)}: ${note.note}${percent}`;
}

function evidenceText(item: ItemState): string | null {
  return item.evidence.length ? item.evidence.map((e) => formatDocumentRef(e.document)).join(';\n') : null;
}

/** What this product adds to the plan's table: status, evidence and the assessment at the date. */
function trackingColumns(validAtText: string, unit: CountedUnit): Column[] {
  return [
    { key: 'status', header: 'Trạng thái', width: 12, tracking: true, value: (i) => STATUS_LABELS_VI[i.status], alignment: WRAP_TOP_CENTER },
    {
      key: 'completedOn',
      header: 'Ngày hoàn thành',
      width: 11,
      tracking: true,
      value: (i) => (i.completedOn ? excelDate(i.completedOn) : null),
      numFmt: DATE_FORMAT,
      alignment: WRAP_TOP_CENTER,
    },
    { key: 'evidence', header: 'Tài liệu kiểm chứng', width: 22, tracking: true, value: evidenceText },
    { key: 'latestNote', header: 'Ghi nhận mới nhất', width: 20, tracking: true, value: latestNote },
    {
      key: 'due',
      header: 'Hạn hoàn thành',
      width: 11,
      tracking: true,
      value: (i) => (i.due ? excelDate(i.due) : null),
      numFmt: DATE_FORMAT,
      alignment: WRAP_TOP_CENTER,
    },
    {
      key: 'assessment',
      header: `Đánh giá đến ngày ${validAtText}`,
      width: 15,
      tracking: true,
      value: (i) => ASSESSMENT_LABELS_VI[i.assessment],
      alignment: WRAP_TOP_CENTER,
    },
    {
      key: 'daysOverdue',
      header: 'Số ngày quá hạn',
      width: 8,
      tracking: true,
      value: (i) => (i.daysOverdue > 0 ? i.daysOverdue : null),
      alignment: WRAP_TOP_CENTER,
    },
    { key: 'id', header: `Mã ${unit}`, width: 9, tracking: true, value: (i) => i.definition.id, alignment: WRAP_TOP_CENTER },
  ];
}

/** Sections in the plan's order, each with its items in the plan's order (revision items under their section). */
function groupBySection(state: LedgerState): Array<{ section: Section | null; items: ItemState[] }> {
  const bySection = new Map<string, ItemState[]>();
  for (const id of state.itemOrder) {
    const item = state.items[id];
    if (!item) continue;
    const list = bySection.get(item.definition.section) ?? [];
    list.push(item);
    bySection.set(item.definition.section, list);
  }
  const groups: Array<{ section: Section | null; items: ItemState[] }> = [];
  for (const section of state.sections) {
    const items = bySection.get(section.id);
    if (!items) continue;
    bySection.delete(section.id);
    groups.push({ section, items });
  }
  for (const items of bySection.values()) groups.push({ section: null, items });
  return groups;
}

export interface ProgressSheetOptions {
  /** Sheet name; "Theo dõi tiến độ" by default. */
  name?: string;
}

/** Where things landed, for tests and for the add-in (which maps rows back to items). */
export interface ProgressSheetLayout {
  sheet: Worksheet;
  headerRow: number;
  /** Column index (1-based) by key: numbering, text, status, assessment, id ... */
  columns: Record<string, number>;
  /** Sheet row of each item. */
  rowOfItem: Record<string, number>;
}

/**
 * The progress sheet ("Theo dõi tiến độ") of a state: the plan's own table (sections, numbering and
 * wording as printed) with the status, completion date, evidence, latest note, due date and
 * assessment at the state's `validAt`. Colours come from conditional formatting on the assessment,
 * and the status column offers the four statuses as a drop-down.
 */
export function addProgressSheet(workbook: SheetBook, state: LedgerState, options: ProgressSheetOptions = {}): ProgressSheetLayout {
  const allItems = state.itemOrder.flatMap((id) => (state.items[id] ? [state.items[id]] : []));
  const validAtText = formatVietnameseDate(state.validAt);
  const columns: StyledColumn[] = [...planColumns(allItems), ...trackingColumns(validAtText, countedUnitOf(state))].map((c) => ({
    ...c,
    style: bodyStyle(c.alignment ?? WRAP_TOP, c.numFmt ? { numFmt: c.numFmt } : {}),
  }));
  const width = columns.length;
  const col: Record<string, number> = Object.fromEntries(columns.map((c, i) => [c.key, i + 1]));
  const title = [
    { text: state.plan ? state.plan.identity.title.toLocaleUpperCase('vi') : 'SỔ THEO DÕI CHƯA CÓ KẾ HOẠCH', size: 14, bold: true },
    ...(state.plan ? [{ text: `(${citePlan(state.plan.identity)})`, italic: true }] : []),
    { text: `Tình hình thực hiện đến ngày ${validAtText}`, size: 13, bold: true },
    { text: `(Số liệu ghi nhận đến ${vietnamTimeText(state.knownAt)}, giờ Việt Nam)`, italic: true },
  ];
  const headerRow = headerRowBelow(title);
  const sheet = workbook.addWorksheet(options.name ?? PROGRESS_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: col['text']!, ySplit: headerRow, topLeftCell: `${columnLetter(col['text']! + 1)}${headerRow + 1}` }],
  });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: width } };
  setUpPrinting(sheet, tableLayout(sheet, headerRow, col['text']!));
  writeTitleLines(sheet, title, width, col['text']!);
  columns.forEach((c, i) => {
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = c.header;
    cell.style = headerStyle(c.tracking ? TRACKING_HEADER_FILL : PLAN_HEADER_FILL);
  });
  sheet.getRow(headerRow).height = 48;

  const taskNumbering = new Map(state.tasks.map((t) => [t.id, t.numbering]));
  // Columns a task's sub-rows share, merged over them as in the plan.
  const merged = ['numbering', 'objective', 'text'].flatMap((key) => (col[key] ? [col[key]] : []));
  const rowOfItem: Record<string, number> = {};
  const titleTo = widerThanPage(sheet) ? col['text']! : width;
  const statusDropDown = statusValidation();
  let row = headerRow + 1;
  for (const group of groupBySection(state)) {
    if (group.section) row = writeSectionRow(sheet, row, group.section, width, titleTo);
    let i = 0;
    while (i < group.items.length) {
      // A task's sub-rows follow it: its number and text are merged over them, as in the plan
      // (declared before its rows are written: a streaming sheet merges only open rows).
      const task = group.items[i]!.definition.task;
      let end = i;
      while (end + 1 < group.items.length && group.items[end + 1]!.definition.task === task) end++;
      const first = row;
      const last = first + end - i;
      if (end > i) for (const c of merged) sheet.mergeCells(first, c, last, c);
      for (let k = i; k <= end; k++) {
        const item = group.items[k]!;
        // The STT as printed: the task's own numbering, which may repeat or skip as the plan did.
        const numbering = k === i ? (taskNumbering.get(task) ?? item.definition.numbering) : null;
        writeItemRow(sheet, row, item, columns, numbering, end > i ? merged : [], k > i);
        sheet.getCell(row, col['status']!).dataValidation = statusDropDown;
        rowOfItem[item.definition.id] = row;
        row++;
      }
      if (end > i) growToFitMerged(sheet, first, last, merged, columns);
      sheet.getRow(last).commit();
      i = end + 1;
    }
  }
  const lastRow = row - 1;
  if (lastRow > headerRow) addAssessmentColours(sheet, col['assessment']!, headerRow + 1, lastRow);
  return { sheet, headerRow, columns: col, rowOfItem };
}

/**
 * A section's row: its numeral, then its title merged up to `titleTo`, the whole row shaded. A table
 * wider than a page keeps the title within its repeated columns, so that every page across shows
 * it whole.
 */
function writeSectionRow(sheet: Worksheet, row: number, section: Section, width: number, titleTo: number): number {
  sheet.getCell(row, 1).value = section.numeral;
  if (titleTo > 2) sheet.mergeCells(row, 2, row, titleTo);
  sheet.getCell(row, 2).value = section.title;
  styleRow(sheet, row, 2, width, { font: SECTION_FONT, fill: SECTION_FILL, border: GRID, alignment: WRAP_TOP });
  styleRow(sheet, row, 1, 1, { font: SECTION_FONT, fill: SECTION_FILL, border: GRID, alignment: WRAP_TOP_CENTER });
  fitRow(sheet.getRow(row), [{ text: section.title, width: widthOf(sheet, 2, titleTo), bold: true }]);
  return row + 1;
}

/** An item's row; on a task's sub-row (`underMerge`), the merged columns keep their style and leave the value to the first row. */
function writeItemRow(
  sheet: Worksheet,
  row: number,
  item: ItemState,
  columns: readonly StyledColumn[],
  numbering: string | null,
  mergedColumns: readonly number[],
  underMerge: boolean,
): void {
  const texts: Array<{ text: string | null; width: number }> = [];
  columns.forEach((c, i) => {
    const cell = sheet.getCell(row, i + 1);
    const value = c.key === 'numbering' ? numbering : c.value(item);
    // A merged cell's value is its first cell's: setting it on a lower one would overwrite that.
    if (!(underMerge && mergedColumns.includes(i + 1))) cell.value = value;
    cell.style = c.style;
    if (typeof value === 'string' && !mergedColumns.includes(i + 1)) texts.push({ text: value, width: c.width });
  });
  fitRow(sheet.getRow(row), texts);
}

/** A merged task text taller than its sub-rows together: the first sub-row takes the difference. */
function growToFitMerged(sheet: Worksheet, first: number, last: number, mergedColumns: readonly number[], columns: readonly Column[]): void {
  let needed = 0;
  for (const c of mergedColumns) {
    const value = sheet.getCell(first, c).value;
    if (typeof value === 'string') needed = Math.max(needed, heightOfLines(linesOf(value, columns[c - 1]!.width)));
  }
  let total = 0;
  for (let r = first; r <= last; r++) total += sheet.getRow(r).height ?? heightOfLines(1);
  if (needed > total) sheet.getRow(first).height = (sheet.getRow(first).height ?? heightOfLines(1)) + needed - total;
}

/** The four statuses as a drop-down, for the status cell of every item row. */
function statusValidation(): DataValidation {
  const list = `"${Status.options.map((s) => STATUS_LABELS_VI[s]).join(',')}"`;
  return {
    type: 'list',
    allowBlank: false,
    formulae: [list],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Trạng thái không hợp lệ',
    error: 'Chọn một trong các trạng thái: Chưa thực hiện, Đang thực hiện, Hoàn thành, Tạm dừng.',
  };
}

/** One rule per assessment on the assessment column, so a corrected value recolours itself. */
export function addAssessmentColours(sheet: Worksheet, column: number, fromRow: number, toRow: number): void {
  // Addresses from the column's letter: on a streaming sheet the rows are written out by now.
  const letter = sheet.getColumn(column).letter;
  const first = `${letter}${fromRow}`;
  const last = `${letter}${toRow}`;
  const anchor = first.replace(/^([A-Z]+)/, '$$$1');
  sheet.addConditionalFormatting({
    ref: `${first}:${last}`,
    rules: (Object.keys(ASSESSMENT_LABELS_VI) as Assessment[]).map((a, i) => ({
      type: 'expression' as const,
      priority: i + 1,
      formulae: [`${anchor}="${ASSESSMENT_LABELS_VI[a]}"`],
      style: {
        fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: ASSESSMENT_COLOURS[a].fill } },
        font: { color: { argb: ASSESSMENT_COLOURS[a].font }, bold: a === 'open_overdue' },
      },
    })),
  });
}
