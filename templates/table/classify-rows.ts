import { reformAreaOf } from '../areas/reform-area.ts';
import { columnLetter } from './grid.ts';
import { isColumnNumberRow, repeatsHeader } from './header.ts';
import { foldText } from './fold.ts';
import { groupNumbering, numberingInText, parseSectionHeading, startsLowercase, subRowLabel } from './numbering.ts';
import type { TableLayout } from './table-layout.ts';
import type { WarningList } from './warnings.ts';

/** What a data row turned out to be, in table order. Skipped rows (headers, blanks, fragments) leave no record. */
export type RowRecord =
  | { kind: 'section'; row: number; numeral: string; title: string }
  | { kind: 'group'; row: number; numbering: string; textPrefix: number }
  | { kind: 'task'; row: number; numbering: string; textPrefix: number; noWork?: boolean; groupHint?: boolean }
  | { kind: 'sub'; row: number; label: string; noWork?: boolean; textPrefix?: number };

export interface Classified {
  records: RowRecord[];
  repeatedHeaders: number;
  continuations: number;
}

/**
 * Walks the rows under the header once and decides what each one is. Rows split by a page break
 * are joined into the cells above them here, so that building the plan afterwards reads whole texts.
 */
export function classifyRows(layout: TableLayout, warnings: WarningList): Classified {
  const { view, fields } = layout;
  const records: RowRecord[] = [];
  let repeatedHeaders = 0;
  let continuations = 0;
  let afterHeader: number | null = null; // the repeated header row just above, if any
  let taskStart: number | null = null;
  let previous: number | null = null; // the last row that was a task or a sub-row
  let sectionMaster = '';
  let numberedInText = false;

  const startSection = (row: number, numeral: string, title: string) => {
    records.push({ kind: 'section', row, numeral, title });
    taskStart = null;
    previous = null;
  };

  for (let r = layout.dataStart; r <= view.rowCount; r++) {
    const filled: number[] = [];
    for (let c = 1; c <= view.columnCount; c++) if (view.ownText(r, c) !== '') filled.push(c);
    if (filled.length === 0) continue;

    if (repeatsHeader(view, r, layout.header)) {
      repeatedHeaders++;
      afterHeader = r;
      warnings.add(
        'repeated-header',
        r,
        `Hàng ${r} lặp lại hàng tiêu đề (ngắt trang): bỏ qua.`,
        `Row ${r} repeats the header (page break): skipped.`,
      );
      continue;
    }
    if (isColumnNumberRow(view, r)) {
      warnings.add('column-number-row', r, `Hàng ${r} chỉ đánh số cột: bỏ qua.`, `Row ${r} only numbers the columns: skipped.`);
      continue;
    }

    if (layout.sectionCol !== undefined) {
      const m = view.masterOf(r, layout.sectionCol);
      const title = view.text(m.row, m.col);
      const key = `${m.row}:${m.col}`;
      if (title !== '' && key !== sectionMaster) {
        sectionMaster = key;
        const heading = parseSectionHeading(title, true);
        startSection(r, heading?.numeral ?? '', heading?.title ?? title);
      }
      if (filled.every((c) => c === layout.sectionCol)) continue;
    }

    const number = layout.own(r, 'number');
    const heading = sectionHeading(layout, r, number, afterHeader !== null);
    if (heading) {
      startSection(r, heading.numeral, heading.title);
      afterHeader = null;
      continue;
    }

    const taskText = view.ownText(r, layout.taskCol);
    const noWork = !hasOwnWork(layout, r);
    // A heading numbered as a group ("III.1 Nhóm ...") written in the text, beside an empty STT.
    const inTextGroup = number === '' && fields.number !== undefined && noWork ? groupNumbering(taskText) : null;
    if (inTextGroup) {
      records.push({ kind: 'task', row: r, numbering: inTextGroup.label, textPrefix: inTextGroup.prefix, noWork, groupHint: true });
      taskStart = r;
      previous = r;
      afterHeader = null;
      continue;
    }
    if (number !== '') {
      const label = subRowLabel(number);
      if (label !== null && taskStart !== null) records.push({ kind: 'sub', row: r, label, noWork });
      else {
        const numbering = number.replace(/[.)]+$/, '');
        records.push({ kind: 'task', row: r, numbering, textPrefix: 0, noWork, groupHint: groupNumbering(numbering) !== null || namesGroup(taskText) });
        taskStart = r;
      }
      previous = r;
      afterHeader = null;
      continue;
    }

    if (fields.number === undefined) {
      const inText = numberingInText(taskText);
      if (inText?.kind === 'task') {
        numberedInText = true;
        const groupHint = groupNumbering(inText.label) !== null || namesGroup(taskText.slice(inText.prefix));
        records.push({ kind: 'task', row: r, numbering: inText.label, textPrefix: inText.prefix, noWork, groupHint });
        taskStart = r;
        previous = r;
        afterHeader = null;
        continue;
      }
      if (inText?.kind === 'sub' && taskStart === null && noWork && inText.label !== '') {
        // "a) Nhóm ..." opening a section: a heading that may only be a group.
        records.push({ kind: 'task', row: r, numbering: inText.label, textPrefix: inText.prefix, noWork, groupHint: true });
        taskStart = r;
        previous = r;
        afterHeader = null;
        continue;
      }
      if (inText?.kind === 'sub' && taskStart !== null) {
        records.push({ kind: 'sub', row: r, label: inText.label, noWork, textPrefix: inText.prefix });
        previous = r;
        afterHeader = null;
        continue;
      }
    }

    const mergedNumber = fields.number !== undefined && view.coveredFromAbove(r, fields.number);
    if (!mergedNumber && previous !== null) {
      const verdict = continuationVerdict(layout, r, afterHeader !== null);
      if (verdict.continuation) {
        const joined = joinFragments(layout, r, previous, taskStart);
        continuations++;
        const where = afterHeader !== null ? ` (ngay sau tiêu đề lặp lại ở hàng ${afterHeader})` : '';
        const whereEn = afterHeader !== null ? ` (right after the repeated header at row ${afterHeader})` : '';
        warnings.add(
          'continuation-joined',
          r,
          `Hàng ${r}${where} là phần còn lại của hàng ${previous} bị ngắt trang (${verdict.reasonsVi.join('; ')}): đã nối vào các ô phía trên, cột ${joined.join(', ')}.`,
          `Row ${r}${whereEn} is the rest of row ${previous}, split by a page break (${verdict.reasonsEn.join('; ')}): joined to the cells above, columns ${joined.join(', ')}.`,
        );
        afterHeader = null;
        continue;
      }
      if (afterHeader !== null && taskStart !== null) {
        warnings.add(
          'sub-row-after-header',
          r,
          `Hàng ${r} (ngay sau tiêu đề lặp lại ở hàng ${afterHeader}) được coi là một dòng con mới của nhiệm vụ ở hàng ${taskStart}, không phải phần bị ngắt trang: ${verdict.reasonsVi.join('; ')}.`,
          `Row ${r} (right after the repeated header at row ${afterHeader}) is read as a new sub-row of the task at row ${taskStart}, not as a fragment split by the page break: ${verdict.reasonsEn.join('; ')}.`,
        );
      }
    }

    const startsTask =
      taskStart === null || (fields.number === undefined && !numberedInText && taskText !== '' && !view.coveredFromAbove(r, layout.taskCol));
    if (startsTask) {
      if (fields.number !== undefined) {
        warnings.add(
          'task-without-number',
          r,
          `Hàng ${r} có STT trống nhưng không có nhiệm vụ nào phía trên trong phần này: đọc như một nhiệm vụ.`,
          `Row ${r} has no STT and no task above it in its section: read as a task.`,
          columnLetter(fields.number),
        );
      }
      records.push({ kind: 'task', row: r, numbering: '', textPrefix: 0, noWork, groupHint: namesGroup(taskText) });
      taskStart = r;
    } else {
      records.push({ kind: 'sub', row: r, label: '' });
    }
    previous = r;
    afterHeader = null;
  }
  return { records: markGroups(records), repeatedHeaders, continuations };
}

/** Has the row an output, timeline or lead of its own (a group heading has none)? */
function hasOwnWork(layout: TableLayout, r: number): boolean {
  return ['output', 'timeline', 'lead'].some((f) => layout.own(r, f as 'output') !== '');
}

/** "Nhóm các nền tảng số ...", "Nhóm nhiệm vụ ...": a title that names a group of tasks. */
function namesGroup(text: string): boolean {
  return /^nhom\b/.test(foldText(text));
}

/**
 * Heading rows inside a section become groups: a row with no output, timeline or lead of its own,
 * followed by a task or another group rather than by sub-rows, that is numbered like a group
 * ("III.1", "1.1", "a)"), is titled "Nhóm ...", or whose number the next task's extends ("1" over "1.1").
 */
function markGroups(records: RowRecord[]): RowRecord[] {
  const out = [...records];
  for (let i = out.length - 2; i >= 0; i--) {
    const rec = out[i]!;
    const next = out[i + 1]!;
    if (next.kind !== 'task' && next.kind !== 'group') continue;
    if (rec.kind === 'task' && rec.noWork) {
      const extended = next.kind === 'task' && rec.numbering !== '' && next.numbering.startsWith(`${rec.numbering}.`);
      if (rec.groupHint || extended) out[i] = { kind: 'group', row: rec.row, numbering: rec.numbering, textPrefix: rec.textPrefix };
    } else if (rec.kind === 'sub' && rec.noWork && rec.label !== '' && next.kind === 'task') {
      out[i] = { kind: 'group', row: rec.row, numbering: rec.label, textPrefix: rec.textPrefix ?? 0 };
    }
  }
  return out;
}

/** A section row: a roman numeral in the STT cell (title beside it or in the same cell), or a title alone. */
function sectionHeading(layout: TableLayout, r: number, number: string, afterHeader: boolean) {
  const { view, fields } = layout;
  const hasOwnWork = ['output', 'timeline', 'lead'].some((f) => layout.own(r, f as 'output') !== '');
  if (number !== '') {
    const heading = parseSectionHeading(number, false);
    if (!heading) return null;
    if (heading.title !== '') return heading;
    const title = view.ownText(r, layout.taskCol) || firstOwnText(layout, r, fields.number);
    return { numeral: heading.numeral, title };
  }
  if (hasOwnWork) return null;
  const first = firstOwnText(layout, r, undefined);
  if (first === '') return null;
  const heading = parseSectionHeading(first, true);
  if (heading && heading.title !== '') return heading;
  if (groupNumbering(first) !== null) return null;
  // A title with no numeral: only when it names a reform area and stands alone on its row.
  const texts = ownTexts(layout, r);
  if (texts.length !== 1 || afterHeader || startsLowercase(first)) return null;
  if (reformAreaOf(first) === 'unknown') return null;
  const col = firstOwnColumn(layout, r)!;
  const area = view.areaAt(r, col);
  const spansAcross = area !== undefined && area.right > area.left;
  const capitals = first === first.toUpperCase();
  if (fields.number === undefined && !spansAcross && !capitals) return null;
  return { numeral: '', title: first };
}

function ownTexts(layout: TableLayout, r: number): string[] {
  const out: string[] = [];
  for (let c = 1; c <= layout.view.columnCount; c++) {
    const t = layout.view.ownText(r, c);
    if (t !== '') out.push(t);
  }
  return out;
}

function firstOwnColumn(layout: TableLayout, r: number): number | undefined {
  for (let c = 1; c <= layout.view.columnCount; c++) if (layout.view.ownText(r, c) !== '') return c;
  return undefined;
}

function firstOwnText(layout: TableLayout, r: number, except: number | undefined): string {
  for (let c = 1; c <= layout.view.columnCount; c++) {
    if (c === except || c === layout.sectionCol) continue;
    const t = layout.view.ownText(r, c);
    if (t !== '') return t;
  }
  return '';
}

interface Verdict {
  continuation: boolean;
  reasonsVi: string[];
  reasonsEn: string[];
}

/**
 * Is a row with an empty STT the rest of the row above, cut by a page break, or a sub-row of its
 * own? Signals: it comes right after a repeated header, its text starts in lower case (mid-sentence),
 * and it lacks an output, lead or timeline of its own.
 */
function continuationVerdict(layout: TableLayout, r: number, afterHeader: boolean): Verdict {
  const texts = ownTexts(layout, r);
  const lower = texts.filter(startsLowercase).length;
  const lowerMajority = lower * 2 > texts.length;
  const ownField = (f: 'output' | 'lead' | 'timeline') => {
    const t = layout.own(r, f);
    return t !== '' && !startsLowercase(t);
  };
  const hasOutput = ownField('output');
  const hasLead = ownField('lead');
  const hasTimeline = ownField('timeline');
  const lacksOwn = !hasOutput && (!hasLead || !hasTimeline);
  const continuation = afterHeader ? lowerMajority || lacksOwn : lowerMajority && lacksOwn;
  const reasonsVi = ['STT trống'];
  const reasonsEn = ['STT empty'];
  if (lowerMajority) {
    reasonsVi.push(`${lower}/${texts.length} ô bắt đầu bằng chữ thường`);
    reasonsEn.push(`${lower} of ${texts.length} cells start in lower case`);
  } else {
    reasonsVi.push('chữ đầu viết hoa');
    reasonsEn.push('its text starts in capitals');
  }
  const missingVi: string[] = [];
  const missingEn: string[] = [];
  if (!hasOutput) missingVi.push('kết quả'), missingEn.push('output');
  if (!hasLead) missingVi.push('cơ quan chủ trì'), missingEn.push('lead');
  if (!hasTimeline) missingVi.push('thời gian'), missingEn.push('timeline');
  if (lacksOwn) {
    reasonsVi.push(`không có ${missingVi.join(', ')} riêng`);
    reasonsEn.push(`no ${missingEn.join(', ')} of its own`);
  } else {
    const has = [hasOutput && 'kết quả', hasLead && 'cơ quan chủ trì', hasTimeline && 'thời gian'].filter(Boolean);
    const hasEn = [hasOutput && 'output', hasLead && 'lead', hasTimeline && 'timeline'].filter(Boolean);
    reasonsVi.push(`có ${has.join(', ')} riêng`);
    reasonsEn.push(`has its own ${hasEn.join(', ')}`);
  }
  return { continuation, reasonsVi, reasonsEn };
}

/**
 * Joins each fragment of a split row to the cell above it (that cell's merge master). For the
 * task's own columns (STT, task, objective), when the cell above is empty because the task's text
 * sits on the task's first row, the fragment goes there. Returns the column letters joined.
 */
function joinFragments(layout: TableLayout, r: number, previous: number, taskStart: number | null): string[] {
  const { view } = layout;
  const joined: string[] = [];
  for (let c = 1; c <= view.columnCount; c++) {
    const fragment = view.ownText(r, c);
    if (fragment === '') continue;
    let target = view.masterOf(previous, c);
    if (layout.textAt(target) === '' && layout.isTaskLevel(c) && taskStart !== null) {
      for (let up = previous - 1; up >= taskStart; up--) {
        const m = view.masterOf(up, c);
        if (layout.textAt(m) !== '') {
          target = m;
          break;
        }
      }
    }
    const above = layout.textAt(target);
    layout.setText(target, above === '' ? fragment : `${above} ${fragment}`);
    joined.push(columnLetter(c));
  }
  return joined;
}
