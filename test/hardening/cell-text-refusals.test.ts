import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

const SAMPLE = join('samples', 'bentre-2021-phuluc.xlsx');
const who = ['--actor', 'A', '--unit', 'B', '--key', testKeyFile()];

/** The sample table with its first task text starting with `prefix` (written into the shared strings as is). */
async function tableWith(dir: string, name: string, prefix: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(SAMPLE));
  const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
  expect(strings).toContain('Xây dựng');
  zip.file('xl/sharedStrings.xml', strings.replace('Xây dựng', `${prefix}Xây dựng`));
  const file = join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  return file;
}

describe('a table cell no one typed is refused naming its cell, the ledger unchanged', () => {
  it('an escaped lone surrogate (_xD800_) and a run of 1,000 combining marks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-cell-text-'));
    const ledger = join(dir, 'ledger.ndjson');
    const first = runCli(['import', SAMPLE, '--ledger', ledger, ...who]);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(ledger);
    const cases: Array<[string, string, string[]]> = [
      ['surrogate.xlsx', '_xD800_', ['a lone UTF-16 surrogate, written _xD800_', 'nửa cặp thay thế UTF-16']],
      ['marks.xlsx', 'a' + '\u0301'.repeat(1_000), ['1000 combining marks in a row', 'UAX #15', 'dấu kết hợp liền nhau']],
    ];
    for (const [name, prefix, words] of cases) {
      const table = await tableWith(dir, name, prefix);
      for (const args of [['import', table, '--ledger', ledger, '--document', 'Kế hoạch số 1/KH-UBND ngày 01/02/2021', ...who], ['inspect', table]]) {
        const r = runCli(args);
        expect(r.code, `${name} ${args[0]}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(/cell [A-Z]+\d+ \(row \d+, column [A-Z]+\)/);
        for (const w of words) expect(r.stderr).toContain(w);
        expect(r.stderr).not.toContain('Unexpected error');
      }
      expect(readFileSync(ledger).equals(before)).toBe(true);
    }
  }, 120_000);

  it('record: a note with a run of 1,000 combining marks is refused before it is normalised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-cell-text-'));
    const ledger = join(dir, 'ledger.ndjson');
    expect(runCli(['import', SAMPLE, '--ledger', ledger, ...who]).code).toBe(0);
    const before = readFileSync(ledger);
    const r = runCli(['record', ledger, '--item', 'I.1', '--note', `Ghi chú a${'\u0301'.repeat(1_000)}`, ...who]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('1000 combining marks in a row (from character 10)');
    expect(r.stderr).toContain('dấu kết hợp liền nhau');
    expect(r.stderr).not.toContain('Unexpected error');
    expect(readFileSync(ledger).equals(before)).toBe(true);
    // 30 marks (the stream-safe limit) are still recorded.
    expect(runCli(['record', ledger, '--item', 'I.1', '--note', `a${'\u0301'.repeat(30)}`, ...who]).code).toBe(0);
  }, 120_000);
});
