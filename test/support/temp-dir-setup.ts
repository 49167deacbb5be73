import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest's global set-up: every temporary folder the tests make (mkdtemp under os.tmpdir(), in the
 * test files and in the commands they spawn) goes into one folder of this run, removed when the run
 * ends, so no test leaves cchc-* folders behind in /tmp. Set before the workers start, so they and
 * their children inherit it.
 */
export default function setup(): () => void {
  const run = mkdtempSync(join(tmpdir(), 'cchc-test-run-'));
  // Others may pass through, as through /tmp: the private PostgreSQL server's test runs initdb as the postgres user.
  chmodSync(run, 0o755);
  process.env.TMPDIR = run;
  return () => rmSync(run, { recursive: true, force: true });
}
