import type { Font, Worksheet } from 'exceljs';
import type { VerifyResult } from '../../ledger/verify.ts';
import type { AuditRow } from './audit-rows.ts';
import { excelDate, shortHash, vietnamWallClock } from './cell-values.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { chainStatusText } from './chain-status.ts';
import { capitalUnit, type CountedUnit } from './completion-rate.ts';
import { rowFitter } from './row-height.ts';
import type { SheetBook } from './sheet-book.ts';
import { headerRowBelow, writeTitleLines } from './sheet-title.ts';
import {
  BODY_FONT,
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  GRID,
  PLAN_HEADER_FILL,
  VOIDED_FONT,
  WRAP_TOP,
  WRAP_TOP_CENTER,
  font,
  headerStyle,
  setUpPrinting,
  tableLayout,
  sharedStyle,
} from './styles.ts';

export const AUDIT_SHEET_NAME = 'Nhật ký thay đổi';
export const VOIDED_MARK = 'ĐÃ HỦY';

/**
 * `item` and `itemText` are named by what the report counts (the counted unit). Printed on two
 * landscape pages across, "Số TT" repeated: who and what up to the item, then the change and its proof.
 */
const COLUMNS = [
  { header: 'Số TT', width: 7 },
  { header: 'Thời điểm ghi nhận', width: 16 },
  { header: 'Người ghi nhận', width: 17 },
  { header: 'Đơn vị', width: 17 },
  { header: 'Loại ghi nhận', width: 15 },
  { header: 'item', width: 10 },
  { header: 'itemText', width: 30 },
  { header: 'Nội dung thay đổi', width: 32 },
  { header: 'Ngày hiệu lực', width: 11 },
  { header: 'Tài liệu kiểm chứng', width: 24 },
  { header: 'Ghi chú', width: 22 },
  { header: 'Mã băm', width: 15 },
  { header: 'Tình trạng', width: 14 },
] as const;

const WIDTHS = COLUMNS.map((c) => c.width);

const EVIDENCE_COLUMN = COLUMNS.findIndex((c) => c.header === 'Tài liệu kiểm chứng') + 1;

/** Column (1-based) of the "Tình trạng" cell that marks voided events and links to their void. */
export const AUDIT_STATE_COLUMN = COLUMNS.length;

export interface AuditSheetOptions {
  name?: string;
  title?: string;
  /** Lines under the title: the plan, the window of the rows. */
  subtitle?: string[];
  /** Printed above the table when given: whether the chain verified, its length and head. */
  verification?: VerifyResult;
  /** What an event's item is called: "mục theo dõi" unless the plan's tasks are its items. */
  unit?: CountedUnit;
}

export interface AuditSheetLayout {
  sheet: Worksheet;
  headerRow: number;
  rowOfSeq: Map<number, number>;
}

/**
 * The audit trail ("Nhật ký thay đổi"): one row per event, oldest first. A voided event stays,
 * struck through in grey, with "ĐÃ HỦY" linking to the row of the void (and the void to it).
 */
export function addAuditTrailSheet(workbook: SheetBook, rows: readonly AuditRow[], options: AuditSheetOptions = {}): AuditSheetLayout {
  const name = options.name ?? AUDIT_SHEET_NAME;
  const verification = options.verification;
  const title = [
    { text: options.title ?? 'NHẬT KÝ THAY ĐỔI SỔ THEO DÕI KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH', size: 14, bold: true },
    ...(options.subtitle ?? []).map((text) => ({ text, italic: true })),
    ...(verification ? [{ text: chainStatusText(verification), bold: !verification.ok, ...(!verification.ok && { colour: 'FFC00000' }) }] : []),
  ];
  const headerRow = headerRowBelow(title);
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: headerRow, topLeftCell: `B${headerRow + 1}` }] });
  const width = COLUMNS.length;
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: width } };
  setUpPrinting(sheet, tableLayout(sheet, headerRow, 1));
  writeTitleLines(sheet, title, width, 1);
  const unit = options.unit ?? 'mục theo dõi';
  const headerText = (header: string) => (header === 'item' ? `Mã ${unit}` : header === 'itemText' ? capitalUnit(unit) : header);
  COLUMNS.forEach((c, i) => {
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = headerText(c.header);
    cell.style = headerStyle(PLAN_HEADER_FILL);
  });
  sheet.getRow(headerRow).height = 32;

  const rowOfSeq = new Map<number, number>();
  rows.forEach((r, i) => rowOfSeq.set(r.seq, headerRow + 1 + i));
  const link = (seq: number) => {
    const target = rowOfSeq.get(seq);
    return target === undefined ? undefined : `#'${name.replace(/'/g, "''")}'!A${target}`;
  };

  const centred = new Set([0, 1, 5, 8]);
  const numFmts: Record<number, string> = { 1: DATE_TIME_FORMAT, 8: DATE_FORMAT };
  const styleOf = (font: Partial<Font>) =>
    COLUMNS.map((_, c) =>
      sharedStyle({
        font,
        border: GRID,
        alignment: centred.has(c) ? WRAP_TOP_CENTER : WRAP_TOP,
        ...(numFmts[c] && { numFmt: numFmts[c] }),
      }),
    );
  const normal = styleOf(BODY_FONT);
  const struck = styleOf(VOIDED_FONT);
  const voidedMark = (linked: boolean) => sharedStyle({ font: font(12, { bold: true, color: { argb: 'FFC00000' }, ...(linked && { underline: true }) }), border: GRID, alignment: WRAP_TOP });
  const voidLink = (linked: boolean) => sharedStyle({ font: font(12, { color: { argb: 'FF0563C1' }, ...(linked && { underline: true }) }), border: GRID, alignment: WRAP_TOP });

  const fitRow = rowFitter(WIDTHS);
  rows.forEach((r, i) => {
    const rowNumber = headerRow + 1 + i;
    const values = [
      r.seq,
      vietnamWallClock(r.at),
      // Who typed it, when the actor only copied someone's change into the ledger.
      [r.actor.name, r.signer && `(khóa ${shortFingerprint(r.signer)})`, r.origin && `(ghi hộ: ${r.origin})`].filter(Boolean).join('\n'),
      r.actor.unit,
      r.typeLabel,
      r.item,
      r.itemText,
      r.change,
      r.effective ? excelDate(r.effective) : null,
      r.evidence,
      r.note,
      shortHash(r.hash),
      null,
    ];
    const row = sheet.getRow(rowNumber);
    const styles = r.voidedBy !== null ? struck : normal;
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.style = styles[c]!;
    });
    fitRow(row, values);
    // The document's address opens it from the sheet.
    if (r.link && r.evidence) row.getCell(EVIDENCE_COLUMN).value = { text: r.evidence, hyperlink: r.link };
    const state = row.getCell(AUDIT_STATE_COLUMN);
    if (r.voidedBy) {
      const text = `${VOIDED_MARK} (xem số ${r.voidedBy.seq})`;
      const target = link(r.voidedBy.seq);
      state.value = target ? { text, hyperlink: target, tooltip: `Ghi nhận số ${r.voidedBy.seq} đã hủy ghi nhận này` } : text;
      state.style = voidedMark(target !== undefined);
    } else if (r.voids) {
      const text = `Hủy số ${r.voids.seq}`;
      const target = link(r.voids.seq);
      state.value = target ? { text, hyperlink: target } : text;
      state.style = voidLink(target !== undefined);
    }
    row.commit();
  });
  return { sheet, headerRow, rowOfSeq };
}
