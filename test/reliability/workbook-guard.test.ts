/**
 * The input guard in-process: real workbooks pass it, each limit refuses at its edge, the limits
 * come from the environment, and OLE files are told apart by their streams.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { compoundFileKind, compoundFileNames } from '../../cli/cfb-directory.ts';
import { CliError } from '../../cli/exit.ts';
import { guardTextTable, guardWorkbook, inputLimits, type InputLimits } from '../../cli/workbook-guard.ts';
import { readZipDirectory } from '../../cli/zip-directory.ts';
import { minimalXlsx, sheetXml } from '../../scripts/hostile-corpus/minimal-xlsx.ts';
import { tableRows } from '../../scripts/hostile-corpus/sample-table.ts';

const REAL = ['../../samples/gialai-sgddt-2022-phuluc.xlsx', '../../samples/bentre-2021-phuluc.xlsx'].map((p) => new Uint8Array(readFileSync(new URL(p, import.meta.url))));
const TABLE = new Uint8Array(minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows()) }]));

async function refusal(bytes: Uint8Array, limits: Partial<InputLimits> = {}): Promise<string | null> {
  try {
    await guardWorkbook(bytes, 'x.xlsx', { ...inputLimits({}), ...limits });
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as CliError).messageEn;
  }
}

describe('the workbook guard', () => {
  it('lets real workbooks through: the LibreOffice fixtures, an exceljs workbook, a SheetJS one, a 5,000-row table', async () => {
    const exceljs = new ExcelJS.Workbook();
    exceljs.addWorksheet('Phụ lục').addRows(tableRows().map((r) => r.map((c) => (c === null || typeof c === 'object' ? undefined : c))));
    const sheetjs = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(sheetjs, XLSX.utils.aoa_to_sheet(tableRows() as unknown[][]), 'Phụ lục');
    const big = Array.from({ length: 5_000 }, (_, i) => [i + 1, `Nhiệm vụ ${i + 1}: rà soát thủ tục hành chính`, 'Báo cáo', 'Quý II/2021', 'Sở Nội vụ', 'Các sở, ban, ngành', '']);
    for (const bytes of [
      ...REAL,
      TABLE,
      new Uint8Array(await exceljs.xlsx.writeBuffer()),
      new Uint8Array(XLSX.write(sheetjs, { bookType: 'xlsx', type: 'array' }) as ArrayBuffer),
      new Uint8Array(minimalXlsx([{ name: 'Phụ lục', xml: sheetXml([...tableRows(), ...big]) }])),
    ]) {
      expect(await refusal(bytes)).toBeNull();
    }
  });

  it('refuses at each limit, and not below it', async () => {
    expect(await refusal(TABLE, { maxRowsPerSheet: 11 })).toBeNull();
    expect(await refusal(TABLE, { maxRowsPerSheet: 10 })).toContain('more than 10 rows');
    const cells = tableRows().reduce((n, r) => n + r.filter((c) => c !== null && c !== '').length, 0);
    expect(await refusal(TABLE, { maxCells: cells })).toBeNull();
    expect(await refusal(TABLE, { maxCells: cells - 1 })).toContain(`more than ${cells - 1} cells`);
    const long = new Uint8Array(minimalXlsx([{ name: 'Phụ lục', xml: sheetXml([...tableRows(), [9, 'x'.repeat(5_000)]]) }]));
    expect(await refusal(long, { maxTextBytes: 5_001 })).toBeNull();
    expect(await refusal(long, { maxTextBytes: 4_999 })).toMatch(/a text longer than .*sheet "Phụ lục" .*after cell B12/);
    const declared = (readZipDirectory(TABLE) as { parts: Array<{ size: number }> }).parts.reduce((n, p) => n + p.size, 0);
    expect(await refusal(TABLE, { maxUnzippedBytes: declared })).toBeNull();
    expect(await refusal(TABLE, { maxUnzippedBytes: declared - 1 })).toContain('zip bomb');
    expect(await refusal(TABLE, { maxParts: 4 })).toContain('parts, over the limit of 4');
    expect(await refusal(TABLE, { maxRatio: 1, ratioFloorBytes: 100 })).toContain('to 1');
  });

  it('takes its limits from the environment, ignoring what is not a positive number', () => {
    const limits = inputLimits({ CCHC_MAX_INPUT_MB: '2', CCHC_XLSX_MAX_UNZIPPED_MB: '1.5', CCHC_XLSX_MAX_ROWS: '300', CCHC_XLSX_MAX_CELLS: 'lots' });
    expect(limits).toMatchObject({ maxFileBytes: 2 * 2 ** 20, maxUnzippedBytes: 1.5 * 2 ** 20, maxRowsPerSheet: 300, maxCells: inputLimits({}).maxCells });
  });

  it('tells an encrypted workbook from an old .xls by the streams of its OLE file', () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array(200));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(9_000));
    const encrypted = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as number[]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['STT', 'Nội dung']]), 'S');
    const xls = new Uint8Array(XLSX.write(book, { bookType: 'biff8', type: 'array' }) as ArrayBuffer);
    expect(compoundFileNames(encrypted)).toEqual(expect.arrayContaining(['EncryptionInfo', 'EncryptedPackage']));
    expect(compoundFileKind(compoundFileNames(encrypted))).toBe('encrypted-workbook');
    expect(compoundFileKind(compoundFileNames(xls))).toBe('old-excel');
    expect(compoundFileKind(null)).toBe('other');
  });

  it('refuses a text table cell longer than a spreadsheet cell, by line and column', () => {
    expect(() => guardTextTable(`STT\tNội dung\n1\t${'x'.repeat(32_767)}\n`, 't.txt')).not.toThrow();
    expect(() => guardTextTable(`STT\tNội dung\r\n1\t${'x'.repeat(32_768)}\r\n`, 't.txt')).toThrow(/line 2, column B/);
  });
});
