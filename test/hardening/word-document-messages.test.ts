import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { runCli } from '../support/run-cli.ts';

describe('a .docx refused at the input door is called a Word document, not an Excel workbook', () => {
  it('a password-protected .docx and one with two zip entries of one name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-word-'));
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array(200));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(9_000));
    const encrypted = join(dir, 'ke-hoach-mat-khau.docx');
    writeFileSync(encrypted, new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as number[]));

    const zip = await JSZip.loadAsync(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Kế hoạch')] }] })));
    zip.file('word/documenZ.xml', await zip.file('word/document.xml')!.async('uint8array'));
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const twin = Buffer.from('word/documenZ.xml');
    for (let at = bytes.indexOf(twin); at >= 0; at = bytes.indexOf(twin, at + 1)) Buffer.from('word/document.xml').copy(bytes, at);
    const duplicate = join(dir, 'ke-hoach-trung.docx');
    writeFileSync(duplicate, bytes);

    const runs: Array<[string, string[]]> = [
      [encrypted, ['an encrypted Word document', 'Open it in Word', 'Protect Document', 'văn bản Word đã mã hóa']],
      [duplicate, ['part word/document.xml twice', 'Open it in Word', 'mở bằng Word']],
    ];
    for (const [file, words] of runs) {
      const r = runCli(['inspect', file]);
      expect(r.code, r.stderr).toBe(1);
      for (const w of words) expect(r.stderr).toContain(w);
      expect(r.stderr).not.toMatch(/Excel|workbook/);
    }
  }, 60_000);
});
