import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const who = ['--actor', 'A', '--unit', 'B'];

describe('only regular files are read: a pipe, a device or a directory is named for what it is', () => {
  it('inspect /dev/zero, and every command on a FIFO or a directory, refuse at once with what the path is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-kind-'));
    const fifo = join(dir, 'ledger.ndjson');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder.ndjson');
    mkdirSync(folder);
    const runs: Array<[string[], string]> = [
      [['inspect', '/dev/zero'], 'is a device, not a regular file'],
      [['import', fifo, '--ledger', join(dir, 'new.ndjson'), ...who], 'is a named pipe (FIFO), not a regular file'],
      [['verify', fifo], 'is a named pipe (FIFO), not a regular file'],
      [['record', fifo, '--item', 'I.1', '--note', 'x', ...who], 'is a named pipe (FIFO), not a regular file'],
      [['verify', folder], 'is a directory, not a regular file'],
      [['record', folder, '--item', 'I.1', '--note', 'x', ...who], 'is a directory, not a regular file'],
      [['repair', folder], 'is a directory, not a regular file'],
    ];
    for (const [args, words] of runs) {
      const r = runCli(args); // a hang would fail the test by its timeout
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain(words);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(statSync(fifo).isFIFO()).toBe(true);
  }, 120_000);
});
