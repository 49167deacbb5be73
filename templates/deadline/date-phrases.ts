import { formatVietnameseDate, isRealDate, type IsoDate } from '../../ledger/dates.ts';
import { matchAt, unreadable, writtenYear, type PeriodPhrase, type PhraseMatcher } from './period-phrase.ts';
import { daySpan } from './period-windows.ts';

// dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (one separator throughout, so "04-10/2021" is not a day), "ngày" optional.
const DAY_MONTH_YEAR = /(?:ngay\s*)?(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![0-9])/y;
// "ngày 17 tháng 9 năm 2021"; without the year only after "ngày".
const DAY_MONTH_YEAR_WORDS = /(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:,?\s*nam|[/.-])\s*(\d{4})(?![0-9])/y;
const DAY_MONTH_WORDS = /ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})(?![0-9])/y;
// What an Excel date cell becomes when a caller passes its ISO form.
const ISO = /(\d{4})-(\d{1,2})-(\d{1,2})(?:t[0-9:.]*(?:z|[+-]\d{2}(?::?\d{2})?)?)?(?![0-9])/y;
// "30/6", "ngày 15/8": the year comes from the plan.
const DAY_MONTH = /(?:ngay\s*)?(\d{1,2})\s*\/\s*(\d{1,2})(?![0-9]|\s*\/\s*\d)/y;

function isoOf(year: number, month: number, day: number): IsoDate | null {
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

function datePhrase(from: number, to: number, day: number, month: number, yearDigits: string | undefined): PeriodPhrase {
  const year = writtenYear(yearDigits);
  if (year === null) return unreadable(from, to);
  if (year !== undefined) {
    const date = isoOf(year, month, day);
    if (!date) return unreadable(from, to);
    return { from, to, kind: 'date', year, spans: () => [daySpan(date, formatVietnameseDate(date))] };
  }
  if (!isoOf(2000, month, day)) return unreadable(from, to); // 2000 is a leap year: 29/02 may exist
  return {
    from,
    to,
    kind: 'date',
    year: null,
    spans: (y) => {
      const date = y === null ? null : isoOf(y, month, day);
      return [daySpan(date, date ? formatVietnameseDate(date) : `${day}/${month}`)];
    },
  };
}

export const matchDate: PhraseMatcher = (folded, at) => {
  let m = matchAt(DAY_MONTH_YEAR, folded, at);
  if (m) return datePhrase(at, at + m[0].length, Number(m[1]), Number(m[3]), m[4]);
  m = matchAt(DAY_MONTH_YEAR_WORDS, folded, at);
  if (m) return datePhrase(at, at + m[0].length, Number(m[1]), Number(m[2]), m[3]);
  m = matchAt(ISO, folded, at);
  if (m) return datePhrase(at, at + m[0].length, Number(m[3]), Number(m[2]), m[1]);
  m = matchAt(DAY_MONTH_WORDS, folded, at) ?? matchAt(DAY_MONTH, folded, at);
  if (m) return datePhrase(at, at + m[0].length, Number(m[1]), Number(m[2]), undefined);
  return null;
};
