import { spawnSync } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { importDraft } from '../support/sample-plan.ts';

const BIN = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));

/** Runs cchc with its stdout on /dev/full: every write to it fails with ENOSPC. */
function runToFullDisk(args: string[]): { code: number | null; stderr: string } {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    return { code: r.status, stderr: r.stderr };
  } finally {
    closeSync(full);
  }
}

describe('stdout that cannot be written (> /dev/full)', () => {
  it('record: the event is recorded once, the exit code says so (3), the message goes to stderr, no stack trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-full-')), 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    await (await Ledger.open(store)).append(importDraft());
    await store.close();
    const before = readFileSync(file);

    const r = runToFullDisk(['record', file, '--item', 'I.1', '--note', 'Đang làm', '--actor', 'A', '--unit', 'B']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('The command DID complete');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.subarray(before.length).toString('utf8').trim().split('\n')).toHaveLength(1);

    // A refused record keeps its own exit code and changes nothing.
    const refused = runToFullDisk(['record', file, '--item', 'I.9', '--note', 'x', '--actor', 'A', '--unit', 'B']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('No tracked item "I.9"');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file).equals(after)).toBe(true);

    const verified = runToFullDisk(['verify', file]);
    expect(verified.code).toBe(3);
    expect(verified.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
