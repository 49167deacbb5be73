import ExcelJS, { type Workbook } from 'exceljs';
import { listValidations, mergeRanges, plainValue } from './exceljs-cells.ts';
import { rectAddress, type CellRect } from './a1.ts';
import { POINTS_PER_CHARACTER, type Visibility } from './host.ts';
import { MemoryWorkbook, emptySheet, type MemorySheet } from './memory-host.ts';
import { serialOfIsoDate } from './serial-date.ts';

/**
 * A MemoryWorkbook from and to .xlsx bytes (exceljs, browser-safe: Uint8Array in and out), so the
 * stand-in host can open a real appendix file and save what the add-in made of it.
 */
export async function memoryWorkbookFromXlsx(bytes: Uint8Array | ArrayBuffer): Promise<MemoryWorkbook> {
  const source = new ExcelJS.Workbook();
  // exceljs types ask for a Node Buffer; JSZip underneath takes any Uint8Array or ArrayBuffer.
  await source.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const workbook = new MemoryWorkbook();
  source.eachSheet((ws) => {
    const sheet = emptySheet(ws.name, visibilityOf(ws.state), workbook.newSheetId());
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        const value = plainValue(cell.value);
        const format = cell.numFmt || (value instanceof Date ? 'dd/mm/yyyy' : 'General');
        const plain = value instanceof Date ? serialOfIsoDate(value.toISOString().slice(0, 10)) : value;
        if (plain !== null) (sheet.values[rowNumber - 1] ??= [])[colNumber - 1] = plain;
        if (format !== 'General') (sheet.numberFormats[rowNumber - 1] ??= [])[colNumber - 1] = format;
      });
    });
    for (const range of mergeRanges(ws)) sheet.merges.push(range);
    sheet.validations = listValidations(ws);
    sheet.protected = Boolean((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet);
    workbook.sheets.push(sheet);
  });
  const firstVisible = workbook.sheets.find((s) => s.visibility === 'visible');
  workbook.activeSheet = firstVisible?.name ?? workbook.sheets[0]?.name ?? '';
  return workbook;
}

export async function memoryWorkbookToXlsx(workbook: MemoryWorkbook): Promise<Uint8Array> {
  const out = new ExcelJS.Workbook();
  for (const sheet of workbook.sheets) await writeSheet(out, sheet);
  const active = workbook.sheets.findIndex((s) => s.name === workbook.activeSheet);
  if (active >= 0) out.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: active, visibility: 'visible' }];
  return new Uint8Array(await out.xlsx.writeBuffer());
}

async function writeSheet(out: Workbook, sheet: MemorySheet): Promise<void> {
  const ws = out.addWorksheet(sheet.name, {
    state: sheet.visibility,
    ...(sheet.frozenRows > 0 ? { views: [{ state: 'frozen', ySplit: sheet.frozenRows }] } : {}),
  });
  sheet.values.forEach((row, r) =>
    row?.forEach((value, c) => {
      if (value === null || value === undefined) return;
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = value;
      const format = sheet.numberFormats[r]?.[c];
      if (format && format !== 'General') cell.numFmt = format;
    }),
  );
  for (const [col, width] of Object.entries(sheet.columnWidths)) {
    // A file's column width is in characters; the host speaks points.
    ws.getColumn(Number(col) + 1).width = Math.round((width / POINTS_PER_CHARACTER) * 10) / 10;
  }
  for (const [row, height] of Object.entries(sheet.rowHeights)) ws.getRow(Number(row) + 1).height = height;
  for (const { rect, style } of sheet.styles) {
    forEachCell(rect, (r, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      if (style.bold !== undefined || style.italic !== undefined || style.strike !== undefined || style.fontName || style.fontColor || style.fontSize) {
        cell.font = {
          ...cell.font,
          ...(style.bold !== undefined ? { bold: style.bold } : {}),
          ...(style.italic !== undefined ? { italic: style.italic } : {}),
          ...(style.strike !== undefined ? { strike: style.strike } : {}),
          ...(style.fontName ? { name: style.fontName } : {}),
          ...(style.fontColor ? { color: { argb: argb(style.fontColor) } } : {}),
          ...(style.fontSize ? { size: style.fontSize } : {}),
        };
      }
      if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.fill) } };
      if (style.wrap !== undefined || style.horizontal || style.vertical) {
        cell.alignment = {
          ...cell.alignment,
          ...(style.wrap !== undefined ? { wrapText: style.wrap } : {}),
          ...(style.horizontal ? { horizontal: style.horizontal.toLowerCase() as 'left' | 'center' | 'right' } : {}),
          ...(style.vertical ? { vertical: style.vertical === 'Center' ? 'middle' : (style.vertical.toLowerCase() as 'top' | 'bottom') } : {}),
        };
      }
      if (style.borders) {
        const side = { style: 'thin' as const, color: { argb: argb(style.borders) } };
        cell.border = { top: side, left: side, bottom: side, right: side };
      }
    });
  }
  for (const merge of sheet.merges) if (merge.rows > 1 || merge.cols > 1) ws.mergeCells(rectAddress(merge));
  // exceljs keeps validations by address; its types do not list the collection.
  const validations = (ws as unknown as { dataValidations: { add(address: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
  for (const v of sheet.validations) {
    validations.add(rectAddress(v.rect), {
      type: 'list',
      allowBlank: true,
      formulae: [`"${v.choices.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: v.title,
      error: v.message,
    });
  }
  for (const h of sheet.highlights) {
    ws.addConditionalFormatting({
      ref: rectAddress(h.rect),
      rules: [
        {
          type: 'containsText',
          operator: 'containsText',
          text: h.text,
          priority: 1,
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(h.fill) } }, font: { color: { argb: argb(h.fontColor) } } },
        },
      ],
    });
  }
  if (sheet.protected) await ws.protect('', { formatColumns: true, autoFilter: true });
}

function forEachCell(rect: CellRect, f: (row: number, col: number) => void): void {
  for (let r = rect.row; r < rect.row + rect.rows; r++) for (let c = rect.col; c < rect.col + rect.cols; c++) f(r, c);
}

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

function visibilityOf(state: string): Visibility {
  return state === 'veryHidden' ? 'veryHidden' : state === 'hidden' ? 'hidden' : 'visible';
}
