import { endOfMonth } from '../../ledger/calendar.ts';
import type { IsoDate } from '../../ledger/dates.ts';
import type { DeadlineKind } from '../../ledger/deadline.ts';

/** One calendar window a timeline names ("Quý II/2021": 2021-04-01 to 2021-06-30); dates null while the year is unknown. */
export interface Span {
  label: string;
  kind: DeadlineKind;
  start: IsoDate | null;
  due: IsoDate | null;
}

// Plans of the last and the next century: outside this a four-digit number is not a plan year.
export const isPlanYear = (n: number): boolean => Number.isInteger(n) && n >= 1900 && n <= 2199;

const pad2 = (n: number) => String(n).padStart(2, '0');
const yearSuffix = (year: number | null) => (year === null ? '' : `/${year}`);

export const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV'] as const;

export function firstOfMonth(year: number, month: number): IsoDate {
  return `${year}-${pad2(month)}-01`;
}

export function daySpan(date: IsoDate | null, label: string): Span {
  return { label, kind: 'date', start: date, due: date };
}

/** Months `from`..`to` of one year (a single month when equal). */
export function monthsSpan(year: number | null, from: number, to: number = from): Span {
  const label = from === to ? `Tháng ${pad2(from)}${yearSuffix(year)}` : `Tháng ${pad2(from)}-${pad2(to)}${yearSuffix(year)}`;
  return {
    label,
    kind: from === to ? 'month' : 'range',
    start: year === null ? null : firstOfMonth(year, from),
    due: year === null ? null : endOfMonth(year, to),
  };
}

export function quarterSpan(year: number | null, quarter: number): Span {
  return {
    label: `Quý ${ROMAN_QUARTERS[quarter - 1] ?? quarter}${yearSuffix(year)}`,
    kind: 'quarter',
    start: year === null ? null : firstOfMonth(year, quarter * 3 - 2),
    due: year === null ? null : endOfMonth(year, quarter * 3),
  };
}

export function yearSpan(year: number | null, kind: DeadlineKind = 'year'): Span {
  return {
    label: year === null ? 'Năm kế hoạch' : `Năm ${year}`,
    kind,
    start: year === null ? null : `${year}-01-01`,
    due: year === null ? null : `${year}-12-31`,
  };
}

/** "6 tháng đầu năm" (first = true) or "6 tháng cuối năm": the first or last `months` months of the year. */
export function partOfYearSpan(year: number | null, months: number, first: boolean): Span {
  const from = first ? 1 : 13 - months;
  const to = first ? months : 12;
  return {
    label: `${months} tháng ${first ? 'đầu' : 'cuối'} năm${year === null ? '' : ` ${year}`}`,
    kind: 'range',
    start: year === null ? null : firstOfMonth(year, from),
    due: year === null ? null : endOfMonth(year, to),
  };
}
