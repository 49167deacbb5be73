import { formatVietnameseDate, type IsoDate } from '../../ledger/dates.ts';

/**
 * Why `date` cannot be the day something happened (an item done, a condition met) or a day to look
 * back at: it is after `today` in Vietnam. Null when it may stand. The pane's one check, wherever a
 * date is given: typed in the sheet, a cited document's, answered to its question, in a correction,
 * for a snapshot. The ledger's rules do not make it (`cchc record --effective` takes any date), so
 * it lives here.
 */
export function futureDateProblem(date: IsoDate, today: IsoDate): { vi: string; en: string } | null {
  if (date <= today) return null;
  return { vi: `Ngày ${formatVietnameseDate(date)} ở tương lai (hôm nay là ${formatVietnameseDate(today)}).`, en: `${date} is in the future (today is ${today}).` };
}
