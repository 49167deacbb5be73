import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetOpsOf } from '../../addin/app/sheet-ops-of-worksheet.ts';
import { EXCEL_CELL_MAX } from '../../templates/reports/cell-text-limit.ts';

describe('sheets the add-in copies into the workbook', () => {
  it('cut a text longer than an Excel cell holds, saying so, as report files do', () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.getCell('A1').value = 'Ghi chú ' + 'rất dài '.repeat(6_000);
    sheet.getCell('B1').value = 'ngắn';
    const texts = sheetOpsOf(sheet, 'Theo dõi tiến độ')
      .flatMap((op) => (op.op === 'write' ? op.values.flat() : []))
      .filter((v): v is string => typeof v === 'string');
    const long = texts.find((t) => t.startsWith('Ghi chú'))!;
    expect(long.length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
    expect(long).toContain('toàn văn có trong sổ theo dõi');
    expect(texts).toContain('ngắn');
  });
});
