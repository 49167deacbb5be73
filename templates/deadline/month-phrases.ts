import { isThrough, LIST_SEPARATOR, matchAt, unreadable, writtenYear, YEAR_SUFFIX, type PeriodPhrase, type PhraseMatcher } from './period-phrase.ts';
import { monthsSpan } from './period-windows.ts';

// Any one or two digits, so that "Tháng 13/2021" is caught as impossible rather than skipped.
const MONTH = '\\d{1,2}(?![0-9])';
// "Tháng 8/2021", "tháng 12 năm 2020", "Tháng 04-10/2021", "Tháng 3, 6, 9, 12/2021", "tháng 8".
const MONTH_LIST = new RegExp(`thang\\s*(${MONTH}(?:\\s*${LIST_SEPARATOR}\\s*(?:thang\\s*)?${MONTH})*)${YEAR_SUFFIX}`, 'y');
const LIST_ITEM = new RegExp(`(?:(${LIST_SEPARATOR})\\s*)?(?:thang\\s*)?(${MONTH})`, 'g');
// "12/2021" without the word "tháng" (not "09/2019/NĐ-CP"); only a real month, since "31.2021" may be anything.
const MONTH_YEAR = /(0?[1-9]|1[0-2])(?![0-9])\s*[/.-]\s*(\d{4})(?![0-9]|\s*[/.-]\s*\d)/y;

/** [from, to] month pairs in calendar order: "04-10" is one pair, "3, 6" two. Null when a month does not exist or a pair runs backwards. */
function monthSegments(list: string): Array<[number, number]> | null {
  const segments: Array<[number, number]> = [];
  for (const m of list.matchAll(LIST_ITEM)) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    const last = segments.at(-1);
    if (last && isThrough(m[1])) {
      if (month < last[1]) return null;
      last[1] = month;
    } else segments.push([month, month]);
  }
  return segments.sort((a, b) => a[0] - b[0]);
}

function monthPhrase(from: number, to: number, segments: Array<[number, number]> | null, yearDigits: string | undefined): PeriodPhrase {
  const year = writtenYear(yearDigits);
  const first = segments?.[0];
  if (year === null || !segments || !first) return unreadable(from, to);
  return {
    from,
    to,
    kind: segments.length === 1 ? monthsSpan(null, first[0], first[1]).kind : 'month',
    year: year ?? null,
    spans: (y) => segments.map(([a, b]) => monthsSpan(y, a, b)),
  };
}

export const matchMonth: PhraseMatcher = (folded, at) => {
  let m = matchAt(MONTH_LIST, folded, at);
  if (m) {
    return monthPhrase(at, at + m[0].length, monthSegments(m[1] ?? ''), m[2]);
  }
  m = matchAt(MONTH_YEAR, folded, at);
  if (m) {
    const month = Number(m[1]);
    return monthPhrase(at, at + m[0].length, [[month, month]], m[2]);
  }
  return null;
};
