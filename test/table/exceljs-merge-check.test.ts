import { readFileSync, readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTable } from '../../bench/tables.ts';
import { linearMergeCheckApplies, useMergeCheck } from '../../templates/workbook-ledger/exceljs-merge-check.ts';
import { exceljsSheets } from './support/exceljs-reader.ts';

const SAMPLES = new URL('../../samples/', import.meta.url);

/** Every sheet exceljs loads, as the table's grid (cells and merged areas), with one merge check, then with the other. */
async function readBothWays(bytes: Uint8Array): Promise<[string, string]> {
  useMergeCheck('exceljs');
  const before = JSON.stringify(await exceljsSheets(bytes));
  useMergeCheck('linear');
  const after = JSON.stringify(await exceljsSheets(bytes));
  return [before, after];
}

/** Merges a list of ranges on a fresh sheet: which ones were refused, and the sheet's merges and cells. */
function mergeAll(ranges: Array<[number, number, number, number]>): string {
  const sheet = new ExcelJS.Workbook().addWorksheet('s');
  const refused: number[] = [];
  ranges.forEach(([top, left, bottom, right], i) => {
    try {
      sheet.mergeCells(top, left, bottom, right);
    } catch (error) {
      expect((error as Error).message).toBe('Cannot merge already merged cells');
      refused.push(i);
    }
  });
  const covered: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => { if (cell.isMerged) covered.push(`${cell.address}>${cell.master.address}`); }));
  return JSON.stringify({ refused, merges: sheet.model.merges, covered });
}

describe('the linear merge check that replaces exceljs 4.4\'s quadratic one', () => {
  afterEach(() => useMergeCheck('linear'));

  it('applies to the installed exceljs', () => {
    expect(linearMergeCheckApplies).toBe(true);
  });

  it.each(readdirSync(SAMPLES).filter((name) => name.endsWith('.xlsx')))('loads %s exactly as before', async (name) => {
    const [before, after] = await readBothWays(new Uint8Array(readFileSync(new URL(name, SAMPLES))));
    expect(after).toBe(before);
  });

  it('loads the benchmark\'s tables, with merged sub-rows and with a merge on every row, exactly as before', async () => {
    for (const shape of [{}, { mergedNotes: true }]) {
      const [before, after] = await readBothWays(await buildTable(800, shape));
      expect(JSON.parse(after)[0].grid.grid.merges.length).toBeGreaterThan(500);
      expect(after).toBe(before);
    }
  }, 60_000);

  it('refuses and accepts the same merges as exceljs, in any order and overlap', () => {
    const range = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([top, left, height, width]): [number, number, number, number] => [top, left, top + height, left + width]);
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), (ranges) => {
        useMergeCheck('exceljs');
        const theirs = mergeAll(ranges);
        useMergeCheck('linear');
        expect(mergeAll(ranges)).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });
});
