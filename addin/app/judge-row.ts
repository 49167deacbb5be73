import { formatVietnameseDate, type IsoDate } from '../../ledger/dates.ts';
import type { Actor, EventDraft } from '../../ledger/events.ts';
import type { ItemState } from '../../ledger/state.ts';
import { STATUS_LABELS_VI, checkTransition, parseStatus, type Status } from '../../ledger/status.ts';
import { parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import type { CellValue } from '../excel/host.ts';
import { cellAgrees, cellString, latestNote, readDateCell, type RecordedField, type TrackingRow } from './tracking-cells.ts';
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
}

export interface RowJudgement {
  drafts: EventDraft[];
  refusals: Refusal[];
}

export interface JudgeContext {
  actor: Actor;
  /** Today in Vietnam: no completion or document date may be later. */
  today: IsoDate;
  /** Set when recording differences found on reopening ("outside-addin"). */
  origin?: 'outside-addin';
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
  const origin = ctx.origin ? { origin: ctx.origin } : {};
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
  if (date.kind === 'invalid') {
    refuse('completedOn', dateCell, `"${date.text}" không phải một ngày (dd/mm/yyyy).`, `"${date.text}" is not a date (dd/mm/yyyy).`);
  } else if (date.kind === 'date' && date.date > ctx.today) {
    refuse(
      'completedOn',
      dateCell,
      `ngày hoàn thành ${formatVietnameseDate(date.date)} ở tương lai (hôm nay là ${formatVietnameseDate(ctx.today)}).`,
      `the completion date ${date.date} is in the future (today is ${ctx.today}).`,
    );
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
    const note = reopening ? newNote : undefined;
    if (newStatus === 'done' && !dateUsable && date.kind !== 'empty') {
      refuse('status', statusCell, 'chưa ghi nhận vì ngày hoàn thành chưa hợp lệ.', 'not recorded: the completion date is not valid.');
    } else if (!checkTransition(item.status, newStatus, note).ok) {
      refuse(
        'status',
        statusCell,
        `mục theo dõi đã hoàn thành; muốn chuyển sang "${STATUS_LABELS_VI[newStatus]}" hãy ghi lý do ở cột "${TRACKING_HEADERS.progressNote}" cùng lúc (dán cả hai ô).`,
        `the item is done; to move it to "${newStatus}" write why in "${TRACKING_HEADERS.progressNote}" at the same time (paste both cells).`,
      );
    } else {
      const effective = newStatus === 'done' && date.kind === 'date' ? date.date : ctx.today;
      drafts.push({
        type: 'status.changed',
        actor: ctx.actor,
        data: { item: id, status: newStatus, effective, ...(note !== undefined && { note }), ...origin },
      });
    }
  } else if (item.status === 'done' && !statusRefused && dateUsable) {
    if (date.kind === 'empty' && item.completedOn !== null) {
      refuse('completedOn', dateCell, 'mục theo dõi đã hoàn thành cần ngày hoàn thành.', 'a done item needs its completion date.');
    } else if (date.kind === 'date' && date.date !== item.completedOn) {
      // A corrected completion date: the change that made the item done is voided and made again on the right day.
      const madeDone = item.statuses[item.statuses.length - 1];
      if (madeDone) {
        drafts.push({
          type: 'event.voided',
          actor: ctx.actor,
          data: {
            event: madeDone.id,
            reason: `Sửa ngày hoàn thành từ ${item.completedOn ? formatVietnameseDate(item.completedOn) : '(trống)'} thành ${formatVietnameseDate(date.date)}.`,
          },
        });
        drafts.push({ type: 'status.changed', actor: ctx.actor, data: { item: id, status: 'done', effective: date.date, ...origin } });
      }
    }
  }

  if (newNote !== undefined) drafts.push({ type: 'progress.noted', actor: ctx.actor, data: { item: id, note: newNote, ...origin } });

  // Evidence: a new citation is attached; an emptied cell cannot detach one.
  const evidenceText = cellString(evidenceCell);
  if (!cellAgrees('evidence', evidenceCell, item)) {
    if (evidenceText === '') {
      refuse(
        'evidence',
        evidenceCell,
        'tài liệu kiểm chứng đã ghi không xóa được; nếu ghi nhầm, hãy hủy ghi nhận đó.',
        'recorded evidence cannot be erased; void the entry if it was a mistake.',
      );
    } else {
      const document = parseDocumentRef(evidenceText);
      if (document.date && document.date > ctx.today) {
        refuse(
          'evidence',
          evidenceCell,
          `văn bản ghi ngày ${formatVietnameseDate(document.date)}, ở tương lai.`,
          `the document is dated ${document.date}, in the future.`,
        );
      } else {
        drafts.push({ type: 'evidence.attached', actor: ctx.actor, data: { item: id, document, ...origin } });
      }
    }
  }
  return { drafts, refusals };
}
