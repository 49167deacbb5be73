// The layout corpus: the real appendix tables the project has (test/table/seeds), laid out again in
// every class of layout the reader must cope with (column orders, header words, a section column
// with no STT, nested groups with running or restarting numbers, sub-rows merged or not, headers
// repeated at page breaks), written as .xlsx by exceljs and by SheetJS, as .docx by the docx library
// and as tab-separated text. Generated in memory, never committed.
//   node --import tsx scripts/layout-corpus.ts [--out DIR]   writes the files, to open them by hand
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import type { TableRead } from '../templates/table/table-read.ts';

/** A plan as content, independent of layout: what every layout must read back the same. */
export interface PlanModel {
  title: string;
  sections: Array<{ numeral: string; title: string; groups: Array<{ title: string; tasks: TaskModel[] }> }>;
}
export interface TaskModel {
  text: string;
  rows: Array<{ activity: string; output: string; timeline: string; lead: string; coordinating: string }>;
}

/** The model of a table read: each section's tasks, split into `groupsPerSection` groups of consecutive tasks ("Nhóm 1" ...). */
export function modelOf(read: TableRead, groupsPerSection = 1): PlanModel {
  return {
    title: read.identity.title ?? `KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM ${read.year}`,
    sections: read.sections.map((s) => {
      const tasks: TaskModel[] = s.tasks.map((t) => ({
        text: t.text,
        rows: t.items.map((i) => ({ activity: i.activity ?? '', output: i.output, timeline: i.timeline.raw, lead: i.leadText, coordinating: i.coordinatingText })),
      }));
      const n = tasks.length >= 2 * groupsPerSection ? groupsPerSection : 1;
      const size = Math.ceil(tasks.length / n);
      const groups = Array.from({ length: n }, (_, k) => ({ title: n === 1 ? '' : `Nhóm nhiệm vụ thứ ${k + 1}`, tasks: tasks.slice(k * size, (k + 1) * size) }));
      return { numeral: s.numeral, title: s.title, groups: groups.filter((g) => g.tasks.length > 0) };
    }),
  };
}

export type Field = 'number' | 'section' | 'task' | 'activity' | 'output' | 'timeline' | 'lead' | 'coordinating';

/** How a layout lays the plan out. */
export interface Layout {
  name: string;
  /** Columns in order, with the header words each is given. */
  columns: Array<[Field, string]>;
  /** Section as a row of its own ("I" + title), or in its own first column (merged down, or on its first row only). */
  section: 'row' | 'column-merged' | 'column-first-row';
  /** Where group headings go: none, "I.1" in the STT column, or "a) ..." in the text. */
  groups: 'none' | 'stt-roman' | 'text-letter';
  /** Task numbers run on across groups or restart in each. */
  numbering: 'running' | 'restart';
  /** Task cells merged down over their sub-rows. */
  mergeTasks: boolean;
  /** A header row repeated every n data rows (a table that came from a PDF), between tasks; 0 for none. */
  repeatHeaderEvery: number;
  /** At each repeated header, the task text above it split by the page break, its rest on the row after the header. */
  splitRows?: boolean;
}

const STANDARD: Array<[Field, string]> = [
  ['number', 'STT'],
  ['task', 'Nội dung'],
  ['activity', 'Hoạt động'],
  ['output', 'Kết quả'],
  ['timeline', 'Thời gian thực hiện'],
  ['lead', 'Cơ quan chủ trì'],
  ['coordinating', 'Cơ quan phối hợp'],
];

/** Every class of layout in the corpus. */
export const LAYOUTS: Layout[] = [
  { name: 'standard', columns: STANDARD, section: 'row', groups: 'none', numbering: 'restart', mergeTasks: false, repeatHeaderEvery: 0 },
  { name: 'split-rows', columns: STANDARD, section: 'row', groups: 'none', numbering: 'restart', mergeTasks: false, repeatHeaderEvery: 6, splitRows: true },
  {
    name: 'reordered-words',
    columns: [
      ['timeline', 'Thời gian hoàn thành'],
      ['lead', 'Đơn vị chủ trì'],
      ['number', 'Số TT'],
      ['task', 'Nhiệm vụ'],
      ['coordinating', 'Phối hợp thực hiện'],
      ['output', 'Kết quả/ Sản phẩm'],
      ['activity', 'Hoạt động'],
    ],
    section: 'row',
    groups: 'none',
    numbering: 'running',
    mergeTasks: true,
    repeatHeaderEvery: 12,
  },
  {
    name: 'section-column-merged',
    columns: [
      ['section', 'Nhiệm vụ chung'],
      ['task', 'Nhiệm vụ cụ thể'],
      ['activity', 'Hoạt động'],
      ['output', 'Sản phẩm'],
      ['lead', 'Chủ trì thực hiện'],
      ['coordinating', 'Đơn vị phối hợp/thực hiện'],
      ['timeline', 'Thời gian thực hiện'],
    ],
    section: 'column-merged',
    groups: 'none',
    numbering: 'restart',
    mergeTasks: false,
    repeatHeaderEvery: 0,
  },
  {
    name: 'section-column-first-row',
    columns: [
      ['section', 'Lĩnh vực'],
      ['task', 'Nhiệm vụ'],
      ['activity', 'Hoạt động'],
      ['output', 'Kết quả'],
      ['timeline', 'Tiến độ'],
      ['lead', 'Cơ quan chủ trì'],
      ['coordinating', 'Cơ quan phối hợp'],
    ],
    section: 'column-first-row',
    groups: 'none',
    numbering: 'running',
    mergeTasks: false,
    repeatHeaderEvery: 0,
  },
  { name: 'groups-stt-running', columns: STANDARD, section: 'row', groups: 'stt-roman', numbering: 'running', mergeTasks: true, repeatHeaderEvery: 0 },
  { name: 'groups-stt-restart', columns: STANDARD, section: 'row', groups: 'stt-roman', numbering: 'restart', mergeTasks: false, repeatHeaderEvery: 15, splitRows: true },
  {
    name: 'groups-letter-no-stt',
    columns: STANDARD.filter(([f]) => f !== 'number'),
    section: 'row',
    groups: 'text-letter',
    numbering: 'restart',
    mergeTasks: false,
    repeatHeaderEvery: 0,
  },
];

interface Laid {
  values: string[][];
  merges: Array<{ top: number; left: number; bottom: number; right: number }>;
}

/** The plan laid out as rows of cells (1-based merges), title block first. */
export function layOut(model: PlanModel, layout: Layout, withActivity: boolean): Laid {
  const columns = layout.columns.filter(([f]) => withActivity || f !== 'activity');
  const col = (f: Field) => columns.findIndex(([g]) => g === f);
  const width = columns.length;
  const values: string[][] = [['PHỤ LỤC'], [model.title]];
  const merges: Laid['merges'] = [];
  const header = columns.map(([, words]) => words);
  values.push(header);
  let sinceHeader = 0;
  let lastTaskRow = 0; // the first row of the task just laid out, whose text a page break may split
  // A page break (a repeated header) falls only between tasks, as the merges of a task stay on one page.
  const push = (row: string[], breakable: boolean) => {
    if (breakable && layout.repeatHeaderEvery > 0 && sinceHeader >= layout.repeatHeaderEvery) {
      const rest = layout.splitRows && lastTaskRow === values.length ? splitText(values[lastTaskRow - 1]!, col('task')) : null;
      values.push([...header]);
      if (rest) values.push(rest);
      sinceHeader = 0;
    }
    values.push(row);
    sinceHeader++;
    return values.length;
  };
  const blank = () => Array.from({ length: width }, () => '');
  for (const section of model.sections) {
    const heading = `${section.numeral}. ${section.title}`;
    let sectionTop = 0;
    if (layout.section === 'row') {
      const row = blank();
      if (col('number') >= 0) (row[col('number')] = section.numeral), (row[col('task')] = section.title);
      else row[col('task')] = heading;
      push(row, true);
    }
    let number = 0;
    section.groups.forEach((group, g) => {
      if (layout.groups !== 'none' && group.title !== '') {
        const row = blank();
        const letter = String.fromCharCode(97 + g);
        if (layout.groups === 'stt-roman') (row[col('number')] = `${section.numeral}.${g + 1}`), (row[col('task')] = group.title);
        else row[col('task')] = `${letter}) ${group.title}`;
        const r = push(row, true);
        if (layout.section !== 'row' && sectionTop === 0) sectionTop = r;
        if (layout.numbering === 'restart') number = 0;
      }
      for (const task of group.tasks) {
        number++;
        let first = 0;
        task.rows.forEach((item, k) => {
          const row = blank();
          if (k === 0) {
            if (col('number') >= 0) (row[col('number')] = String(number)), (row[col('task')] = task.text);
            else row[col('task')] = `${number}. ${task.text}`;
          }
          if (col('activity') >= 0) row[col('activity')] = item.activity;
          row[col('output')] = item.output;
          row[col('timeline')] = item.timeline;
          row[col('lead')] = item.lead;
          row[col('coordinating')] = item.coordinating;
          const r = push(row, k === 0);
          if (k === 0) first = r;
          lastTaskRow = task.rows.length === 1 && k === 0 && !layout.mergeTasks ? r : 0;
          if (sectionTop === 0) sectionTop = r;
        });
        const last = values.length;
        if (layout.mergeTasks && last > first) {
          for (const f of ['number', 'task'] as const) if (col(f) >= 0) merges.push({ top: first, left: col(f) + 1, bottom: last, right: col(f) + 1 });
        }
      }
    });
    if (layout.section !== 'row') {
      values[sectionTop - 1]![col('section')] = heading;
      const bottom = values.length;
      if (layout.section === 'column-merged' && bottom > sectionTop) merges.push({ top: sectionTop, left: col('section') + 1, bottom, right: col('section') + 1 });
    }
  }
  return { values, merges };
}

/**
 * Splits a task's text where a page break would: the row keeps the first words, and the row after
 * the repeated header gets the rest, starting mid-sentence in lower case (null when no such word).
 */
function splitText(row: string[], taskCol: number): string[] | null {
  const text = row[taskCol] ?? '';
  const words = text.split(' ');
  for (let k = Math.ceil(words.length / 2); k < words.length; k++) {
    const word = words[k]!;
    if (word !== '' && word[0] === word[0]!.toLowerCase() && word[0] !== word[0]!.toUpperCase() && !text.includes('\n')) {
      row[taskCol] = words.slice(0, k).join(' ');
      const rest = row.map(() => '');
      rest[taskCol] = words.slice(k).join(' ');
      return rest;
    }
  }
  return null;
}

export type Writer = 'exceljs' | 'sheetjs' | 'docx' | 'tsv';
export const WRITERS: Writer[] = ['exceljs', 'sheetjs', 'docx', 'tsv'];

/** The laid-out table as a file's bytes and name. Tab-separated text cannot merge: its merges are left out. */
export async function writeLaid(laid: Laid, writer: Writer, name: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  if (writer === 'exceljs') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Phụ lục');
    laid.values.forEach((row, r) => row.forEach((v, c) => v !== '' && (sheet.getCell(r + 1, c + 1).value = v)));
    for (const m of laid.merges) sheet.mergeCells(m.top, m.left, m.bottom, m.right);
    return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), fileName: `${name}.xlsx` };
  }
  if (writer === 'sheetjs') {
    const sheet = XLSX.utils.aoa_to_sheet(laid.values);
    sheet['!merges'] = laid.merges.map((m) => ({ s: { r: m.top - 1, c: m.left - 1 }, e: { r: m.bottom - 1, c: m.right - 1 } }));
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, sheet, 'Phụ lục');
    return { bytes: new Uint8Array(XLSX.write(workbook, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), fileName: `${name}-sheetjs.xlsx` };
  }
  if (writer === 'docx') return { bytes: await docxOf(laid), fileName: `${name}.docx` };
  return { bytes: new TextEncoder().encode(laid.values.map((row) => row.map(tsvCell).join('\t')).join('\n')), fileName: `${name}.tsv` };
}

const tsvCell = (v: string) => (/[\t\n"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A Word document: the title rows as paragraphs, the rest one table (merges as rowSpan/columnSpan, the header row repeated on each page). */
async function docxOf(laid: Laid): Promise<Uint8Array> {
  const headerAt = laid.values.findIndex((row) => row.length > 1);
  const width = Math.max(...laid.values.map((r) => r.length));
  const covered = new Set<string>();
  const spans = new Map<string, { rows: number; cols: number }>();
  for (const m of laid.merges) {
    spans.set(`${m.top}:${m.left}`, { rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 });
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
  }
  const paragraphs = (text: string) => (text === '' ? [new Paragraph('')] : text.split('\n').map((line) => new Paragraph(line)));
  const rows = laid.values.slice(headerAt).map((row, k) => {
    const r = headerAt + k + 1;
    const cells: TableCell[] = [];
    for (let c = 1; c <= width; c++) {
      if (covered.has(`${r}:${c}`)) {
        // Word keeps a cell in each row of a vertical merge, marked as continuing it.
        const above = [...spans.entries()].find(([key, s]) => {
          const [top, left] = key.split(':').map(Number) as [number, number];
          return left === c && top < r && top + s.rows - 1 >= r;
        });
        if (above) cells.push(new TableCell({ children: [new Paragraph('')], verticalMerge: VerticalMergeType.CONTINUE }));
        continue;
      }
      const span = spans.get(`${r}:${c}`);
      cells.push(
        new TableCell({
          children: paragraphs(row[c - 1] ?? ''),
          ...(span && span.cols > 1 ? { columnSpan: span.cols } : {}),
          ...(span && span.rows > 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}),
        }),
      );
    }
    return new TableRow({ children: cells, tableHeader: k === 0 });
  });
  const title = laid.values.slice(0, headerAt).map((row) => new Paragraph({ text: row.join(' '), alignment: AlignmentType.CENTER }));
  const doc = new Document({ sections: [{ children: [...title, new Table({ rows })] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

if (process.argv[1]?.endsWith('layout-corpus.ts')) {
  const { readFileSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { readTable } = await import('../templates/table/read-table.ts');
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? 'layout-corpus';
  mkdirSync(out, { recursive: true });
  for (const seed of ['bentre-2021-plan.txt', 'gialai-sgddt-2022-plan.txt']) {
    const read = await readTable(readFileSync(new URL(`../test/table/seeds/${seed}`, import.meta.url)), seed);
    for (const layout of LAYOUTS) {
      const model = modelOf(read, layout.groups === 'none' ? 1 : 2);
      const laid = layOut(model, layout, read.sections.some((s) => s.tasks.some((t) => t.items.some((i) => i.activity))));
      for (const writer of WRITERS) {
        const { bytes, fileName } = await writeLaid(laid, writer, `${seed.replace(/\.txt$/, '')}-${layout.name}`);
        writeFileSync(join(out, fileName), bytes);
      }
    }
  }
  process.stdout.write(`corpus written to ${out}\n`);
}
