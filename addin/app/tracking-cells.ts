import { formatVietnameseDate, parseUserDate, type IsoDate } from '../../ledger/dates.ts';
import type { DocumentRef } from '../../ledger/events.ts';
import type { EvidenceEntry, ItemState, NoteEntry } from '../../ledger/state.ts';
import { STATUS_LABELS_VI, parseStatus } from '../../ledger/status.ts';
import { splitCitations } from '../../templates/evidence/document-link.ts';
import { formatDocumentRef, parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import type { CellRect } from '../excel/a1.ts';
import type { CellValue, SheetRead } from '../excel/host.ts';
import { isoDateOfSerial } from '../excel/serial-date.ts';
import type { Binding } from './binding.ts';
import { TRACKING_FIELDS, type TrackingField } from './tracking-columns.ts';

/** The tracking cells of one table row, as the sheet holds them. */
export interface TrackingRow {
  /** Sheet row, 1-based. */
  row: number;
  cells: Record<TrackingField, CellValue>;
}

/** The recorded fields: everything but the item id. */
export type RecordedField = Exclude<TrackingField, 'ref'>;
export const RECORDED_FIELDS: readonly RecordedField[] = ['status', 'completedOn', 'evidence', 'progressNote'];

/** The block holding the tracking columns for sheet rows `from`..`to` (1-based, inclusive). */
export function trackingBlock(binding: Binding, from: number, to: number): CellRect {
  const cols = TRACKING_FIELDS.map((f) => binding.columns[f]);
  const left = Math.min(...cols);
  return { row: from - 1, col: left - 1, rows: to - from + 1, cols: Math.max(...cols) - left + 1 };
}

/** The rows of a read of `trackingBlock`. */
export function trackingRowsOf(read: SheetRead, binding: Binding): TrackingRow[] {
  const out: TrackingRow[] = [];
  for (let r = 0; r < read.rect.rows; r++) {
    const cells = {} as Record<TrackingField, CellValue>;
    for (const field of TRACKING_FIELDS) cells[field] = read.values[r]?.[binding.columns[field] - 1 - read.rect.col] ?? null;
    out.push({ row: read.rect.row + r + 1, cells });
  }
  return out;
}

export const cellString = (v: CellValue): string => (v === null ? '' : typeof v === 'string' ? v.normalize('NFC').trim() : String(v));

export type DateCell = { kind: 'empty' } | { kind: 'date'; date: IsoDate } | { kind: 'invalid'; text: string };

/** A completion-date cell: text typed as dd/mm/yyyy, or a date Excel stored as a serial number. */
export function readDateCell(value: CellValue): DateCell {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return { kind: 'empty' };
  if (typeof value === 'number') {
    const date = isoDateOfSerial(value);
    return date ? { kind: 'date', date } : { kind: 'invalid', text: String(value) };
  }
  const date = parseUserDate(String(value));
  return date ? { kind: 'date', date } : { kind: 'invalid', text: String(value) };
}

const lastRecorded = <T extends { seq: number }>(entries: readonly T[]): T | undefined =>
  entries.reduce<T | undefined>((best, e) => (best === undefined || e.seq > best.seq ? e : best), undefined);

export const latestNote = (item: ItemState): NoteEntry | undefined => lastRecorded(item.notes);

/**
 * The documents an evidence cell cites: one a line, or separated by ";", each perhaps with its
 * https address. Throws a LedgerError for an address that is not https.
 */
export function citedDocuments(value: CellValue): DocumentRef[] {
  return splitCitations(cellString(value)).map(parseDocumentRef);
}

/** The documents of `cited` the item's recorded evidence does not hold yet, and the recorded ones `cited` leaves out. */
export function evidenceDifference(cited: readonly DocumentRef[], item: ItemState): { added: DocumentRef[]; left: EvidenceEntry[] } {
  return {
    added: cited.filter((doc, i) => !item.evidence.some((e) => sameDocument(e.document, doc)) && cited.findIndex((d) => sameDocument(d, doc)) === i),
    left: item.evidence.filter((e) => !cited.some((doc) => sameDocument(e.document, doc))),
  };
}

/** What the sheet shows for an item, as the ledger has it; every recorded document, one a line. */
export function shownValues(item: ItemState): Record<RecordedField, string> {
  return {
    status: STATUS_LABELS_VI[item.status],
    completedOn: item.completedOn ? formatVietnameseDate(item.completedOn) : '',
    evidence: item.evidence.map((e) => formatDocumentRef(e.document)).join('\n'),
    progressNote: latestNote(item)?.note ?? '',
  };
}

function sameDocument(a: DocumentRef, b: DocumentRef): boolean {
  return formatDocumentRef(a) === formatDocumentRef(b) && (a.title ?? '') === (b.title ?? '') && (a.issuer ?? '') === (b.issuer ?? '');
}

/** Whether a cell says what the ledger says (the same status in other words, the same document cited differently, count as the same). */
export function cellAgrees(field: RecordedField, value: CellValue, item: ItemState): boolean {
  const text = cellString(value);
  switch (field) {
    case 'status':
      return text === STATUS_LABELS_VI[item.status] || (text !== '' && parseStatus(text) === item.status);
    case 'completedOn': {
      const cell = readDateCell(value);
      return cell.kind === 'empty' ? item.completedOn === null : cell.kind === 'date' && cell.date === item.completedOn;
    }
    case 'evidence': {
      let cited: DocumentRef[];
      try {
        cited = citedDocuments(value);
      } catch {
        return false; // an address the ledger would refuse: not what it holds
      }
      const { added, left } = evidenceDifference(cited, item);
      return added.length === 0 && left.length === 0;
    }
    case 'progressNote':
      return text === (latestNote(item)?.note ?? '').trim();
  }
}
