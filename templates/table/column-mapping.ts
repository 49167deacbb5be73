import { FIELD_HEADERS_VI, type Field } from './fields.ts';
import { foldText } from './fold.ts';
import { columnLetter, type GridView } from './grid.ts';
import type { HeaderColumn, HeaderMatch } from './header.ts';
import { TableError } from './table-error.ts';

/** What the user says each column holds: letter → field, or null for "do not read it". */
export type ColumnMapping = Record<string, Field | null>;

/** The field names `--columns` takes; "none" (or "-") leaves a column unread. */
export const MAPPABLE_FIELDS = Object.keys(FIELD_HEADERS_VI) as Field[];
const ALIASES: Record<string, Field | null> = { stt: 'number', none: null, skip: null, '-': null };

const badColumns = (vi: string, en: string) => new TableError('bad-columns', vi, en, {});

/** Reads `"A=section,B=task,C=output"` into a mapping; a clear error for an unknown letter or field. */
export function parseColumnMapping(text: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  const known = `${MAPPABLE_FIELDS.join(', ')}, none`;
  for (const part of text.split(/[,;]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([A-Za-z]{1,3})\s*[=:]\s*([A-Za-z-]+)\s*$/.exec(part);
    if (!m) {
      throw badColumns(
        `--columns: "${part.trim()}" không đúng dạng CỘT=TRƯỜNG (vd. "A=section,B=task"). Các trường: ${known}.`,
        `--columns: "${part.trim()}" is not COLUMN=FIELD (e.g. "A=section,B=task"). Fields: ${known}.`,
      );
    }
    const letter = m[1]!.toUpperCase();
    const name = m[2]!;
    const field = MAPPABLE_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase()) ?? ALIASES[name.toLowerCase()];
    if (field === undefined) {
      throw badColumns(`--columns: trường "${name}" (cột ${letter}) không có. Các trường: ${known}.`, `--columns: no field "${name}" (column ${letter}). Fields: ${known}.`);
    }
    if (letter in mapping) throw badColumns(`--columns: cột ${letter} được nêu hai lần.`, `--columns: column ${letter} is given twice.`);
    mapping[letter] = field;
  }
  const taken = new Map<Field, string>();
  for (const [letter, field] of Object.entries(mapping)) {
    if (field === null) continue;
    const other = taken.get(field);
    if (other) throw badColumns(`--columns: trường "${field}" được gán cho cả cột ${other} và ${letter}.`, `--columns: field "${field}" is given to both ${other} and ${letter}.`);
    taken.set(field, letter);
  }
  return mapping;
}

/** The mapping as `--columns` writes it: "A=section,B=task,...". */
export function columnMappingText(columns: ReadonlyArray<Pick<HeaderColumn, 'letter' | 'field'>>): string {
  return columns.map((c) => `${c.letter}=${c.field ?? 'none'}`).join(',');
}

/**
 * The user's word over the reader's: each column named in the mapping takes that field (a field
 * given to one column leaves any other column that had it). Refuses a mapping that leaves no task
 * column or names a column beyond the table.
 */
export function applyColumnMapping(view: GridView, header: HeaderMatch, mapping: ColumnMapping): void {
  for (const [letter, field] of Object.entries(mapping)) {
    const col = columnNumber(letter);
    if (col > view.columnCount) {
      throw badColumns(
        `--columns: cột ${letter} nằm ngoài bảng (bảng có ${view.columnCount} cột, đến cột ${columnLetter(view.columnCount)}).`,
        `--columns: column ${letter} is beyond the table (it has ${view.columnCount} columns, up to ${columnLetter(view.columnCount)}).`,
      );
    }
    let column = header.columns.find((c) => c.col === col);
    if (!column) {
      column = { col, letter, header: '', field: null, confidence: 0, basis: 'none' };
      header.columns.push(column);
      header.columns.sort((a, b) => a.col - b.col);
    }
    if (field !== null) {
      for (const other of header.columns) {
        if (other !== column && other.field === field) {
          other.field = null;
          other.basis = 'none';
          other.confidence = 0;
        }
      }
    }
    column.field = field;
    column.basis = 'user';
    column.confidence = 1;
  }
  const fields: HeaderMatch['fields'] = {};
  for (const c of header.columns) if (c.field) fields[c.field] = c.col;
  header.fields = fields;
  header.unmapped = header.columns.filter((c) => c.field === null && c.basis !== 'user' && c.header !== '');
  if (fields.task === undefined && fields.activity === undefined && fields.objective === undefined) {
    throw badColumns(
      '--columns: không còn cột nội dung, nhiệm vụ nào (cần task, activity hoặc objective).',
      '--columns: no task column is left (task, activity or objective is needed).',
    );
  }
}

/** The mapping a plan was read with, to store in its source: the mapped columns (and those the user left unread) with their header text. */
export function mappingOfHeader(header: Pick<HeaderMatch, 'columns'>): Array<{ column: string; header: string; field: string }> {
  return header.columns
    .filter((c) => c.field !== null || c.basis === 'user')
    .map((c) => ({ column: c.letter, header: c.header, field: c.field ?? 'none' }));
}

/**
 * A stored mapping applies again to a table whose header has the same text in every column it
 * names (the same table, re-imported): returns it as a ColumnMapping, else null.
 */
export function storedMappingFor(
  stored: ReadonlyArray<{ column: string; header: string; field: string }>,
  header: Pick<HeaderMatch, 'columns'>,
): ColumnMapping | null {
  const mapping: ColumnMapping = {};
  for (const s of stored) {
    const now = header.columns.find((c) => c.letter === s.column);
    if (!now || foldText(now.header) !== foldText(s.header)) return null;
    if (s.field === 'none') mapping[s.column] = null;
    else if (MAPPABLE_FIELDS.includes(s.field as Field)) mapping[s.column] = s.field as Field;
    else return null;
  }
  return mapping;
}

type StoredColumn = { column: string; field: string };

/** True when two stored mappings give the same fields to the same columns. */
export function sameMapping(a: readonly StoredColumn[], b: readonly StoredColumn[]): boolean {
  const text = (m: readonly StoredColumn[]) => m.map((c) => `${c.column}=${c.field}`).sort().join(',');
  return text(a) === text(b);
}

/** The column numbers a mapping gives a field to (for finding a header the reader has no words for). */
export function mappedColumns(mapping: ColumnMapping | undefined): number[] {
  return Object.entries(mapping ?? {}).flatMap(([letter, field]) => (field === null ? [] : [columnNumber(letter)]));
}

function columnNumber(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

