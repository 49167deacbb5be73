import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

describe('a workbook with two zip entries of the same name is refused, naming the entry', () => {
  it('import and inspect refuse it; the ledger is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-duplicate-'));
    const table = join(dir, 'phuluc.xlsx');
    const zip = await JSZip.loadAsync(readFileSync('samples/bentre-2021-phuluc.xlsx'));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('uint8array');
    // A second entry, its name later made the same as the first's (JSZip keeps names unique).
    zip.file('xl/worksheets/sheetZ.xml', sheet);
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const twin = Buffer.from('xl/worksheets/sheetZ.xml');
    for (let at = bytes.indexOf(twin); at >= 0; at = bytes.indexOf(twin, at + 1)) Buffer.from('xl/worksheets/sheet1.xml').copy(bytes, at);
    writeFileSync(table, bytes);

    const ledger = join(dir, 'ledger.ndjson');
    const key = ['--key', testKeyFile()];
    const first = runCli(['import', join('samples', 'bentre-2021-phuluc.xlsx'), '--ledger', ledger, '--actor', 'A', '--unit', 'B', ...key]);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(ledger);
    for (const args of [['import', table, '--ledger', ledger, '--actor', 'A', '--unit', 'B', ...key], ['inspect', table]]) {
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('holds sheet');
      expect(r.stderr).toContain('(xl/worksheets/sheet1.xml) twice (two zip entries of the same name)');
      expect(r.stderr).toContain('hai mục cùng tên');
      expect(r.stderr).not.toContain('Unexpected error');
    }
    expect(readFileSync(ledger).equals(before)).toBe(true);
  }, 120_000);
});
