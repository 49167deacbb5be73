import { isThrough, LIST_SEPARATOR, matchAt, unreadable, writtenYear, YEAR_SUFFIX, type PhraseMatcher } from './period-phrase.ts';
import { quarterSpan } from './period-windows.ts';

// Roman or Arabic: "Quý IV", "Quý 4", "Q4"; any numeral, so that "Quý V" is caught as impossible rather than skipped.
const QUARTER = '(?:[ivx]{1,4}|\\d{1,2})(?![a-z0-9])';
const QUARTER_NUMBERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
// "Quý II/2021", "Quý I, IV năm 2021", "Quý II - III", "Quý I và Quý II năm 2022".
const QUARTER_LIST = new RegExp(`(?:qu[yi]|q\\.?)\\s*(${QUARTER}(?:\\s*${LIST_SEPARATOR}\\s*(?:qu[yi]\\s*)?${QUARTER})*)${YEAR_SUFFIX}`, 'y');
const LIST_ITEM = new RegExp(`(?:(${LIST_SEPARATOR})\\s*)?(?:qu[yi]\\s*)?(${QUARTER})`, 'g');

/** The quarters a list names, in order: "II - IV" is II, III and IV. Null when one does not exist. */
function quarters(list: string): number[] | null {
  const out = new Set<number>();
  let previous = 0;
  for (const m of list.matchAll(LIST_ITEM)) {
    const q = QUARTER_NUMBERS[m[2] ?? ''];
    if (q === undefined) return null;
    const from = isThrough(m[1]) && previous > 0 ? previous + 1 : q;
    for (let k = from; k <= q; k++) out.add(k);
    out.add(q);
    previous = q;
  }
  return [...out].sort((a, b) => a - b);
}

export const matchQuarter: PhraseMatcher = (folded, at) => {
  const m = matchAt(QUARTER_LIST, folded, at);
  if (!m) return null;
  const from = at;
  const to = at + m[0].length;
  const year = writtenYear(m[2]);
  const list = quarters(m[1] ?? '');
  if (year === null || !list || list.length === 0) return unreadable(from, to);
  return { from, to, kind: 'quarter', year: year ?? null, spans: (y) => list.map((q) => quarterSpan(y, q)) };
};
