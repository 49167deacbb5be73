import { formatVietnameseDate, type IsoDate } from '../../ledger/dates.ts';
import { LedgerError } from '../../ledger/errors.ts';
import type { Actor, DocumentRef, EventDraft, Origin } from '../../ledger/events.ts';
import { entryOf, type ItemState, type LedgerState } from '../../ledger/state.ts';
import { STATUS_LABELS_VI, type Status } from '../../ledger/status.ts';
import { parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { futureDateProblem } from './future-date.ts';

/** What the pane's corrections card asks the ledger to do, in the user's own terms. */
export type Correction =
  /** A mistaken entry voided, with why. */
  | { kind: 'void'; event: string; reason: string }
  /** A done item reopened (its status moved away from "Hoàn thành"), with why. */
  | { kind: 'reopen'; item: string; status: Status; reason: string }
  /** The completion date of a done item corrected. */
  | { kind: 'completion-date'; item: string; date: IsoDate }
  /** The trigger of a relative or conditional deadline happened ("Sau khi có Quyết định …"). */
  | { kind: 'condition'; item: string; effective: IsoDate; document?: string; due?: IsoDate };

const missing = (vi: string, en: string, field: string) => new LedgerError('schema', vi, en, { field });

/**
 * The events that carry out a correction: all appended at once (ledger.append takes a list and
 * stores all or none), so a corrected completion date is never left voided without its new date.
 * Throws a LedgerError, in both languages, for what the user left out or got wrong; the ledger's
 * rules check the rest when the events are appended.
 */
export function correctionDrafts(state: LedgerState, actor: Actor, correction: Correction, today: IsoDate): EventDraft[] {
  switch (correction.kind) {
    case 'void': {
      const reason = correction.reason.trim();
      if (reason === '') throw missing('Hãy ghi lý do hủy ghi nhận.', 'Give the reason for voiding the entry.', 'reason');
      return [{ type: 'event.voided', actor, data: { event: correction.event, reason } }];
    }
    case 'reopen': {
      const item = itemOf(state, correction.item);
      const reason = correction.reason.trim();
      if (reason === '') {
        throw missing(
          `Hãy ghi lý do mở lại mục theo dõi ${item.definition.numbering} đã hoàn thành.`,
          `Give the reason for reopening item ${item.definition.numbering}, which is done.`,
          'note',
        );
      }
      return [{ type: 'status.changed', actor, data: { item: item.definition.id, status: correction.status, effective: today, note: reason } }];
    }
    case 'completion-date': {
      const item = itemOf(state, correction.item);
      return completionDateDrafts(item, actor, correction.date, today);
    }
    case 'condition': {
      const item = itemOf(state, correction.item);
      notAfterToday(correction.effective, today, 'effective');
      if (correction.due !== undefined && correction.due < correction.effective) {
        throw missing(
          `Hạn hoàn thành ${formatVietnameseDate(correction.due)} sớm hơn ngày có điều kiện ${formatVietnameseDate(correction.effective)}.`,
          `The due date ${correction.due} is before the day the condition was met (${correction.effective}).`,
          'due',
        );
      }
      const document: DocumentRef | undefined = correction.document?.trim() ? parseDocumentRef(correction.document) : undefined;
      return [
        {
          type: 'condition.met',
          actor,
          data: { item: item.definition.id, effective: correction.effective, ...(document && { document }), ...(correction.due !== undefined && { due: correction.due }) },
        },
      ];
    }
  }
}

/**
 * A corrected completion date: the change that made the item done is voided and made again on
 * the right day, as two events of one append. Also what a date corrected in the sheet records.
 */
export function completionDateDrafts(item: ItemState, actor: Actor, date: IsoDate, today: IsoDate, origin?: Origin): EventDraft[] {
  const madeDone = item.status === 'done' ? item.statuses[item.statuses.length - 1] : undefined;
  if (!madeDone) {
    throw missing(
      `Mục theo dõi ${item.definition.numbering} chưa hoàn thành: chưa có ngày hoàn thành để sửa.`,
      `Item ${item.definition.numbering} is not done: there is no completion date to correct.`,
      'completedOn',
    );
  }
  notAfterToday(date, today, 'completedOn');
  if (date === item.completedOn) {
    throw missing(`Ngày hoàn thành đã là ${formatVietnameseDate(date)}.`, `The completion date is already ${date}.`, 'completedOn');
  }
  return [
    {
      type: 'event.voided',
      actor,
      data: { event: madeDone.id, reason: `Sửa ngày hoàn thành từ ${item.completedOn ? formatVietnameseDate(item.completedOn) : '(trống)'} thành ${formatVietnameseDate(date)}.` },
    },
    { type: 'status.changed', actor, data: { item: item.definition.id, status: 'done', effective: date, ...(origin && { origin }) } },
  ];
}

function itemOf(state: LedgerState, id: string): ItemState {
  const item = entryOf(state.items, id);
  if (!item) throw new LedgerError('unknown-item', `Không có nhiệm vụ mã ${id} trong kế hoạch.`, `No item ${id} in the plan.`, { item: id, field: 'item' });
  return item;
}

function notAfterToday(date: IsoDate, today: IsoDate, field: string): void {
  const future = futureDateProblem(date, today);
  if (future) throw missing(future.vi, future.en, field);
}

/** The statuses a done item may be reopened to, in the order the drop-down lists them. */
export const REOPEN_STATUSES: readonly Status[] = (Object.keys(STATUS_LABELS_VI) as Status[]).filter((s) => s !== 'done');
