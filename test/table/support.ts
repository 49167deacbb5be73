import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArea, type Grid, type MergeArea } from '../../templates/table/grid.ts';
import { readTable } from '../../templates/table/read-table.ts';
import type { TableRead } from '../../templates/table/table-read.ts';

export const SAMPLES = {
  bentreXlsx: fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url)),
  gialaiXlsx: fileURLToPath(new URL('../../samples/gialai-sgddt-2022-phuluc.xlsx', import.meta.url)),
  bentreText: fileURLToPath(new URL('./seeds/bentre-2021-plan.txt', import.meta.url)),
  gialaiText: fileURLToPath(new URL('./seeds/gialai-sgddt-2022-plan.txt', import.meta.url)),
};

export function readSample(path: string, options: { year?: number } = {}): Promise<TableRead> {
  return readTable(readFileSync(path), path.split('/').pop()!, options);
}

/** A grid written by hand: rows of cells, merges as Excel ranges ("A7:A9"). */
export function grid(rows: string[][], merges: string[] = [], sheet = 'Sheet1'): Grid {
  return { sheet, values: rows, merges: merges.map((a) => parseArea(a) as MergeArea) };
}
