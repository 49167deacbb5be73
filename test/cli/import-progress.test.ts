/**
 * `cchc import` shows its stages on a terminal (a pseudo-terminal made by util-linux's `script`), and
 * nothing of them when its output goes to a pipe or a file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

const BIN = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
const STAGES = ['Nhập bảng / importing', '(1/4) đọc tệp nén / reading the zip'];
const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

describe('cchc import: progress', () => {
  it('shows the stages of reading the table on a terminal, and erases them before the answer', () => {
    const ledger = join(mkdtempSync(join(tmpdir(), 'cchc-import-tty-')), 'ledger.ndjson');
    const command = [process.execPath, BIN, 'import', SAMPLE, '--ledger', ledger, '--actor', 'Phạm Thu Hà', '--unit', 'Sở Nội vụ', '--key', testKeyFile()].map(quoted).join(' ');
    // `script -q -e -c CMD /dev/null`: CMD on a new pseudo-terminal, its exit code passed on.
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const stage of STAGES) expect(r.stdout).toContain(stage);
    // The answer comes after the bar is erased (cursor to the line's start, line cleared).
    const answer = r.stdout.indexOf('Đã nhập / imported');
    const erased = r.stdout.lastIndexOf('\u001b[2K');
    expect(erased).toBeGreaterThanOrEqual(0);
    expect(answer).toBeGreaterThan(erased);
  });

  it('shows nothing of them when the output is not a terminal', () => {
    const ledger = join(mkdtempSync(join(tmpdir(), 'cchc-import-pipe-')), 'ledger.ndjson');
    const r = runCli(['import', SAMPLE, '--ledger', ledger, '--actor', 'Phạm Thu Hà', '--unit', 'Sở Nội vụ', '--key', testKeyFile()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Đã nhập / imported');
    for (const stage of STAGES) expect(r.stdout + r.stderr).not.toContain(stage);
    expect(r.stderr).toBe('');
  });
});
