import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildTable } from '../../bench/tables.ts';
import { LAYOUTS, layOut, modelOf, writeLaid } from '../../scripts/layout-corpus.ts';
import { writeCorpus } from '../../scripts/hostile-corpus/cases.ts';
import { readTable } from '../../templates/table/read-table.ts';
import { gridFromSheet } from '../../templates/table/xlsx-grid.ts';
import { openWorkbook } from '../../templates/table/xlsx-package.ts';
import { exceljsSheets } from './support/exceljs-reader.ts';
import { SAMPLES } from './support.ts';

const SAMPLE_DIR = new URL('../../samples/', import.meta.url);

/** The reader's sheets and grids against exceljs's full load of the same bytes (or both refuse them). */
async function expectSameAsExceljs(bytes: Uint8Array, label: string): Promise<void> {
  const before = await exceljsSheets(bytes).catch(() => 'refused');
  let after: Awaited<ReturnType<typeof exceljsSheets>> | 'refused';
  try {
    const book = openWorkbook(bytes);
    after = book.sheets.map((sheet) => ({ name: sheet.name, state: sheet.state, grid: gridFromSheet(book, sheet) }));
  } catch {
    after = 'refused';
  }
  expect(after, label).toEqual(before);
}

describe('the .xlsx reader gives the grid exceljs 4.4 gave (the reader before it)', () => {
  it('for the sample tables and the benchmark tables', async () => {
    for (const name of readdirSync(SAMPLE_DIR).filter((n) => n.endsWith('.xlsx'))) await expectSameAsExceljs(new Uint8Array(readFileSync(new URL(name, SAMPLE_DIR))), name);
    await expectSameAsExceljs(await buildTable(300), 'bench table');
    await expectSameAsExceljs(await buildTable(300, { mergedNotes: true }), 'bench table, a merge on every row');
  });

  it('for every layout of the layout corpus, written by exceljs and by SheetJS', async () => {
    for (const path of [SAMPLES.bentreText, SAMPLES.gialaiText]) {
      const model = modelOf(await readTable(readFileSync(path), path.split('/').pop()!));
      for (const layout of LAYOUTS) {
        for (const writer of ['exceljs', 'sheetjs'] as const) {
          const { bytes, fileName } = await writeLaid(layOut(model, layout, true), writer, layout.name);
          await expectSameAsExceljs(bytes, `${fileName} (${writer})`);
        }
      }
    }
  });

  it('for the damaged and odd workbooks of the hostile corpus (the large ones are the guard\'s, tested in test/reliability)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-xlsx-reader-'));
    try {
      const large = /bomb|ratio|million|10mb|many-parts|200-sheets|near-limits|40k-cell/;
      const corpus = await writeCorpus(dir, ['workbook'], (id) => !large.test(id));
      const readable = corpus.cases.filter((c) => c.file.endsWith('.xlsx') && !large.test(c.id));
      expect(readable.length).toBeGreaterThan(5);
      for (const c of readable) await expectSameAsExceljs(new Uint8Array(readFileSync(join(dir, c.file))), c.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);

  it('reads a workbook the same after parts that failed to parse or were cut short (one parser serves every part)', async () => {
    const bytes = await buildTable(40);
    const expected = JSON.stringify(await readTable(bytes, 'phu-luc.xlsx'));
    const parts = unzipSync(bytes);
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    const broken = zipSync({ ...parts, 'xl/worksheets/sheet1.xml': strToU8(sheet.replace('<row ', '<row <<')) });
    await expect(readTable(broken, 'hong.xlsx')).rejects.toMatchObject({ code: 'not-a-workbook' });
    expect(JSON.stringify(await readTable(bytes, 'phu-luc.xlsx'))).toBe(expected);
    const cut = zipSync({ ...parts, 'xl/worksheets/sheet1.xml': strToU8(sheet.slice(0, Math.floor(sheet.length / 2))) });
    expect((await readTable(cut, 'cut.xlsx')).counts.items).toBeGreaterThan(0);
    expect(JSON.stringify(await readTable(bytes, 'phu-luc.xlsx'))).toBe(expected);
  });

  it('for cells as Excel holds them: dates, times, formulas (shared, cached results, errors), hyperlinks, rich and inline text, hidden rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phụ lục');
    ws.addRow(['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện']);
    const dates = ws.addRow([new Date(Date.UTC(2021, 11, 31)), new Date(Date.UTC(2022, 5, 1)), 0.5, 44562]);
    dates.getCell(1).numFmt = 'dd/mm/yyyy';
    dates.getCell(2).numFmt = 'mmm-yy';
    dates.getCell(3).numFmt = 'h:mm';
    dates.getCell(4).numFmt = '"Ngày" d';
    ws.addRow([{ formula: '1+1', result: 2 }, { formula: 'A1', result: 0 }, { formula: 'B1' }, { formula: 'C1', result: 'a &lt; b' }]);
    ws.addRow([{ formula: 'TODAY()', result: new Date(Date.UTC(2022, 0, 3)) }, { error: '#N/A' }, { formula: 'X', result: { error: '#REF!' } }, true]);
    ws.getCell('A4').numFmt = 'dd/mm/yyyy';
    ws.addRow([{ text: 'Báo cáo', hyperlink: 'https://example.org/bc' }, { text: 'x', hyperlink: 'https://example.org/x' }, { richText: [{ text: 'Kiểm ', font: { bold: true } }, { text: 'tra_x000D_\nlại' }] }, '  nhiều   khoảng  ']);
    ws.getCell('B5').value = { formula: '1+1', result: 2 } as ExcelJS.CellValue;
    ws.getCell('B5').value = { text: 'x', hyperlink: 'https://example.org/x' };
    ws.getRow(6).values = [1, 'ẩn'];
    ws.getRow(6).hidden = true;
    ws.getRow(7).hidden = true; // empty and hidden: no row to the reader
    ws.fillFormula('A8:D8', 'ROW()', () => 8);
    ws.mergeCells('A9:B10');
    ws.getCell('A9').value = 'gộp';
    ws.getCell('E9').numFmt = '0.00'; // a style and no value: no cell
    await expectSameAsExceljs(new Uint8Array(await wb.xlsx.writeBuffer()), 'cells');
  });
});
