import { KEY_FIELDS, KEY_FIELD_LABELS_VI, fieldOfHeader, headerMatch, type Field } from './fields.ts';
import { foldText, hasWords } from './fold.ts';
import { parseSectionHeading } from './numbering.ts';
import { reformAreaOf } from '../areas/reform-area.ts';
import { columnLetter, type GridView } from './grid.ts';
import type { HeaderCandidate } from './table-error.ts';

/** How many rows that hold at least two cells are searched for the header (title blocks sit above it). */
export const HEADER_SEARCH_ROWS = 30;

export interface HeaderColumn {
  col: number;
  letter: string;
  header: string; // as the table writes it (two header rows joined by " / ")
  field: Field | null;
  /** How sure the reader is of `field`, 0–1, and what decided it: the header's words, the cells below, or the user. */
  confidence: number;
  basis: 'header' | 'content' | 'user' | 'none';
}

export interface HeaderMatch {
  rows: number[]; // one row, or two when the header spans two rows
  columns: HeaderColumn[]; // every column with header text
  fields: Partial<Record<Field, number>>; // field → column
  /** Columns with header text that no field claimed (also a second column of a field already taken). */
  unmapped: HeaderColumn[];
  /** Folded text of each header row, column by column: to recognise the header where a page break repeats it. */
  signature: Array<Map<number, string>>;
  score: number;
}

export type HeaderSearch = { found: HeaderMatch } | { found: null; candidates: HeaderCandidate[] };

const MAX_HEADER_WORDS = 9;

/**
 * Finds the header row (or pair of rows) among the first rows of a sheet that hold a table. With
 * the columns the user mapped (`mapped`, column numbers), a header whose words the reader does not
 * know is the first row with text in most of those columns.
 */
export function findHeader(view: GridView, mapped: number[] = []): HeaderSearch {
  const found = findKnownHeader(view);
  if (found.found || mapped.length === 0) return found;
  const need = Math.min(mapped.length, Math.max(2, Math.ceil(mapped.length / 2)));
  for (const r of candidateRows(view)) {
    if (mapped.filter((c) => view.text(r, c) !== '').length >= need) return { found: matchRows(view, [r]) };
  }
  return found;
}

function findKnownHeader(view: GridView): HeaderSearch {
  const rows = candidateRows(view);
  let best: HeaderMatch | null = null;
  const near: Array<{ match: HeaderMatch; row: number }> = [];
  for (const r of rows) {
    const single = matchRows(view, [r]);
    const double = r + 1 <= view.rowCount ? matchRows(view, [r, r + 1]) : null;
    const pick = double && double.score > single.score && usable(double) ? double : single;
    if (usable(pick)) {
      if (!best || pick.score > best.score) best = pick;
    } else if (pick.score > 0) {
      near.push({ match: pick, row: r });
    }
  }
  if (best) {
    settleTaskColumns(view, best);
    return { found: best };
  }
  near.sort((a, b) => b.match.score - a.match.score || a.row - b.row);
  return {
    found: null,
    candidates: near.slice(0, 3).map(({ match, row }) => ({
      row,
      matched: KEY_FIELDS.filter((f) => keyPresent(match, f)).map((f) => headerOf(match, f)),
      missing: KEY_FIELDS.filter((f) => !keyPresent(match, f)).map((f) => KEY_FIELD_LABELS_VI[f]),
    })),
  };
}

function candidateRows(view: GridView): number[] {
  const out: number[] = [];
  for (let r = 1; r <= view.rowCount && out.length < HEADER_SEARCH_ROWS; r++) {
    let filled = 0;
    for (let c = 1; c <= view.columnCount && filled < 2; c++) if (view.ownText(r, c) !== '') filled++;
    if (filled >= 2) out.push(r);
  }
  return out;
}

function taskLike(m: HeaderMatch): boolean {
  return m.fields.task !== undefined || m.fields.activity !== undefined || m.fields.objective !== undefined;
}

function keyPresent(m: HeaderMatch, f: (typeof KEY_FIELDS)[number]): boolean {
  return f === 'task' ? taskLike(m) : m.fields[f] !== undefined;
}

function headerOf(m: HeaderMatch, f: (typeof KEY_FIELDS)[number]): string {
  const col = f === 'task' ? (m.fields.task ?? m.fields.activity ?? m.fields.objective) : m.fields[f];
  return m.columns.find((c) => c.col === col)?.header.replace(/\s+/g, ' ') ?? KEY_FIELD_LABELS_VI[f];
}

/** A header has the task column and at least two of STT, output, timeline, lead. */
function usable(m: HeaderMatch): boolean {
  return taskLike(m) && KEY_FIELDS.filter((f) => keyPresent(m, f)).length >= 3;
}

function looksLikeHeaderText(text: string): boolean {
  const folded = foldText(text);
  if (folded === '') return false;
  if (/^\d+$/.test(folded)) return false;
  return folded.split(' ').length <= MAX_HEADER_WORDS;
}

function matchRows(view: GridView, headerRows: number[]): HeaderMatch {
  const columns: HeaderColumn[] = [];
  const fields: Partial<Record<Field, number>> = {};
  const unmapped: HeaderColumn[] = [];
  let dataLike = 0;
  for (let c = 1; c <= view.columnCount; c++) {
    const parts: string[] = [];
    for (const r of headerRows) {
      const t = view.text(r, c);
      if (t !== '' && !parts.includes(t)) parts.push(t);
    }
    if (parts.length === 0) continue;
    const header = parts.join(' / ');
    const headerish = parts.every(looksLikeHeaderText);
    if (!headerish) dataLike++;
    const matched = headerish ? headerMatch(parts.join(' ')) : null;
    const field = matched?.field ?? null;
    const column: HeaderColumn = { col: c, letter: columnLetter(c), header, field, confidence: matched?.confidence ?? 0, basis: matched ? 'header' : 'none' };
    if (field && fields[field] === undefined) fields[field] = c;
    else {
      column.field = null;
      column.basis = 'none';
      column.confidence = 0;
      unmapped.push(column);
    }
    columns.push(column);
  }
  const signature = headerRows.map((r) => {
    const m = new Map<number, string>();
    for (let c = 1; c <= view.columnCount; c++) {
      const t = foldText(view.text(r, c));
      if (t !== '') m.set(c, t);
    }
    return m;
  });
  const match: HeaderMatch = { rows: headerRows, columns, fields, unmapped, signature, score: 0 };
  const keys = KEY_FIELDS.filter((f) => keyPresent(match, f)).length;
  const others = Object.keys(fields).length;
  // Long texts and bare numbers are data, not header words: a data row must not outscore the header.
  match.score = Math.max(0, keys * 10 + others - dataLike * 5);
  return match;
}

/** True when a row repeats one of the header's rows (a page break in a table that came from a PDF). */
export function repeatsHeader(view: GridView, row: number, header: HeaderMatch): boolean {
  for (const sig of header.signature) {
    if (sig.size < 2) continue;
    let same = 0;
    let filled = 0;
    for (let c = 1; c <= view.columnCount; c++) {
      const t = view.ownText(row, c);
      if (t === '') continue;
      filled++;
      const expected = sig.get(c);
      // Folding is the costly part of reading a large table; a cell much longer than the header's cannot repeat it.
      if (expected !== undefined && t.length <= expected.length * 2 + 8 && expected === foldText(t)) same++;
    }
    if (filled >= 2 && same >= Math.max(2, Math.ceil(sig.size * 0.6)) && same >= filled - 1) return true;
  }
  return false;
}

/** A row that only numbers the columns, "(1) (2) (3) ...", often printed under the header. */
export function isColumnNumberRow(view: GridView, row: number): boolean {
  let expected = 0;
  let count = 0;
  for (let c = 1; c <= view.columnCount; c++) {
    const t = view.ownText(row, c);
    if (t === '') continue;
    const m = /^\(?(\d{1,2})\)?$/.exec(t.trim());
    if (!m) return false;
    const n = Number(m[1]);
    if (count > 0 && n !== expected) return false;
    expected = n + 1;
    count++;
  }
  return count >= 3;
}

/** Rows of data looked at to tell a column of section titles from a column of tasks. */
const SAMPLE_ROWS = 400;

/**
 * Two columns whose headers both name the task ("Nhiệm vụ chung" | "Nhiệm vụ cụ thể", "Nội dung" |
 * "Nhiệm vụ"): the left one is the section column when its header or its cells say so (fewer
 * cells, each a section heading or merged down over rows); otherwise the right one is read as
 * the activity. Either way neither column of text is left unread.
 */
function settleTaskColumns(view: GridView, m: HeaderMatch): void {
  const left = m.columns.find((c) => c.col === m.fields.task);
  const right = m.unmapped.find((c) => c.col > (m.fields.task ?? Infinity) && fieldOfHeader(c.header) === 'task');
  if (!left || !right) return;
  const start = Math.max(...m.rows) + 1;
  const end = Math.min(view.rowCount, start + SAMPLE_ROWS);
  let leftCells = 0;
  let rightCells = 0;
  let headings = 0;
  for (let r = start; r <= end; r++) {
    const l = view.ownText(r, left.col);
    if (view.ownText(r, right.col) !== '') rightCells++;
    if (l === '') continue;
    leftCells++;
    const area = view.areaAt(r, left.col);
    const heading = parseSectionHeading(l, true);
    if ((heading && heading.title !== '') || (area && area.bottom > area.top) || reformAreaOf(l) !== 'unknown') headings++;
  }
  const leftHeader = foldText(left.header);
  const saysSection = ['chung', 'linh vuc', 'nhom'].some((w) => hasWords(leftHeader, w)) || hasWords(foldText(right.header), 'cu the');
  const isSection =
    m.fields.section === undefined && leftCells > 0 && leftCells < rightCells && (headings === leftCells || (saysSection && headings * 2 >= leftCells));
  const take = (column: HeaderColumn, field: Field) => {
    column.field = field;
    column.basis = 'content';
    column.confidence = isSection && saysSection ? 0.9 : 0.7;
    m.fields[field] = column.col;
    m.unmapped = m.unmapped.filter((c) => c !== column);
  };
  if (isSection) {
    take(left, 'section');
    take(right, 'task');
  } else if (m.fields.activity === undefined) {
    take(right, 'activity');
  }
}
