import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('npm run demo', () => {
  it('imports the bundled sample, records a year, writes four anchored reports and the progress workbook, and verifies', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cchc-demo-')), 'out');
    const r = runCli(['demo', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const name of ['bao-cao-2021-Q1.xlsx', 'bao-cao-2021-H1.xlsx', 'bao-cao-2021-9M.xlsx', 'bao-cao-2021-Y.xlsx', 'theo-doi-tien-do-2021.xlsx', 'bao-cao-2021-Y.docx']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    expect(r.stdout).toContain('hợp lệ');

    const ledger = join(out, 'so-theo-doi-cchc-2021.ndjson');
    const events = readFileSync(ledger, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const types = new Set(events.map((e) => e.type));
    for (const t of ['plan.imported', 'plan.revised', 'status.changed', 'evidence.attached', 'progress.noted', 'condition.met', 'event.voided', 'report.issued']) {
      expect(types.has(t), t).toBe(true);
    }
    expect(new Set(events.map((e) => e.actor.unit)).size).toBeGreaterThanOrEqual(4);
    // A change recorded after the Q1 cut-off, effective before it.
    expect(events.some((e) => e.type === 'status.changed' && e.data.effective <= '2021-03-14' && e.at > '2021-03-15')).toBe(true);

    // Every report's anchor still holds, and the report file is the one anchored.
    for (const anchor of events.filter((e) => e.type === 'report.issued')) {
      expect(runCli(['verify', ledger, '--anchor', `${anchor.data.head.seq}:${anchor.data.head.hash}`]).code).toBe(0);
    }
    // Each issued report, workbook and Word document, can be made again byte for byte from the ledger as it is now.
    const q1 = events.find((e) => e.type === 'report.issued' && e.data.period === '2021-Q1');
    expect(q1.data.document.name).toBe('bao-cao-2021-Q1.docx');
    const again1 = join(out, 'q1-again.xlsx');
    const config = fileURLToPath(new URL('../../samples/bentre-2021-bao-cao.json', import.meta.url));
    expect(runCli(['report', ledger, '--period', '2021-Q1', '--known-at', q1.data.knownAt, '--config', config, '--out', again1]).code).toBe(0);
    const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(sha256(again1)).toBe(q1.data.file.sha256);
    expect(sha256(join(out, 'q1-again.docx'))).toBe(q1.data.document.sha256);
    expect(sha256(join(out, 'bao-cao-2021-Q1.docx'))).toBe(q1.data.document.sha256);

    // The demo writes the same ledger every time it runs.
    const again = join(mkdtempSync(join(tmpdir(), 'cchc-demo-')), 'out');
    runCli(['demo', '--out', again]);
    expect(readFileSync(join(again, 'so-theo-doi-cchc-2021.ndjson'), 'utf8')).toBe(readFileSync(ledger, 'utf8'));
    // Seven runs of the command line, each several seconds on a loaded two-core machine.
  }, 600_000);
});
