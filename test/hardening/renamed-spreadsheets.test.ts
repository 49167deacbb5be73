import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('an .ods or .xlsb renamed .xlsx is named for what it is', () => {
  it('inspect says OpenDocument or Excel binary, not "Unexpected error"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-renamed-'));
    const ods = new JSZip();
    ods.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
    ods.file('content.xml', '<office:document-content/>');
    ods.file('META-INF/manifest.xml', '<manifest/>');
    const xlsb = new JSZip();
    xlsb.file('[Content_Types].xml', '<Types/>');
    xlsb.file('xl/workbook.bin', new Uint8Array([0x83, 0x01, 0x00]));
    xlsb.file('xl/worksheets/sheet1.bin', new Uint8Array([0x81, 0x01, 0x00]));
    for (const [name, zip, words] of [['ods.xlsx', ods, 'an OpenDocument (.ods) spreadsheet'], ['xlsb.xlsx', xlsb, 'an Excel binary (.xlsb) spreadsheet']] as const) {
      const file = join(dir, name);
      writeFileSync(file, await zip.generateAsync({ type: 'uint8array' }));
      const r = runCli(['inspect', file]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(words);
      expect(r.stderr).not.toContain('Unexpected error');
    }
  }, 60_000);
});
