import type { IsoDate } from './dates.ts';
import type { Offset } from './deadline.ts';

const toUtc = (date: IsoDate) => new Date(`${date}T00:00:00.000Z`);
const toIso = (d: Date): IsoDate => d.toISOString().slice(0, 10);

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** Same day N months later, clamped to the month's end (31/01 + 1 month = 28 or 29/02). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return toIso(d);
}

export function isWorkingDay(date: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  const weekday = toUtc(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The Nth working day after `date` (the day itself not counted): Saturdays, Sundays and holidays skipped. */
export function addWorkingDays(date: IsoDate, n: number, holidays: ReadonlySet<IsoDate> = new Set()): IsoDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** The due date an offset gives from its trigger's date. */
export function applyOffset(date: IsoDate, offset: Offset, holidays: ReadonlySet<IsoDate> = new Set()): IsoDate {
  switch (offset.unit) {
    case 'working-days':
      return addWorkingDays(date, offset.amount, holidays);
    case 'days':
      return addDays(date, offset.amount);
    case 'months':
      return addMonths(date, offset.amount);
  }
}

/** The last day of a month (month 1-12). */
export function endOfMonth(year: number, month: number): IsoDate {
  return toIso(new Date(Date.UTC(year, month, 0)));
}
