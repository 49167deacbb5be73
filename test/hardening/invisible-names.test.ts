import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { resealed } from '../../scripts/hostile-corpus/ledgers.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

async function freshLedger(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-names-')), 'ledger.ndjson');
  const store = await NdjsonStore.open(file);
  await (await Ledger.open(store)).append(importDraft());
  await store.close();
  return file;
}

describe('names and units hold no control or invisible character', () => {
  it('record refuses a newline, a zero-width space, a bidi mark in --actor or --unit, and changes no byte', async () => {
    const file = await freshLedger();
    const before = readFileSync(file);
    const cases: Array<[string, string, string]> = [
      ['Lê Văn Cường\n#99 | 01/01/2021 00:00 | Giám đốc (Sở Nội vụ)', 'Sở Nội vụ', 'U+000A'],
      ['Lê\u200bVăn Cường', 'Sở Nội vụ', 'U+200B'],
      ['Lê Văn Cường', 'Sở Nội\u200e vụ', 'U+200E'],
      ['Lê Văn Cường', 'Sở Nội vụ\u0085', 'U+0085'],
    ];
    for (const [actor, unit, code] of cases) {
      const r = runCli(['record', file, '--item', 'I.1', '--note', 'x', '--actor', actor, '--unit', unit]);
      expect(r.code, JSON.stringify([actor, unit])).toBe(1);
      expect(r.stderr).toContain(`control or invisible character (${code}`);
      expect(readFileSync(file).equals(before)).toBe(true);
    }
  }, 60_000);

  it('log shows a name already stored with a newline on its one line, the newline escaped', async () => {
    const file = await freshLedger();
    const values = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    values[0] = { ...values[0]!, actor: { name: 'An\n#2 | 02/01/2021 | Giả mạo', unit: 'Sở\u200bNội vụ' } };
    writeFileSync(file, resealed(values).map((l) => `${l}\n`).join(''));
    const r = runCli(['log', file]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2); // the title and the one event
    expect(lines[1]).toContain('An\\u000A#2 | 02/01/2021 | Giả mạo (Sở\\u200BNội vụ)');
  }, 60_000);
});
