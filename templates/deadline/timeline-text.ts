import { formatVietnameseDate } from '../../ledger/dates.ts';

/** Only this much of a cell is read: a timeline is a line or two, and a pasted essay must not stall an import. */
export const TIMELINE_CHARS_READ = 4000;

/**
 * The text a timeline cell holds, for `parseDeadline`. Excel turns "31/12/2021" typed in a cell into a
 * date; readers (exceljs, SheetJS with cellDates) hand it over as a Date at UTC midnight of that day,
 * so it is written back the way the plan would have printed it. Anything else that is not text reads as ''.
 */
export function timelineText(cell: unknown): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (cell instanceof Date) {
    const time = cell.getTime();
    if (Number.isNaN(time)) return '';
    const iso = cell.toISOString();
    return /^\d{4}-/.test(iso) ? formatVietnameseDate(iso.slice(0, 10)) : '';
  }
  return '';
}

/**
 * The first few thousand characters of a timeline, tidied for reading: NFC, Excel's `_x000D_` /
 * `_x000A_` escapes and line breaks as spaces (a page break splits "Trong quý III" / "năm 2022"),
 * a bulleted line as "; ", invisible characters dropped, whitespace collapsed.
 */
export function cleanTimeline(raw: string): string {
  return raw
    .slice(0, TIMELINE_CHARS_READ)
    .replace(/_x000[9ad]_/gi, '\n')
    .normalize('NFC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    // One pass over each whitespace run (patterns with \s* on both sides of a line break backtrack badly).
    .replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? '\n' : ' '))
    // A bullet on a new line starts a new milestone, not a range ("- Quý II/2021" / "- Quý IV/2021").
    .replace(/\n[-+•*] /g, '; ')
    .replace(/\n/g, ' ')
    .trim();
}
