import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { resealed } from '../../scripts/hostile-corpus/ledgers.ts';
import { runCli } from '../support/run-cli.ts';
import { ALICE, importDraft, statusDraft } from '../support/sample-plan.ts';

describe('a report.issued names the head it was made from', () => {
  it('a chain re-computed from before that head, with the report.issued left as it was, no longer verifies', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-head-')), 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    const ledger = await Ledger.open(store);
    await ledger.append(importDraft());
    for (const [i, item] of ['I.1', 'I.2', 'II.1'].entries()) await ledger.append(statusDraft(item, 'in_progress', '2021-02-01', `2021-02-0${i + 1}T01:00:00.000Z`));
    const head = ledger.head; // seq 4
    await ledger.append({
      type: 'report.issued',
      actor: ALICE,
      at: '2021-04-01T01:00:00.000Z',
      data: { period: '2021-Q1', cutoff: { from: '2020-12-15', to: '2021-03-14' }, knownAt: '2021-04-01T01:00:00.000Z', head, file: { name: 'r.xlsx', sha256: 'b'.repeat(64) } },
    });
    await ledger.append(statusDraft('I.1', 'done', '2021-04-02', '2021-04-02T01:00:00.000Z'));
    await store.close();
    expect(runCli(['verify', file]).code).toBe(0);

    // seq 3 says "done" instead, and every hash from there on is computed again; the report.issued keeps its data.
    const values = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    values[2] = { ...values[2]!, data: { ...(values[2]!.data as object), status: 'done' } };
    writeFileSync(file, resealed(values).map((l) => `${l}\n`).join(''));
    const before = readFileSync(file);

    const r = runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Problem [anchor]: The report issued at seq 5 was made from seq 4');
    expect(r.stdout).toContain('line 5, byte');
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
