import ExcelJS from 'exceljs';
import { STATUS_LABELS_VI, Status } from '../../ledger/status.ts';
import { FIELD_HEADERS_VI, type Field } from '../table/fields.ts';
import { columnLetter } from '../table/grid.ts';
import { INSTRUCTIONS_VI } from './instructions.ts';

export interface TemplateOptions {
  /** The plan year, written into the title; left as dots otherwise. */
  year?: number;
  /** Rows made ready (validation, format) under the header. */
  rows?: number;
}

/** The columns of the blank appendix, in order: the usual ones, then ours for tracking. */
const COLUMNS: Array<{ field: Field; width: number; tracking?: true }> = [
  { field: 'number', width: 6 },
  { field: 'task', width: 48 },
  { field: 'output', width: 22 },
  { field: 'timeline', width: 18 },
  { field: 'lead', width: 22 },
  { field: 'coordinating', width: 24 },
  { field: 'note', width: 14 },
  { field: 'status', width: 17, tracking: true },
  { field: 'completedOn', width: 15, tracking: true },
  { field: 'evidence', width: 32, tracking: true },
  { field: 'progressNote', width: 28, tracking: true },
];

const HEADER_ROW = 5;
const FONT = 'Times New Roman';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * A blank, ready-to-fill appendix workbook (.xlsx bytes): title block, the usual header, our
 * tracking columns (status as a dropdown of the Vietnamese labels, completion date validated as a
 * date), and a sheet of instructions. The table reader reads it back: header found, no items yet.
 */
export async function buildBlankTemplate(options: TemplateOptions = {}): Promise<Uint8Array> {
  const rows = options.rows ?? 500;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cchc';
  const sheet = workbook.addWorksheet('Phụ lục', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
  });
  const last = COLUMNS.length;
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));

  const title = (row: number, text: string, opts: { bold?: boolean; italic?: boolean; size?: number }) => {
    sheet.mergeCells(row, 1, row, last);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { name: FONT, size: opts.size ?? 13, bold: opts.bold ?? false, italic: opts.italic ?? false };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  title(1, 'PHỤ LỤC', { bold: true, size: 14 });
  title(2, `CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM NĂM ${options.year ?? '……'}`, { bold: true });
  title(3, '(Kèm theo Kế hoạch số ……/KH-…… ngày …… tháng …… năm …… của ……)', { italic: true });

  const header = sheet.getRow(HEADER_ROW);
  header.height = 36;
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = FIELD_HEADERS_VI[c.field];
    cell.font = { name: FONT, size: 12, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    // Our tracking columns are shaded, so staff see which columns are theirs to update.
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.tracking ? 'FFE2EFDA' : 'FFD9E1F2' } };
  });

  const statusList = `"${Status.options.map((s) => STATUS_LABELS_VI[s]).join(',')}"`;
  const statusCol = COLUMNS.findIndex((c) => c.field === 'status') + 1;
  const dateCol = COLUMNS.findIndex((c) => c.field === 'completedOn') + 1;
  const firstRow = HEADER_ROW + 1;
  const lastRow = HEADER_ROW + rows;
  for (let r = firstRow; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: 12 };
      cell.alignment = { vertical: 'top', wrapText: true, ...(c === 1 ? { horizontal: 'center' as const } : {}) };
      cell.border = BORDER;
    }
    row.getCell(dateCol).numFmt = 'dd/mm/yyyy';
  }
  // One validation per column range: exceljs squeezes per-cell validations into ranges after sorting
  // addresses as strings (H10 before H6), which yields overlapping ranges that Excel reports as damage.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const range = (col: number) => `${columnLetter(col)}${firstRow}:${columnLetter(col)}${lastRow}`;
  validations.add(range(statusCol), {
    type: 'list',
    allowBlank: true,
    formulae: [statusList],
    showErrorMessage: true,
    errorTitle: 'Trạng thái',
    error: `Chọn một trong: ${Status.options.map((s) => STATUS_LABELS_VI[s]).join(', ')}.`,
  });
  validations.add(range(dateCol), {
    type: 'date',
    operator: 'between',
    allowBlank: true,
    formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
    showErrorMessage: true,
    errorTitle: 'Ngày hoàn thành',
    error: 'Nhập ngày theo dạng dd/mm/yyyy, ví dụ 30/06/2022.',
    showInputMessage: true,
    promptTitle: 'Ngày hoàn thành',
    prompt: 'dd/mm/yyyy',
  });

  const help = workbook.addWorksheet('Hướng dẫn');
  help.columns = [{ width: 110 }];
  INSTRUCTIONS_VI.forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = line;
    cell.font = { name: FONT, size: i === 0 ? 14 : 12, bold: i === 0 };
    cell.alignment = { wrapText: true, vertical: 'top' };
  });

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
