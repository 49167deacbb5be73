import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { CliError } from '../../cli/exit.ts';
import { parseKnownAt } from '../../cli/report-ledger.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

describe('--known-at is read in Vietnam time', () => {
  it('takes ISO and dd/mm/yyyy, with a time or without (the end of that day)', () => {
    expect(parseKnownAt('2021-03-18T10:00')).toBe('2021-03-18T03:00:00.000Z');
    expect(parseKnownAt('18/03/2021 10:00')).toBe('2021-03-18T03:00:00.000Z');
    expect(parseKnownAt('18/03/2021 9:05')).toBe('2021-03-18T02:05:00.000Z');
    expect(parseKnownAt(' 18/3/2021  10:00:30 ')).toBe('2021-03-18T03:00:30.000Z');
    expect(parseKnownAt('2021-03-18 10:00+07:00')).toBe('2021-03-18T03:00:00.000Z');
    expect(parseKnownAt('2021-03-18T10:00Z')).toBe('2021-03-18T10:00:00.000Z');
    expect(parseKnownAt('18/03/2021')).toBe('2021-03-18T16:59:59.999Z');
  });

  it('refuses what is no moment, saying how to write one', () => {
    for (const text of ['18/03/2021 25:00', '31/02/2021 10:00', 'hôm qua', '2021-03-18T10']) {
      expect(() => parseKnownAt(text), text).toThrow(CliError);
    }
    expect(() => parseKnownAt('18/03/2021 25:00')).toThrow(/"16\/03\/2021 10:00"/);
  });
});

describe('cchc report: the moment and the period it may be asked', () => {
  let dir: string;
  let file: string;
  const report = (...args: string[]) => runCli(['report', file, '--out', join(dir, 'bao-cao.xlsx'), '--force', ...args]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cchc-moment-'));
    file = join(dir, 'so.ndjson');
    const store = await NdjsonStore.open(file);
    await (await Ledger.open(store)).append(importDraft('2021-01-04T01:00:00.000Z')); // 08:00 on 04/01/2021 in Vietnam
    await store.close();
  });

  it('echoes --known-at as the Vietnamese wall clock', () => {
    for (const moment of ['2021-03-18T10:00', '18/03/2021 10:00']) {
      const r = report('--period', '2021-Q1', '--known-at', moment);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('ghi nhận đến 18/03/2021 10:00 (giờ Việt Nam)');
      expect(r.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    }
  });

  it('refuses a period outside the plan’s year, naming the periods it has', () => {
    const r = report('--period', '2020-Y');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--period 2020-Y nằm ngoài năm của kế hoạch trong sổ (kế hoạch năm 2021)');
    expect(r.stderr).toContain('2021-Q1, 2021-H1, 2021-Q3, 2021-9M, 2021-Y');
  });

  it('refuses a --known-at before the plan was imported', () => {
    const r = report('--period', '2021-Q1', '--known-at', '04/01/2021 07:59');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--known-at 04/01/2021 07:59 là trước khi kế hoạch được nhập vào sổ (04/01/2021 08:00, giờ Việt Nam)');
    expect(r.stderr).toContain('is before the plan was imported');
  });

  it('warns, and still reports, when --known-at is still to come', () => {
    const r = report('--period', '2021-Y', '--known-at', '31/12/2099 10:00');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Cảnh báo: --known-at 31\/12\/2099 10:00 là thời điểm chưa tới/);
    expect(r.stderr).toContain('Warning: --known-at 31/12/2099 10:00 is still to come');
  });
});
