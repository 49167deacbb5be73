import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

describe('rows hidden or filtered out in an appendix table are reported, naming the rows', () => {
  it('inspect and import warn; the rows are still read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-hidden-'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join('samples', 'bentre-2021-phuluc.xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    for (const r of [12, 13, 14, 20]) sheet.getRow(r).hidden = true;
    const table = join(dir, 'an-hang.xlsx');
    writeFileSync(table, new Uint8Array(await workbook.xlsx.writeBuffer()));

    const plain = runCli(['inspect', '--json', join('samples', 'bentre-2021-phuluc.xlsx')]);
    const r = runCli(['inspect', '--json', table]);
    expect(r.code, r.stderr).toBe(0);
    const read = JSON.parse(r.stdout) as { counts: unknown; warnings: Array<{ code: string; row: number; message_en: string; message_vi: string }> };
    const hidden = read.warnings.filter((w) => w.code === 'hidden-rows');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]!.row).toBe(12);
    expect(hidden[0]!.message_en).toContain('4 rows 12–14, 20 are hidden or filtered out');
    expect(hidden[0]!.message_vi).toContain('4 hàng 12–14, 20 bị ẩn hoặc bị lọc');
    expect(read.counts).toEqual((JSON.parse(plain.stdout) as { counts: unknown }).counts);

    const ledger = join(dir, 'ledger.ndjson');
    const imported = runCli(['import', table, '--ledger', ledger, '--actor', 'A', '--unit', 'B', '--key', testKeyFile()]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout + imported.stderr).toContain('5 cảnh báo');
  }, 120_000);
});
