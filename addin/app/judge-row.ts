import type { IsoDate } from '../../ledger/dates.ts';
import { LedgerError } from '../../ledger/errors.ts';
import type { Actor, DocumentRef, EventDraft, Origin } from '../../ledger/events.ts';
import type { ItemState } from '../../ledger/state.ts';
import { STATUS_LABELS_VI, checkTransition, parseStatus, type Status } from '../../ledger/status.ts';
import type { CellValue } from '../excel/host.ts';
import { cellAgrees, cellString, citedDocuments, evidenceDifference, latestNote, readDateCell, type RecordedField, type TrackingRow } from './tracking-cells.ts';
import { completionDateDrafts } from './correction-drafts.ts';
import { futureDateProblem } from './future-date.ts';
import { STATUS_CHOICES, TRACKING_HEADERS } from './tracking-columns.ts';

/** A value the ledger would not take: what was typed, where, and why. */
export interface Refusal {
  row: number;
  item: string;
  numbering: string;
  field: RecordedField;
  /** What the cell held, as typed, so that nothing is lost. */
  typed: string;
  vi: string;
  en: string;
  /** The message tells the user to void an entry: the pane offers the button that does it. */
  voidable?: true;
}

export interface RowJudgement {
  drafts: EventDraft[];
  refusals: Refusal[];
  /** "Hoàn thành" chosen with no completion date: nothing recorded yet, the pane asks for the date. */
  needsDate: boolean;
  /** A done item's status changed with no reason written: nothing recorded yet, the pane asks for the reason. */
  needsReason: Status | null;
}

export interface JudgeContext {
  actor: Actor;
  /** Today in Vietnam: no completion or document date may be later. */
  today: IsoDate;
  /** Where each cell's value came from, when the actor only copies it into the ledger (differences found on reopening). */
  originOf?: (field: RecordedField) => Origin | undefined;
}

/**
 * Turns what a row of the table now says into ledger events, comparing it with the item as the
 * ledger has it (never with what Excel says the cell held before). Each value the rules would
 * refuse becomes a Refusal instead; the caller puts the ledger's value back in that cell.
 */
export function judgeRow(item: ItemState, row: TrackingRow, ctx: JudgeContext): RowJudgement {
  const id = item.definition.id;
  const drafts: EventDraft[] = [];
  const refusals: Refusal[] = [];
  let needsDate = false;
  let needsReason: Status | null = null;
  const originOf = (field: RecordedField) => {
    const origin = ctx.originOf?.(field);
    return origin ? { origin } : {};
  };
  const refuse = (field: RecordedField, value: CellValue, vi: string, en: string) =>
    refusals.push({
      row: row.row,
      item: id,
      numbering: item.definition.numbering,
      field,
      typed: cellString(value),
      vi: `Dòng ${row.row}, mục theo dõi ${item.definition.numbering}, cột "${TRACKING_HEADERS[field]}": ${vi}`,
      en: `Row ${row.row}, item ${item.definition.numbering}, column "${TRACKING_HEADERS[field]}": ${en}`,
    });
  const { status: statusCell, completedOn: dateCell, evidence: evidenceCell, progressNote: noteCell } = row.cells;

  // Progress note: a new text is a note; an emptied cell cannot unsay one.
  const noteText = cellString(noteCell);
  const previousNote = latestNote(item)?.note.trim() ?? '';
  const newNote = noteText !== '' && noteText !== previousNote ? noteText : undefined;
  if (noteText === '' && previousNote !== '') {
    refuse('progressNote', noteCell, 'ghi chú đã ghi không xóa được; hãy ghi ghi chú mới.', 'a recorded note cannot be erased; write a new one.');
  }

  // Status and completion date go together: "done" takes its date from the date column.
  const statusText = cellString(statusCell);
  const typedStatus = statusText === '' ? null : parseStatus(statusText);
  const date = readDateCell(dateCell);
  let statusRefused = false;
  if (statusText === '') {
    statusRefused = true;
    refuse('status', statusCell, 'trạng thái không để trống.', 'the status cannot be left empty.');
  } else if (typedStatus === null) {
    statusRefused = true;
    refuse(
      'status',
      statusCell,
      `"${statusText}" không phải một trạng thái. Chọn một trong: ${STATUS_CHOICES.join(', ')}.`,
      `"${statusText}" is not a status. Choose one of: ${STATUS_CHOICES.join(', ')}.`,
    );
  }
  const newStatus: Status | null = typedStatus !== null && typedStatus !== item.status ? typedStatus : null;
  const becomesDone = (newStatus ?? item.status) === 'done' && !statusRefused;

  let dateUsable = false;
  const future = date.kind === 'date' ? futureDateProblem(date.date, ctx.today) : null;
  if (date.kind === 'invalid') {
    refuse('completedOn', dateCell, `"${date.text}" không phải một ngày (dd/mm/yyyy).`, `"${date.text}" is not a date (dd/mm/yyyy).`);
  } else if (future) {
    refuse('completedOn', dateCell, future.vi, future.en);
  } else if (date.kind === 'date' && !becomesDone && !cellAgrees('completedOn', dateCell, item)) {
    refuse(
      'completedOn',
      dateCell,
      `chỉ ghi ngày hoàn thành khi trạng thái là "${STATUS_LABELS_VI.done}".`,
      `a completion date goes with the status "${STATUS_LABELS_VI.done}" only.`,
    );
  } else {
    dateUsable = true;
  }

  if (newStatus !== null) {
    const reopening = item.status === 'done' && newStatus !== 'done';
    // The reason: typed with the status, or the note written since the item was made done (people write it first).
    const note = reopening ? (newNote ?? noteSinceDone(item)) : undefined;
    if (newStatus === 'done' && !dateUsable && date.kind !== 'empty') {
      refuse('status', statusCell, 'chưa ghi nhận vì ngày hoàn thành chưa hợp lệ.', 'not recorded: the completion date is not valid.');
    } else if (newStatus === 'done' && date.kind === 'empty') {
      needsDate = true;
    } else if (!checkTransition(item.status, newStatus, note).ok) {
      // Reopened with no reason written: nothing recorded yet, the pane asks for the reason.
      needsReason = newStatus;
    } else {
      const effective = newStatus === 'done' && date.kind === 'date' ? date.date : ctx.today;
      drafts.push({
        type: 'status.changed',
        actor: ctx.actor,
        data: { item: id, status: newStatus, effective, ...(note !== undefined && { note }), ...originOf('status') },
      });
    }
  } else if (item.status === 'done' && !statusRefused && dateUsable) {
    if (date.kind === 'empty' && item.completedOn !== null) {
      refuse('completedOn', dateCell, 'mục theo dõi đã hoàn thành cần ngày hoàn thành.', 'a done item needs its completion date.');
    } else if (date.kind === 'date' && date.date !== item.completedOn) {
      // A corrected completion date: the change that made the item done is voided and made again on the right day.
      drafts.push(...completionDateDrafts(item, ctx.actor, date.date, ctx.today, ctx.originOf?.('completedOn')));
    }
  }

  if (newNote !== undefined) drafts.push({ type: 'progress.noted', actor: ctx.actor, data: { item: id, note: newNote, ...originOf('progressNote') } });

  // Evidence: every document the cell cites that the ledger lacks is attached; an emptied cell cannot detach one.
  const evidenceText = cellString(evidenceCell);
  if (evidenceText === '' && item.evidence.length > 0) {
    refuse(
      'evidence',
      evidenceCell,
      'tài liệu kiểm chứng đã ghi không xóa được; nếu ghi nhầm, hãy hủy ghi nhận đó.',
      'recorded evidence cannot be erased; void the entry if it was a mistake.',
    );
    refusals[refusals.length - 1]!.voidable = true;
  }
  let cited: DocumentRef[] = [];
  try {
    cited = citedDocuments(evidenceCell);
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    refuse('evidence', evidenceCell, error.messageVi, error.messageEn);
  }
  for (const document of evidenceDifference(cited, item).added) {
    const future = document.date ? futureDateProblem(document.date, ctx.today) : null;
    if (future) {
      refuse('evidence', evidenceCell, `văn bản ghi: ${future.vi}`, `the document is dated: ${future.en}`);
    } else {
      drafts.push({ type: 'evidence.attached', actor: ctx.actor, data: { item: id, document, ...originOf('evidence') } });
    }
  }
  return { drafts, refusals, needsDate, needsReason };
}

/** The latest note, when written after the change that made the item done. */
function noteSinceDone(item: ItemState): string | undefined {
  const madeDone = item.statuses[item.statuses.length - 1];
  const note = latestNote(item);
  return madeDone && note && note.seq > madeDone.seq ? note.note : undefined;
}
