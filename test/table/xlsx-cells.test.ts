import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../templates/table/read-table.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { itemsOf } from '../../templates/table/table-read.ts';
import { gridFromTabSeparated, splitTabSeparated } from '../../templates/table/text-grid.ts';

async function workbookBytes(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const HEADER = ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì', 'Ghi chú'];

describe('cells as Excel holds them', () => {
  it('reads dates, numbers, rich text, formulas, hyperlinks, errors and _x000D_ line breaks as text', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Phụ lục');
      ws.addRow(HEADER);
      ws.addRow(['I', 'Cải cách thể chế']);
      const r3 = ws.addRow([1, 'Rà soát_x000D_\nvăn bản', 'Báo cáo', new Date(Date.UTC(2021, 11, 31)), 'Sở Tư pháp']);
      r3.getCell(4).numFmt = 'dd/mm/yyyy';
      const r4 = ws.addRow([
        { formula: '1+1', result: 2 },
        { richText: [{ text: 'Kiểm tra ', font: { bold: true } }, { text: 'văn bản' }] },
        { text: 'Báo cáo', hyperlink: 'https://example.org/bc' },
        new Date(Date.UTC(2022, 5, 1)),
        'Sở Tư pháp',
        { error: '#N/A' },
      ]);
      r4.getCell(4).numFmt = 'mm/yyyy';
      ws.addRow([3, 'Tự kiểm tra', { formula: 'C4' }, 'Quý IV/2022', 'Sở Tư pháp']);
    });
    const read = await readTable(bytes, 'cells.xlsx', { year: 2022 });
    expect(read.sheet).toBe('Phụ lục');
    const items = itemsOf(read);
    expect(items.map((i) => [i.numbering, i.text, i.output, i.timeline.raw])).toEqual([
      ['I.1', 'Rà soát\nvăn bản', 'Báo cáo', '31/12/2021'],
      ['I.2', 'Kiểm tra văn bản', 'Báo cáo', '06/2022'],
      ['I.3', 'Tự kiểm tra', '', 'Quý IV/2022'],
    ]);
    expect(items[0]!.timeline).toMatchObject({ kind: 'date', due: '2021-12-31' });
    expect(items[1]!.timeline.due).toBe('2022-06-30');
    expect(items[1]!.note).toBeUndefined();
    const found = read.warnings.map((w) => `${w.code}@${w.column}${w.row}`);
    expect(found).toContain('cell-error@F4');
    expect(found).toContain('formula-without-result@C5');
  });

  it('picks the first sheet that holds a table, or the sheet asked for', async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('Bìa').addRow(['Kế hoạch cải cách hành chính năm 2022']);
      const a = wb.addWorksheet('Bảng A');
      a.addRow(HEADER);
      a.addRow([1, 'Việc A', 'Báo cáo', 'Năm 2022', 'Sở Nội vụ']);
      const b = wb.addWorksheet('Bảng B');
      b.addRow(HEADER);
      b.addRow([1, 'Việc B', 'Báo cáo', 'Năm 2022', 'Sở Nội vụ']);
    });
    expect(itemsOf(await readTable(bytes, 'two.xlsx', { year: 2022 }))[0]!.text).toBe('Việc A');
    expect(itemsOf(await readTable(bytes, 'two.xlsx', { year: 2022, sheet: 'Bảng B' }))[0]!.text).toBe('Việc B');
    await expect(readTable(bytes, 'two.xlsx', { sheet: 'Bảng C' })).rejects.toMatchObject({ code: 'sheet-not-found' });
  });

  it('refuses what is not a workbook, and names the closest rows of every sheet when no sheet has a header', async () => {
    await expect(readTable(new TextEncoder().encode('PK not really a zip'), 'x.xlsx')).rejects.toMatchObject({ code: 'not-a-workbook' });
    await expect(readTable(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'old.xls')).rejects.toMatchObject({ code: 'unsupported-format' });
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('S1').addRow(['STT', 'Nội dung']);
      wb.addWorksheet('S2').addRow(['Nội dung', 'Thời gian', 'Ghi chú']);
    });
    const error = await readTable(bytes, 'none.xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableError);
    expect((error as TableError).code).toBe('no-header');
    expect((error as TableError).details.candidates!.map((c) => c.sheet)).toEqual(['S1', 'S2']);
    expect((error as TableError).messageVi).toContain('sheet "S1" hàng 1');
  });
});

describe('tab-separated text', () => {
  it('strips markup, reads quoted cells across lines, and UTF-16 with a BOM', async () => {
    const text = [
      'Prose before the table',
      'STT\tNội dung\tKết quả\tThời gian thực hiện\tCơ quan chủ trì',
      '<b>I</b>\t<b>Cải cách thể chế</b>',
      '1\t"Rà soát\nvăn bản ""QPPL"""\tBáo cáo\tNăm 2022\tSở Tư pháp',
      '2\t"Trích" dẫn\tBáo cáo\tNăm 2022\tSở Tư pháp',
    ].join('\r\n');
    expect(splitTabSeparated('a\t"b\nc"\td\ne')).toEqual([['a', 'b\nc', 'd'], ['e']]);
    expect(gridFromTabSeparated(text).values[2]).toEqual(['I', 'Cải cách thể chế']);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer)]);
    for (const bytes of [new TextEncoder().encode(text), utf16]) {
      const items = itemsOf(await readTable(bytes, 'plan.txt'));
      expect(items.map((i) => i.text)).toEqual(['Rà soát\nvăn bản "QPPL"', '"Trích" dẫn']);
    }
  });
});
