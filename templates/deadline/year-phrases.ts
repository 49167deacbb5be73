import { matchAt, unreadable, writtenYear, type PeriodPhrase, type PhraseMatcher } from './period-phrase.ts';
import { partOfYearSpan, quarterSpan, yearSpan } from './period-windows.ts';

// "Năm 2022", "năm 2021-2025"; "2022", "giai đoạn 2021 - 2025" (not "2021-12-31", not "09/2019/...").
const YEAR = /nam\s*(\d{4})(?:\s*(?:-|den|toi)\s*(?:nam\s*)?(\d{4}))?(?![0-9])/y;
const BARE_YEAR = /(?:giai doan\s*)?(\d{4})(?:\s*(?:-|den|toi)\s*(\d{4}))?(?![0-9]|\s*[/.-]\s*\d)/y;
// "Trong năm", "cả năm", "hết năm": the plan's year.
const THIS_YEAR = /(?:trong|ca|suot|het)\s+(?:ca\s+)?nam(?![a-z0-9]|\s*\d)/y;
// "6 tháng đầu năm 2022", "6 tháng cuối năm", "9 tháng đầu năm", "nửa đầu năm".
const PART_OF_YEAR = /(\d{1,2}|sau|chin|ba)\s*thang\s*(dau|cuoi)?\s*(?:cua\s*)?nam(?:\s*(\d{4}))?(?![0-9])/y;
const HALF_OF_YEAR = /nua\s*(dau|cuoi)\s*nam(?:\s*(\d{4}))?(?![0-9])/y;
// "Đầu năm", "Cuối năm 2021": the first or the last quarter.
const EDGE_OF_YEAR = /(dau|cuoi)\s*nam(?:\s*(\d{4}))?(?![0-9])/y;

const MONTH_COUNT_WORDS: Record<string, number> = { ba: 3, sau: 6, chin: 9 };

function yearsPhrase(from: number, to: number, firstDigits: string | undefined, lastDigits: string | undefined): PeriodPhrase {
  const first = writtenYear(firstDigits);
  const last = writtenYear(lastDigits);
  if (first === null || first === undefined || last === null) return unreadable(from, to);
  if (last === undefined) return { from, to, kind: 'year', year: first, spans: () => [yearSpan(first)] };
  if (last < first) return unreadable(from, to);
  // A programme over several years ("Năm 2025-2030", "Giai đoạn 2021-2025"): a milestone each year, due at the end.
  const years = Array.from({ length: last - first + 1 }, (_, k) => yearSpan(first + k));
  return { from, to, kind: 'range', year: last, spans: () => years };
}

export const matchYear: PhraseMatcher = (folded, at) => {
  let m = matchAt(YEAR, folded, at) ?? matchAt(BARE_YEAR, folded, at);
  if (m) return yearsPhrase(at, at + m[0].length, m[1], m[2]);
  m = matchAt(THIS_YEAR, folded, at);
  if (m) return { from: at, to: at + m[0].length, kind: 'year', year: null, spans: (y) => [yearSpan(y)] };
  return null;
};

export const matchPartOfYear: PhraseMatcher = (folded, at) => {
  let m = matchAt(PART_OF_YEAR, folded, at);
  let months: number;
  let first: boolean;
  let digits: string | undefined;
  if (m) {
    months = MONTH_COUNT_WORDS[m[1] ?? ''] ?? Number(m[1]);
    first = m[2] !== 'cuoi';
    digits = m[3];
  } else {
    m = matchAt(HALF_OF_YEAR, folded, at);
    if (!m) return null;
    months = 6;
    first = m[1] === 'dau';
    digits = m[2];
  }
  const year = writtenYear(digits);
  if (year === null || !(months >= 1 && months <= 12)) return unreadable(at, at + m[0].length);
  return { from: at, to: at + m[0].length, kind: 'range', year: year ?? null, spans: (y) => [partOfYearSpan(y, months, first)] };
};

export const matchEdgeOfYear: PhraseMatcher = (folded, at) => {
  const m = matchAt(EDGE_OF_YEAR, folded, at);
  if (!m) return null;
  const year = writtenYear(m[2]);
  if (year === null) return unreadable(at, at + m[0].length);
  const quarter = m[1] === 'dau' ? 1 : 4;
  return { from: at, to: at + m[0].length, kind: 'quarter', year: year ?? null, spans: (y) => [quarterSpan(y, quarter)] };
};
