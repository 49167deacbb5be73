import type { Worksheet } from 'exceljs';
import type { IsoDate } from '../../ledger/dates.ts';
import { fitRow, widthOf } from './row-height.ts';
import { font } from './styles.ts';

/** What the top of an official document says (Nghị định 30/2020/NĐ-CP, Phụ lục I). */
export interface OfficialHeader {
  /** The governing body above the issuer, if any ("UBND TỈNH BẾN TRE" above "SỞ NỘI VỤ"). */
  parentIssuer?: string;
  issuer: string;
  /** The whole number line, "Số:      /BC-UBND" until the clerk assigns the number. */
  numberLine: string;
  place: string;
  date: IsoDate;
  title: string;
  /** Lines under the title (what the report is about, the period). */
  subtitle: string[];
}

const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/**
 * "Bến Tre, ngày 05 tháng 01 năm 2021". Nghị định 30 puts a leading zero on days below 10 and on
 * months 1 and 2 only (so "tháng 3", but "tháng 02").
 */
export function placeAndDate(place: string, date: IsoDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/** Vietnamese capitals, with diacritics kept ("Ủy ban nhân dân" → "ỦY BAN NHÂN DÂN"). */
export const upperVi = (text: string): string => text.toLocaleUpperCase('vi');

/**
 * Writes the header block over `width` columns from row `top`: issuer at the left (about two fifths),
 * national name and motto at the right, number and place/date under them, then the title.
 * Returns the first free row below it.
 */
export function writeOfficialHeader(sheet: Worksheet, header: OfficialHeader, width: number, top = 1): number {
  const split = Math.max(1, Math.min(width - 1, Math.round(width * 0.4)));
  const left = (row: number, text: string, bold: boolean, underline = false) =>
    put(sheet, row, 1, split, text, { bold, underline, size: 12 }, 'center');
  const right = (row: number, text: string, size: number, extra: { bold?: boolean; italic?: boolean; underline?: boolean }) =>
    put(sheet, row, split + 1, width, text, { size, ...extra }, 'center');

  let row = top;
  if (header.parentIssuer) {
    left(row, upperVi(header.parentIssuer), false);
    right(row, NATIONAL_NAME, 12, { bold: true });
    row++;
    left(row, upperVi(header.issuer), true, true);
    right(row, MOTTO, 13, { bold: true, underline: true });
  } else {
    left(row, upperVi(header.issuer), true, true);
    right(row, NATIONAL_NAME, 12, { bold: true });
    row++;
    right(row, MOTTO, 13, { bold: true, underline: true });
  }
  row++;
  left(row, header.numberLine, false);
  right(row, placeAndDate(header.place, header.date), 13, { italic: true });
  row += 2;
  put(sheet, row, 1, width, upperVi(header.title), { bold: true, size: 14 }, 'center');
  row++;
  for (const line of header.subtitle) {
    put(sheet, row, 1, width, line, { bold: true, size: 13 }, 'center');
    fitRow(sheet.getRow(row), [{ text: line, width: widthOf(sheet, 1, width), size: 13 }]);
    row++;
  }
  return row + 1;
}

function put(
  sheet: Worksheet,
  row: number,
  from: number,
  to: number,
  text: string,
  style: { size: number; bold?: boolean; italic?: boolean; underline?: boolean },
  horizontal: 'center' | 'left',
): void {
  if (to > from) sheet.mergeCells(row, from, row, to);
  const cell = sheet.getCell(row, from);
  cell.value = text;
  cell.font = font(style.size, {
    ...(style.bold && { bold: true }),
    ...(style.italic && { italic: true }),
    ...(style.underline && { underline: true }),
  });
  cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
}
