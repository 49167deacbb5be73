import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

describe('a whole, valid last line without its newline', () => {
  it('is kept: verify accepts it, repair moves nothing, and the next record starts a new line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-nonl-'));
    const file = join(dir, 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    await (await Ledger.open(store)).append(importDraft());
    await store.close();
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 1)); // as an editor saves it
    const before = readFileSync(file);

    expect(runCli(['verify', file]).code).toBe(0);
    const repaired = runCli(['repair', file]);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain('nothing to repair');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['ledger.ndjson']);

    const recorded = runCli(['record', file, '--item', 'I.1', '--note', 'Đang làm', '--actor', 'A', '--unit', 'B']);
    expect(recorded.code, recorded.stderr).toBe(0);
    const after = readFileSync(file);
    expect(after.subarray(0, whole.length).equals(whole)).toBe(true);
    const appended = after.subarray(whole.length).toString('utf8');
    expect(appended).toMatch(/^\{[^\n]*\}\n$/);
    expect(JSON.parse(appended)).toMatchObject({ v: 1, seq: 2 });
    expect(runCli(['verify', file]).code).toBe(0);
  }, 60_000);
});
