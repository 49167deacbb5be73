import type { Row, Workbook, Worksheet } from 'exceljs';

/** Excel holds at most 32,767 characters in a cell, and calls a file holding more damaged. */
export const EXCEL_CELL_MAX = 32_767;

const CUT_NOTE = ' … [đã cắt: toàn văn có trong sổ theo dõi / cut: the full text is in the ledger]';

/**
 * Cuts every text cell longer than Excel allows, saying so in the cell. The ledger keeps a note or
 * task of up to 100,000 characters; a workbook is a view of it, and must open in Excel.
 */
export function capCellTexts(workbook: Workbook): void {
  workbook.eachSheet(capSheetTexts);
}

/** `capCellTexts` for one sheet, for a sheet copied cell by cell into a workbook (the add-in's outputs). */
export function capSheetTexts(sheet: Worksheet): void {
  sheet.eachRow(capRowTexts);
}

/** `capCellTexts` for one row, for a streaming sheet that writes each row out once (report-book.node.ts). */
export function capRowTexts(row: Row): void {
  row.eachCell((cell) => {
    const value = cell.value;
    if (typeof value === 'string' && value.length > EXCEL_CELL_MAX) cell.value = cut(value);
    else if (value && typeof value === 'object' && 'richText' in value) {
      const text = value.richText.map((run) => run.text).join('');
      if (text.length > EXCEL_CELL_MAX) cell.value = cut(text);
    }
  });
}

function cut(text: string): string {
  let end = EXCEL_CELL_MAX - CUT_NOTE.length;
  // Never leave half of a surrogate pair (an emoji) at the cut.
  if (/[\ud800-\udbff]/.test(text.charAt(end - 1))) end--;
  return text.slice(0, end) + CUT_NOTE;
}
