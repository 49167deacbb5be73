import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft, statusDraft } from '../support/sample-plan.ts';

const HOUR = 3_600_000;
const who = ['--actor', 'Lê Văn Cường', '--unit', 'Sở Nội vụ'];

/** A ledger whose seq 2 was recorded by a computer whose clock ran `aheadMs` fast. */
async function ledgerWithFastWriter(aheadMs: number): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-clock-')), 'ledger.ndjson');
  const store = await NdjsonStore.open(file);
  await (await Ledger.open(store)).append(importDraft());
  const fast = () => new Date(Date.now() + aheadMs);
  await (await Ledger.open(store, { clock: fast })).append({ ...statusDraft('I.1', 'in_progress', '2021-02-01', ''), at: undefined });
  await store.close();
  return file;
}

describe('a computer whose clock is wrong locks no one out', () => {
  it('verify warns of the future-dated seq and how far ahead; record, report, replay and audit still work', async () => {
    const file = await ledgerWithFastWriter(365 * 24 * HOUR);
    const before = readFileSync(file);
    const stampedAt = (JSON.parse(before.toString('utf8').trim().split('\n')[1]!) as { at: string }).at;

    const verified = runCli(['verify', file]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Warning [clock]: 1 event stamped in the future');
    expect(verified.stdout).toMatch(/seq 2, .*, 36[45] days/);

    const dir = join(file, '..');
    const reported = runCli(['report', file, '--period', '2021-Y', '--out', join(dir, 'r.xlsx')]);
    expect(reported.code, reported.stderr).toBe(0);
    const cover = await (await JSZip.loadAsync(readFileSync(join(dir, 'r.xlsx')))).file('xl/sharedStrings.xml')!.async('string');
    expect(cover).toContain('ghi nhận ghi thời điểm ở tương lai (từ ghi nhận số 2');
    expect(runCli(['replay', file, '--as-of', '2021-12-31', '--out', join(dir, 'p.xlsx')]).code).toBe(0);
    expect(runCli(['audit', file, '--out', join(dir, 'a.xlsx')]).code).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);

    // A writer with the right clock keeps `at` monotone (the future time, said) and appends one line.
    const recorded = runCli(['record', file, '--item', 'I.2', '--note', 'Đang thực hiện', ...who]);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain(`Note: stamped ${stampedAt}, the previous event's time`);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    const added = after.subarray(before.length).toString('utf8').trim().split('\n');
    expect(added).toHaveLength(1);
    expect(JSON.parse(added[0]!)).toMatchObject({ seq: 3, at: stampedAt });
    expect(runCli(['verify', file]).code).toBe(0);
  });

  it('a computer an hour behind opens the ledger and appends after it, stamped no earlier', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-clock-')), 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    await (await Ledger.open(store)).append({ ...importDraft(), at: undefined });
    const slow = await Ledger.open(store, { clock: () => new Date(Date.now() - HOUR) });
    const [event] = await slow.append({ ...statusDraft('I.1', 'in_progress', '2021-02-01', ''), at: undefined });
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { at: string };
    expect(event!.at).toBe(first.at);
    await store.close();
  });
});
