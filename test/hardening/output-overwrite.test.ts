import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { workbookBytes, writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

let dir: string;
let ledgerFile: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-out-'));
  ledgerFile = join(dir, 'ledger.ndjson');
  const store = await NdjsonStore.open(ledgerFile);
  await (await Ledger.open(store)).append(importDraft());
  await store.close();
});

/** Each report command with its output going to `out`. */
const commands = (ledger: string, out: string): string[][] => [
  ['report', ledger, '--period', '2021-Q1', '--known-at', '2099-01-01', '--out', out],
  ['replay', ledger, '--as-of', '2021-03-31', '--out', out],
  ['audit', ledger, '--out', out],
];

describe('report, replay and audit never write over what they read', () => {
  it('refuse --out naming the ledger being read, by its own path or through a symlink, even with --force', () => {
    const link = join(dir, 'link.ndjson');
    symlinkSync(ledgerFile, link);
    const before = readFileSync(ledgerFile);
    const runs = [...commands(ledgerFile, ledgerFile), commands(ledgerFile, link)[0]!, commands(ledgerFile, `${dir}/./ledger.ndjson`)[2]!];
    {
      for (const args of runs) {
        const r = runCli([...args, '--force']);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toContain('an output never replaces what it was read from');
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(readFileSync(ledgerFile).equals(before)).toBe(true);
      }
    }
  });

  it('refuse another ledger and a workbook holding a ledger sheet, even with --force', async () => {
    const other = join(dir, 'other.ndjson');
    writeFileSync(other, readFileSync(ledgerFile));
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Theo dõi').getCell('A1').value = 'Bảng của cán bộ';
    const events = [];
    const store = await NdjsonStore.open(ledgerFile);
    for await (const e of (await Ledger.open(store)).events()) events.push(e);
    await writeLedgerSheet(workbook, events);
    const staff = join(dir, 'staff.xlsx');
    writeFileSync(staff, await workbookBytes(workbook));
    for (const [out, command] of [[other, 0], [staff, 2]] as const) {
      const before = readFileSync(out);
      for (const args of [commands(ledgerFile, out)[command]!]) {
        const r = runCli([...args, '--force']);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toContain('never overwritten, not even with --force');
        expect(readFileSync(out).equals(before)).toBe(true);
      }
    }
  });

  it('refuse any other existing file without --force, replace it with --force, and leave no temporary file', () => {
    for (const args of commands(ledgerFile, join(dir, 'issued.xlsx')).slice(1)) {
      const out = join(dir, 'issued.xlsx');
      writeFileSync(out, 'báo cáo đã phát hành');
      const refused = runCli(args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain('give --force to replace it');
      expect(readFileSync(out, 'utf8')).toBe('báo cáo đã phát hành');
      const forced = runCli([...args, '--force']);
      expect(forced.code, forced.stderr).toBe(0);
      expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a write that cannot be made says so and leaves nothing behind', () => {
    const out = join(dir, 'missing-folder', 'r.xlsx');
    const r = runCli(['audit', ledgerFile, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cannot write');
    expect(existsSync(out)).toBe(false);
  });
});
