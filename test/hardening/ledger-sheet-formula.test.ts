import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { LEDGER_SHEET_NAME } from '../../ledger/stores/sheet-rows.ts';
import { workbookBytes, writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft, statusDraft } from '../support/sample-plan.ts';

describe('a formula in a ledger-sheet cell', () => {
  it('is refused by verify even when its cached value is the right one', async () => {
    const ledger = await Ledger.open(new MemoryStore());
    await ledger.append(importDraft());
    await ledger.append(statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T01:00:00.000Z'));
    const events = [];
    for await (const e of ledger.events()) events.push(e);
    const workbook = new ExcelJS.Workbook();
    const sheet = await writeLedgerSheet(workbook, events);
    const seqCell = sheet.getCell('A3');
    seqCell.value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-formula-')), 'staff.xlsx');
    writeFileSync(file, await workbookBytes(workbook));
    const before = readFileSync(file);
    const r = runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`cell A3 holds a formula, not the value that was recorded`);
    expect(r.stdout).toContain(`sheet ${LEDGER_SHEET_NAME}`);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
