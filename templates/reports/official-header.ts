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

/** The foot of an official document: "Nơi nhận" at the left, the signature block at the right. */
export interface Signature {
  recipients: string[];
  /** "KT. CHỦ TỊCH" (and "TM. ỦY BAN NHÂN DÂN" above it, when given). */
  authority: string[];
  title: string;
  name: string;
}

/**
 * Writes the header block over `width` columns from row `top`: issuer at the left (columns
 * 1..`split`), national name and motto at the right, number and place/date under them, then the
 * title. Every row is as tall as its wrapped text. Returns the first free row below it.
 */
export function writeOfficialHeader(sheet: Worksheet, header: OfficialHeader, width: number, top = 1, split = Math.round(width * 0.4)): number {
  split = Math.max(1, Math.min(width - 1, split));
  const leftWidth = widthOf(sheet, 1, split);
  const rightWidth = widthOf(sheet, split + 1, width);
  let row = top;
  const line = (left: Line | null, right: Line | null) => {
    if (left) put(sheet, row, 1, split, left, 'center');
    if (right) put(sheet, row, split + 1, width, right, 'center');
    fitRow(sheet.getRow(row), [
      { text: left?.text, width: leftWidth, size: left?.size, bold: left?.bold },
      { text: right?.text, width: rightWidth, size: right?.size, bold: right?.bold },
    ]);
    row++;
  };
  const issuer: Line = { text: upperVi(header.issuer), size: 12, bold: true, underline: true };
  const national: Line = { text: NATIONAL_NAME, size: 12, bold: true };
  const motto: Line = { text: MOTTO, size: 13, bold: true, underline: true };
  if (header.parentIssuer) {
    line({ text: upperVi(header.parentIssuer), size: 12 }, national);
    line(issuer, motto);
  } else {
    line(issuer, national);
    line(null, motto);
  }
  line({ text: header.numberLine, size: 13 }, { text: placeAndDate(header.place, header.date), size: 13, italic: true });
  row++;
  const fullWidth = widthOf(sheet, 1, width);
  for (const title of [{ text: upperVi(header.title), size: 14, bold: true }, ...header.subtitle.map((text) => ({ text, size: 13, bold: true }))]) {
    put(sheet, row, 1, width, title, 'center');
    fitRow(sheet.getRow(row), [{ text: title.text, width: fullWidth, size: title.size, bold: true }]);
    row++;
  }
  return row + 1;
}

/**
 * Writes "Nơi nhận" (columns 1..`split`) beside the signature block (the rest) from row `top`:
 * authority and title in bold capitals, four empty lines for the signature and seal, then the name.
 * Returns the first free row below it.
 */
export function writeSignature(sheet: Worksheet, signature: Signature, width: number, top: number, split: number): number {
  const left: Line[] = [
    { text: 'Nơi nhận:', size: 12, bold: true, italic: true },
    ...signature.recipients.map((r, i) => ({ text: `- ${r.replace(/[;.,]\s*$/u, '')}${i === signature.recipients.length - 1 ? '.' : ';'}`, size: 11 })),
  ];
  const right: Array<Line | null> = [
    ...signature.authority.map((a) => ({ text: upperVi(a), size: 13, bold: true })),
    { text: upperVi(signature.title), size: 13, bold: true },
    null,
    null,
    null,
    null,
    { text: signature.name, size: 13, bold: true },
  ];
  const leftWidth = widthOf(sheet, 1, split);
  const rightWidth = widthOf(sheet, split + 1, width);
  const rows = Math.max(left.length, right.length);
  for (let i = 0; i < rows; i++) {
    const l = left[i];
    const r = right[i];
    if (l) put(sheet, top + i, 1, split, l, 'left');
    if (r) put(sheet, top + i, split + 1, width, r, 'center');
    fitRow(sheet.getRow(top + i), [
      { text: l?.text, width: leftWidth, size: l?.size },
      { text: r?.text, width: rightWidth, size: r?.size, bold: r?.bold },
    ]);
  }
  return top + rows;
}

interface Line {
  text: string;
  size: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

function put(sheet: Worksheet, row: number, from: number, to: number, line: Line, horizontal: 'center' | 'left'): void {
  if (to > from) sheet.mergeCells(row, from, row, to);
  const cell = sheet.getCell(row, from);
  cell.value = line.text;
  cell.font = font(line.size, {
    ...(line.bold && { bold: true }),
    ...(line.italic && { italic: true }),
    ...(line.underline && { underline: true }),
  });
  cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
}
