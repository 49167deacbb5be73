import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

const who = ['--actor', 'A', '--unit', 'B'];

async function freshLedger(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-small-')), 'ledger.ndjson');
  const store = await NdjsonStore.open(file);
  await (await Ledger.open(store)).append(importDraft());
  await store.close();
  return file;
}

describe('smaller refusals, each a clear message, the ledger unchanged', () => {
  it('record: --percent "" and 0x32, --percent with --status or without --note, --effective outside the plan year', async () => {
    const file = await freshLedger();
    const before = readFileSync(file);
    const runs: Array<[string[], string]> = [
      [['--note', 'x', '--percent', ''], 'must be a number from 0 to 100'],
      [['--note', 'x', '--percent', '0x32'], 'must be a number from 0 to 100'],
      [['--status', 'in_progress', '--percent', '50'], '--percent goes with --note alone'],
      [['--status', 'in_progress', '--note', 'x', '--percent', '50'], '--percent goes with --note alone'],
      [['--status', 'in_progress', '--effective', '2012-03-01'], 'outside the 2021 plan'],
      [['--status', 'in_progress', '--effective', '2022-01-05'], 'outside the 2021 plan'],
    ];
    for (const [args, words] of runs) {
      const r = runCli(['record', file, '--item', 'I.1', ...args, ...who]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(words);
      expect(readFileSync(file).equals(before)).toBe(true);
    }
  }, 120_000);

  it('a lock left with a time in the future (a fast clock) does not block the next writer', async () => {
    const file = await freshLedger();
    mkdirSync(`${file}.lock`);
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    utimesSync(`${file}.lock`, tomorrow, tomorrow);
    const r = runCli(['record', file, '--item', 'I.1', '--note', 'x', ...who]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  }, 60_000);

  it('repair on a full disk leaves no empty .torn- file and does not cut the ledger', async () => {
    const file = await freshLedger();
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('{"v":1,"seq":2,' + 'x'.repeat(4000))]));
    const before = readFileSync(file);
    // A file-size limit of 1 KB: the copy of the 4 KB torn line cannot be written, as on a full disk.
    let stderr = '';
    try {
      execFileSync('sh', ['-c', `ulimit -f 2; exec "${process.execPath}" bin/cchc.js repair "${file}"`], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(stderr).toContain('The ledger was not changed');
    expect(stderr).not.toContain('Unexpected error');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(join(file, '..')).filter((f) => f.includes('.torn-'))).toEqual([]);
  }, 60_000);
});
