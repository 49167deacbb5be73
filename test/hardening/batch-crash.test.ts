import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

const CHILD = fileURLToPath(new URL('./children/batch-cut.ts', import.meta.url));

describe('an all-or-none batch cut by a power failure', () => {
  it('is reported whole as torn, and repair sets all of it aside: the ledger is what it was before the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-batch-'));
    const file = join(dir, 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    await (await Ledger.open(store)).append(importDraft());
    await store.close();
    const before = readFileSync(file);

    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, file], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toBe(''); // never acknowledged
    const cut = readFileSync(file);
    expect(cut.length).toBeGreaterThan(before.length);
    const firstOfBatch = cut.subarray(before.length, cut.indexOf(0x0a, before.length) + 1);
    expect(JSON.parse(firstOfBatch.toString('utf8'))).toMatchObject({ seq: 2 }); // a whole line of the batch reached the file

    const verified = runCli(['verify', file]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('cchc repair');
    const recorded = runCli(['record', file, '--item', 'I.2', '--note', 'x', '--actor', 'A', '--unit', 'B']);
    expect(recorded.code).toBe(1);
    expect(recorded.stderr).toContain('cchc repair');
    expect(readFileSync(file).equals(cut)).toBe(true);

    const repaired = runCli(['repair', file]);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.startsWith('ledger.ndjson.torn-'));
    expect(aside).toHaveLength(1);
    expect(Buffer.concat([readFileSync(file), readFileSync(join(dir, aside[0]!))]).equals(cut)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.batch'))).toEqual([]);
    expect(runCli(['verify', file]).code).toBe(0);
    expect(runCli(['record', file, '--item', 'I.2', '--note', 'x', '--actor', 'A', '--unit', 'B']).code).toBe(0);
  }, 60_000);

  it('a batch written whole leaves no journal behind, and reads as every event', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-batch-')), 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    await (await Ledger.open(store)).append(importDraft());
    const r = runCli(['record', file, '--item', 'I.1', '--status', 'done', '--effective', '2021-03-01', '--evidence', 'Báo cáo số 1/BC-SNV ngày 01/03/2021', '--actor', 'A', '--unit', 'B']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(file, '..'))).toEqual(['ledger.ndjson']);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
