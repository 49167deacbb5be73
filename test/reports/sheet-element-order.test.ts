import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { reportBookBytes } from '../../templates/reports/report-book.node.ts';
import type { SheetBook } from '../../templates/reports/sheet-book.ts';
import { workbookBytes } from '../../templates/reports/workbook-bytes.ts';

const STAMP = '2026-12-03T08:00:00.000Z';

/** A sheet with a link out, a link to another sheet, a conditional format and a drop-down: what Excel refuses in the wrong order. */
function writeLinkedSheet(book: SheetBook): void {
  const sheet = book.addWorksheet('Danh mục');
  book.addWorksheet('Nhật ký').addRow(['x']).commit();
  const row = sheet.addRow(['Tài liệu', { text: 'Văn bản', hyperlink: 'https://example.gov.vn/vb/1' }, { text: 'Nhật ký', hyperlink: "#'Nhật ký'!A1" }, 'Đang thực hiện']);
  row.getCell(4).dataValidation = { type: 'list', allowBlank: true, formulae: ['"Đang thực hiện,Hoàn thành"'] };
  row.commit();
  sheet.addConditionalFormatting({ ref: 'D1:D2', rules: [{ type: 'expression', priority: 1, formulae: ['$D1="Hoàn thành"'], style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFC6EFCE' } } } }] });
  sheet.pageSetup = { orientation: 'landscape' };
}

/** The elements after a sheet's cells, in the order the file has them. */
async function tailElements(bytes: Uint8Array): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
  const tail = xml.slice(xml.indexOf('</sheetData>'));
  return [...tail.matchAll(/<(mergeCells|conditionalFormatting|dataValidations|hyperlinks|pageSetup)[\s>]/g)].map((m) => m[1]!);
}

// ECMA-376 Part 1, CT_Worksheet: conditionalFormatting, dataValidations, hyperlinks, …, pageSetup.
const SCHEMA_ORDER = ['conditionalFormatting', 'dataValidations', 'hyperlinks', 'pageSetup'];

describe("a sheet's elements after its cells", () => {
  it('follow the schema’s order from the streaming writer, links after conditional formats and drop-downs, as the in-memory writer has them', async () => {
    const streamed = await reportBookBytes(writeLinkedSheet, STAMP);
    expect(await tailElements(streamed)).toEqual(SCHEMA_ORDER);
    const workbook = new ExcelJS.Workbook();
    writeLinkedSheet(workbook);
    expect(await tailElements(await workbookBytes(workbook, STAMP))).toEqual(SCHEMA_ORDER);
  });

  it('keep both links, out and inside the workbook, once each', async () => {
    const xml = await (await JSZip.loadAsync(await reportBookBytes(writeLinkedSheet, STAMP))).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml.match(/<hyperlink /g)).toHaveLength(2);
    expect(xml).toContain('location="&apos;Nhật ký&apos;!A1"');
  });
});
