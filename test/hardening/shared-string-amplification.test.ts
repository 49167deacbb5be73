import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { workbookBytes, writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

describe('a ledger sheet whose cells all point to one long shared string', () => {
  it('is refused by verify from what the file declares, naming the sheet, before anything is expanded', async () => {
    const ledger = await Ledger.open(new MemoryStore());
    await ledger.append(importDraft());
    const events = [];
    for await (const e of ledger.events()) events.push(e);
    const workbook = new ExcelJS.Workbook();
    await writeLedgerSheet(workbook, events);
    const zip = await JSZip.loadAsync(await workbookBytes(workbook));
    const sheetPart = 'xl/worksheets/sheet1.xml';
    const sheet = await zip.file(sheetPart)!.async('string');
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    // String 2 becomes 32,767 characters; 3,000 rows each point their C cell to it: 98 million characters from a file of a few kilobytes.
    zip.file('xl/sharedStrings.xml', strings.replace(/(<si><t>)[^<]*(<\/t><\/si>)(?![\s\S]*<si>)/, `$1${'x'.repeat(32_767)}$2`));
    const rows = Array.from({ length: 3_000 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}"><v>${i + 2}</v></c><c r="C${i + 3}" t="s"><v>2</v></c></row>`).join('');
    zip.file(sheetPart, sheet.replace('</sheetData>', `${rows}</sheetData>`));
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-amplified-')), 'so.xlsx');
    writeFileSync(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const before = readFileSync(file);

    const r = runCli(['verify', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('its cells point into the shared strings so many times that reading them would make more than 64.0 MB of text');
    expect(r.stderr).toContain('Sheet "_cchc_ledger" (xl/worksheets/sheet1.xml)');
    expect(r.stderr).toContain('danh sách chữ dùng chung');
    expect(readFileSync(file).equals(before)).toBe(true);


    // The ledger workbook as written verifies as before.
    const plain = join(mkdtempSync(join(tmpdir(), 'cchc-amplified-')), 'so.xlsx');
    writeFileSync(plain, await workbookBytes(workbook));
    expect(runCli(['verify', plain]).code).toBe(0);
  }, 120_000);
});
