import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

const who = ['--actor', 'A', '--unit', 'B', '--key', testKeyFile()];
const BENTRE = join('samples', 'bentre-2021-phuluc.xlsx');
const GIALAI = join('samples', 'gialai-sgddt-2022-phuluc.xlsx');

describe("another issuer's or year's table is not recorded as a revision unless the user says it is one", () => {
  it('refused (exit 2, ledger unchanged) naming issuer and year; --other-plan records it', async () => {
    const ledger = join(mkdtempSync(join(tmpdir(), 'cchc-other-plan-')), 'ledger.ndjson');
    expect(runCli(['import', BENTRE, '--ledger', ledger, ...who]).code).toBe(0);
    const before = readFileSync(ledger);

    const other = runCli(['import', GIALAI, '--ledger', ledger, '--document', 'Kế hoạch số 5/KH-SGDĐT ngày 01/03/2022', ...who]);
    expect(other.code, other.stderr).toBe(2);
    expect(other.stderr).toMatch(/names the issuer ".+" \(the plan in the ledger: ".+"\) and the year 2022 \(the plan in the ledger: 2021\)/);
    expect(other.stderr).toContain('--other-plan');
    expect(other.stderr).toContain('có thể là kế hoạch khác');
    expect(readFileSync(ledger).equals(before)).toBe(true);

    const year = runCli(['import', BENTRE, '--ledger', ledger, '--year', '2022', ...who]);
    expect(year.code, year.stderr).toBe(2);
    expect(year.stderr).toContain('names the year 2022 (the plan in the ledger: 2021)');
    expect(readFileSync(ledger).equals(before)).toBe(true);

    const meant = runCli(['import', GIALAI, '--ledger', ledger, '--document', 'Kế hoạch số 5/KH-SGDĐT ngày 01/03/2022', '--other-plan', ...who]);
    expect(meant.code, meant.stderr).toBe(0);
    expect(meant.stdout).toContain('revised');
  }, 120_000);
});
