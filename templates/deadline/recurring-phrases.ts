import { matchAt, unreadable, writtenYear, type PhraseMatcher } from './period-phrase.ts';
import { monthsSpan, partOfYearSpan, quarterSpan, yearSpan, type Span } from './period-windows.ts';

const YEAR_AFTER = '(?:\\s*,?\\s*(?:(?:trong|cua)\\s+)?nam\\s*(\\d{4})(?![0-9]))?';
// "Hằng tháng", "Hàng quý", "Định kỳ hằng quý", "Định kỳ 6 tháng", "Từng quý", "Hằng năm".
const RECURRING = new RegExp(
  `(?:dinh ky\\s*(?:(?:hang|moi|tung)\\s*)?|(?:hang|moi|tung)\\s*)(?:(6|sau)\\s*thang|(thang|quy|nam))(?:\\s*(?:mot|1)\\s*lan)?(?![a-z0-9])${YEAR_AFTER}`,
  'y',
);
// "Thường xuyên", "Thường xuyên, liên tục", "Thường xuyên trong năm 2021", "Hằng ngày".
const ONGOING_WORD = '(?:thuong xuyen|lien tuc|hang ngay|hang tuan|moi ngay|moi tuan)';
const ONGOING = new RegExp(
  `${ONGOING_WORD}(?:\\s*,?\\s*(?:va\\s+)?${ONGOING_WORD})*(?:\\s*,?\\s*(?:(?:trong|suot|ca)\\s+)*nam(?:\\s*(\\d{4})(?![0-9]))?)?(?![a-z0-9])`,
  'y',
);

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** A task repeated through the year: one window per period, the last ending on 31/12. */
export const matchRecurring: PhraseMatcher = (folded, at) => {
  const m = matchAt(RECURRING, folded, at);
  if (!m) return null;
  const from = at;
  const to = at + m[0].length;
  const year = writtenYear(m[3]);
  if (year === null) return unreadable(from, to);
  const every = m[1] ? 'half' : m[2];
  const periods: Record<string, { kind: Span['kind']; spans: (y: number | null) => Span[] }> = {
    half: { kind: 'range', spans: (y) => [partOfYearSpan(y, 6, true), partOfYearSpan(y, 6, false)] },
    thang: { kind: 'month', spans: (y) => range(12).map((month) => monthsSpan(y, month)) },
    quy: { kind: 'quarter', spans: (y) => range(4).map((q) => quarterSpan(y, q)) },
    nam: { kind: 'year', spans: (y) => [yearSpan(y)] },
  };
  const period = periods[every ?? ''];
  if (!period) return unreadable(from, to);
  return { from, to, kind: period.kind, year: year ?? null, spans: period.spans, ...(every === 'nam' && year === undefined ? { everyYear: true } : {}) };
};

export const matchOngoing: PhraseMatcher = (folded, at) => {
  const m = matchAt(ONGOING, folded, at);
  if (!m) return null;
  const year = writtenYear(m[1]);
  if (year === null) return unreadable(at, at + m[0].length);
  return { from: at, to: at + m[0].length, kind: 'ongoing', year: year ?? null, spans: (y) => [yearSpan(y, 'ongoing')] };
};
