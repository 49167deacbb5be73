import type { Deadline } from '../../ledger/deadline.ts';
import { parseUserDate } from '../../ledger/dates.ts';
import { Id, type GroupRef } from '../../ledger/plan.ts';
import { parseStatus } from '../../ledger/status.ts';
import { splitAgencies } from '../agencies/split-agencies.ts';
import { reformAreaOf } from '../areas/reform-area.ts';
import { parseDeadline } from '../deadline/parse-deadline.ts';
import type { RowRecord } from './classify-rows.ts';
import type { Field } from './fields.ts';
import { columnLetter } from './grid.ts';
import { groupLevel, romanNumeral, romanValue, rowLetter } from './numbering.ts';
import type { ReadItem, ReadSection, ReadTask, TrackingValues } from './table-read.ts';
import type { TableLayout } from './table-layout.ts';
import type { WarningList } from './warnings.ts';

export interface BuildContext {
  layout: TableLayout;
  warnings: WarningList;
  planYear: number | null;
  planPeriod?: { from: number; to: number };
  holidays?: ReadonlySet<string>;
}

/** A BuildContext with each distinct timeline text's reading kept: a table repeats the same few timelines row after row. */
interface PlanContext extends BuildContext {
  deadlines: Map<string, Deadline>;
}

// A sub-row that leaves these empty shares the task's (a cell merged in print, lost in the text).
const INHERITED: Field[] = ['lead', 'coordinating', 'timeline', 'monitoring'];

/**
 * Turns the classified rows into sections, tasks and items. Ids follow positions, not printed
 * numbers (which repeat and skip): section "4", its second task "4.2", that task's first row
 * "4.2" and its further rows "4.2.b", "4.2.c" (docs/table.md).
 */
export function buildPlan(records: RowRecord[], context: BuildContext): ReadSection[] {
  const ctx: PlanContext = { ...context, deadlines: new Map() };
  const { layout, warnings } = ctx;
  const sections: ReadSection[] = [];
  const usedIds = new Set<string>();
  const numeralsSeen = new Map<string, number>();
  let section: ReadSection | null = null;
  let pending: { task: ReadTask; rows: Array<{ row: number; label: string }> } | null = null;
  let lastNumber: number | null = null;
  let groups: GroupRef[] = [];
  let groupOpened = false; // a group began since the last task: its first task may restart at 1

  const finish = () => {
    if (pending && section) section.tasks.push(finishTask(pending.task, pending.rows, section, ctx, usedIds));
    pending = null;
  };

  const openSection = (row: number | null, numeral: string, title: string): ReadSection => {
    const area = reformAreaOf(title);
    const s: ReadSection = { id: String(sections.length + 1), numeral, title, area, row, tasks: [] };
    sections.push(s);
    if (row !== null) checkNumeral(s, sections.filter((x) => x.numeral !== '').length, numeralsSeen, warnings);
    if (row !== null && area === 'unknown') {
      warnings.add(
        'section-area-unknown',
        row,
        `Phần "${title}" (hàng ${row}) không khớp lĩnh vực CCHC nào: xếp vào "Lĩnh vực khác".`,
        `Section "${title}" (row ${row}) names no known reform area: filed as unknown.`,
      );
    }
    return s;
  };

  for (const rec of records) {
    if (rec.kind === 'section') {
      finish();
      section = openSection(rec.row, rec.numeral, rec.title);
      groups = [];
      continue;
    }
    if (rec.kind === 'group') {
      finish();
      const level = groupLevel(rec.numbering);
      const title = layout.text(rec.row, layout.taskCol).slice(rec.textPrefix).trim() || firstText(layout, rec.row);
      groups = [...groups.filter((g) => groupLevel(g.numbering) < level), { numbering: rec.numbering, title }];
      groupOpened = true;
      continue;
    }
    if (rec.kind === 'sub' && pending) {
      pending.rows.push({ row: rec.row, label: rec.label });
      continue;
    }
    finish();
    if (!section) {
      warnings.add(
        'task-without-section',
        rec.row,
        `Nhiệm vụ ở hàng ${rec.row} nằm trên mọi hàng tiêu đề phần (I, II ...): xếp vào một phần không tên.`,
        `The task at row ${rec.row} comes before any section row (I, II ...): put in an unnamed section.`,
      );
      section = openSection(null, '', '');
    }
    const numbering = rec.kind === 'task' ? rec.numbering : '';
    groups = groups.filter((g) => !closedBy(g, numbering));
    const prefix = rec.kind === 'task' ? rec.textPrefix : 0;
    const text = layout.text(rec.row, layout.taskCol).slice(prefix).trim();
    if (text === '') {
      warnings.add(
        'task-without-text',
        rec.row,
        `Nhiệm vụ ở hàng ${rec.row} không có nội dung.`,
        `The task at row ${rec.row} has no text.`,
        columnLetter(layout.taskCol),
      );
    }
    const task: ReadTask = { id: `${section.id}.${section.tasks.length + 1}`, section: section.id, numbering, text, row: rec.row, groups, items: [] };
    lastNumber = checkNumber(task, section.tasks.length === 0 || groupOpened, lastNumber, warnings);
    groupOpened = false;
    pending = { task, rows: [{ row: rec.row, label: '' }] };
  }
  finish();
  return sections;
}

function finishTask(
  task: ReadTask,
  rows: Array<{ row: number; label: string }>,
  section: ReadSection,
  ctx: PlanContext,
  usedIds: Set<string>,
): ReadTask {
  const { layout } = ctx;
  const first = rows[0]!.row;
  // A first row that only names the task (no output, timeline or lead) over sub-rows that do is not an item itself.
  const firstIsItem = rows.length === 1 || ['output', 'timeline', 'lead'].some((f) => field(layout, first, f as Field) !== '');
  const base = task.numbering === '' ? '' : section.numeral === '' ? task.numbering : `${section.numeral}.${task.numbering}`;
  rows.forEach(({ row, label }, index) => {
    if (index === 0 && !firstIsItem) return;
    const letter = rowLetter(index);
    const generated = letter === '' ? task.id : `${task.id}.${letter}`;
    const id = claimId(layout, row, generated, usedIds, ctx.warnings);
    const numbering = base === '' ? '' : index === 0 ? base : `${base}.${label || letter}`;
    task.items.push(buildItem(task, row, first, id, numbering, section, ctx));
  });
  return task;
}

/**
 * A group numbered "1" ends at task "2" (a sibling), not at task "1.1" (its own). Groups numbered
 * "III.1" or "a" do not end at a task: task numbers may run on or restart under them.
 */
function closedBy(group: GroupRef, taskNumbering: string): boolean {
  if (!/^\d+(\.\d+)*$/.test(group.numbering) || !/^\d+(\.\d+)*$/.test(taskNumbering)) return false;
  if (taskNumbering.startsWith(`${group.numbering}.`)) return false;
  return groupLevel(taskNumbering) <= groupLevel(group.numbering);
}

/** The first text of a row outside the STT and section columns (a group's title when its row has no task text). */
function firstText(layout: TableLayout, row: number): string {
  for (let c = 1; c <= layout.view.columnCount; c++) {
    if (c === layout.fields.number || c === layout.sectionCol) continue;
    const t = layout.text(row, c);
    if (t !== '') return t;
  }
  return '';
}

/** The text of a field at a row, '' when the table has no such column. */
function field(layout: TableLayout, row: number, f: Field): string {
  return layout.text(row, layout.fields[f]);
}

function buildItem(task: ReadTask, row: number, first: number, id: string, numbering: string, section: ReadSection, ctx: PlanContext): ReadItem {
  const { layout, warnings } = ctx;
  const get = (f: Field) => {
    const own = field(layout, row, f);
    return own === '' && row !== first && INHERITED.includes(f) ? field(layout, first, f) : own;
  };
  const rowTaskText = row === first ? '' : layout.text(row, layout.taskCol);
  const ownWording = rowTaskText !== '' && rowTaskText !== task.text ? rowTaskText : '';
  // With a Hoạt động column the row's own Nhiệm vụ text is its text; without one, its wording is the activity.
  const text = layout.activityCol !== undefined && ownWording !== '' ? ownWording : task.text;
  const activity = layout.activityCol !== undefined ? layout.text(row, layout.activityCol) : ownWording;
  const objective = layout.objectiveCol !== undefined ? layout.text(row, layout.objectiveCol) || layout.text(first, layout.objectiveCol) : '';
  const timelineRaw = get('timeline');
  const leadText = get('lead');
  const coordinatingText = get('coordinating');
  const item: ReadItem = {
    id,
    section: section.id,
    task: task.id,
    numbering,
    text,
    ...(task.groups.length > 0 ? { groups: task.groups } : {}),
    output: get('output'),
    timeline: deadlineOf(timelineRaw, ctx),
    lead: splitAgencies(leadText),
    leadText,
    coordinating: splitAgencies(coordinatingText),
    coordinatingText,
    sourceRow: row,
  };
  if (activity !== '') item.activity = activity;
  if (objective !== '') item.objective = objective;
  for (const f of ['monitoring', 'budget', 'note'] as const) {
    const v = get(f);
    if (v !== '') item[f] = v;
  }
  const tracking = readTracking(layout, row, warnings);
  if (tracking) item.tracking = tracking;

  const missing: string[] = [];
  const missingEn: string[] = [];
  if (item.output === '') missing.push('kết quả/sản phẩm'), missingEn.push('output');
  if (timelineRaw === '') missing.push('thời gian thực hiện'), missingEn.push('timeline');
  if (leadText === '') missing.push('cơ quan chủ trì'), missingEn.push('lead');
  if (missing.length > 0) {
    warnings.add(
      'item-incomplete',
      row,
      `Mục ${numbering || id} (hàng ${row}) thiếu ${missing.join(', ')}.`,
      `Item ${numbering || id} (row ${row}) has no ${missingEn.join(', ')}.`,
    );
  }
  return item;
}

/** The timeline's reading, parsed once per distinct text of the table; each item gets its own copy. */
function deadlineOf(raw: string, ctx: PlanContext): Deadline {
  let reading = ctx.deadlines.get(raw);
  if (reading === undefined) {
    const context = { ...(ctx.planYear === null ? {} : { planYear: ctx.planYear }), ...(ctx.planPeriod ? { planPeriod: ctx.planPeriod } : {}) };
    reading = parseDeadline(raw, ctx.holidays ? { ...context, holidays: ctx.holidays } : context);
    ctx.deadlines.set(raw, reading);
  }
  return { ...reading, milestones: reading.milestones.map((m) => ({ ...m })), ...(reading.offset ? { offset: { ...reading.offset } } : {}) };
}

function readTracking(layout: TableLayout, row: number, warnings: WarningList): TrackingValues | undefined {
  const t: TrackingValues = {};
  const status = field(layout, row, 'status');
  if (status !== '') {
    const value = parseStatus(status);
    t.status = { raw: status, value };
    if (value === null) {
      warnings.add(
        'status-unreadable',
        row,
        `Trạng thái "${status}" ở hàng ${row} không phải trạng thái nào đã biết (Chưa thực hiện, Đang thực hiện, Hoàn thành, Tạm dừng).`,
        `Status "${status}" at row ${row} is none of the known statuses.`,
        columnLetter(layout.fields.status!),
      );
    }
  }
  const done = field(layout, row, 'completedOn');
  if (done !== '') {
    const date = parseUserDate(done);
    t.completedOn = { raw: done, date };
    if (date === null) {
      warnings.add(
        'date-unreadable',
        row,
        `Ngày hoàn thành "${done}" ở hàng ${row} không phải ngày hợp lệ (dd/mm/yyyy).`,
        `Completion date "${done}" at row ${row} is not a date (dd/mm/yyyy).`,
        columnLetter(layout.fields.completedOn!),
      );
    }
  }
  const evidence = field(layout, row, 'evidence');
  if (evidence !== '') t.evidence = evidence;
  const note = field(layout, row, 'progressNote');
  if (note !== '') t.progressNote = note;
  return Object.keys(t).length > 0 ? t : undefined;
}

/** The id in a Mã column this program wrote, when it is a valid unused id; else the positional one. */
function claimId(layout: TableLayout, row: number, generated: string, used: Set<string>, warnings: WarningList): string {
  const ref = layout.fields.ref === undefined ? '' : layout.text(row, layout.fields.ref).trim();
  let id = generated;
  if (ref !== '' && Id.safeParse(ref).success) {
    if (!used.has(ref)) id = ref;
    else {
      warnings.add(
        'ref-duplicate',
        row,
        `Mã "${ref}" ở hàng ${row} đã dùng cho một mục phía trên: mục này nhận mã mới.`,
        `Id "${ref}" at row ${row} is already used above: this item gets a new id.`,
        columnLetter(layout.fields.ref!),
      );
    }
  }
  for (let k = 2; used.has(id); k++) id = `${generated}-${k}`;
  used.add(id);
  return id;
}

function checkNumeral(s: ReadSection, position: number, seen: Map<string, number>, warnings: WarningList): void {
  if (s.numeral === '' || s.row === null) return;
  const earlier = seen.get(s.numeral);
  if (earlier !== undefined) {
    warnings.add(
      'section-numeral-repeated',
      s.row,
      `Số phần "${s.numeral}" ở hàng ${s.row} đã dùng ở hàng ${earlier}: giữ nguyên như bản in (mã phần theo vị trí: ${s.id}).`,
      `Section numeral "${s.numeral}" at row ${s.row} was already used at row ${earlier}: kept as printed (section id by position: ${s.id}).`,
    );
  } else if (romanValue(s.numeral) !== position) {
    warnings.add(
      'section-numeral-unexpected',
      s.row,
      `Phần thứ ${position} in số "${s.numeral}" (đúng ra là ${romanNumeral(position)}) ở hàng ${s.row}: giữ nguyên như bản in.`,
      `Section ${position} is printed "${s.numeral}" (expected ${romanNumeral(position)}) at row ${s.row}: kept as printed.`,
    );
  }
  if (earlier === undefined) seen.set(s.numeral, s.row);
}

/** Warns where STT skips or repeats; numbering may restart at 1 in each section or run on. */
function checkNumber(task: ReadTask, firstInSection: boolean, last: number | null, warnings: WarningList): number | null {
  if (!/^\d+$/.test(task.numbering)) return last;
  const n = Number(task.numbering);
  if (last === null || (firstInSection && n === 1) || n === last + 1) return n;
  if (n > last + 1) {
    const gap = n === last + 2 ? `${last + 1}` : `${last + 1}–${n - 1}`;
    warnings.add(
      'stt-gap',
      task.row,
      `STT nhảy từ ${last} lên ${n} ở hàng ${task.row} (thiếu ${gap}): giữ nguyên như bản in.`,
      `STT jumps from ${last} to ${n} at row ${task.row} (${gap} missing): kept as printed.`,
    );
  } else {
    warnings.add(
      'stt-repeated',
      task.row,
      `STT ${n} ở hàng ${task.row} không tăng so với STT ${last} phía trên: giữ nguyên như bản in.`,
      `STT ${n} at row ${task.row} does not follow STT ${last} above: kept as printed.`,
    );
  }
  return n;
}
