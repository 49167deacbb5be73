import { applyOffset } from '../../ledger/calendar.ts';
import { isRealDate, type IsoDate } from '../../ledger/dates.ts';
import type { Deadline } from '../../ledger/deadline.ts';

/**
 * The due date of a relative deadline once its trigger has happened on `triggerDate`
 * ("07 ngày làm việc kể từ ngày nhận được văn bản", received 2021-03-05 → 2021-03-16).
 * The trigger day itself is not counted; working days skip Saturdays, Sundays and `holidays`.
 * Null for every other kind (a conditional deadline names no span to count) and for a date that does not exist.
 */
export function dueAfterTrigger(deadline: Deadline, triggerDate: IsoDate, holidays: ReadonlySet<IsoDate> = new Set()): IsoDate | null {
  if (deadline.kind !== 'relative' || !deadline.offset || !isRealDate(triggerDate)) return null;
  return applyOffset(triggerDate, deadline.offset, holidays);
}
