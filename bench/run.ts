import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Each benchmark runs in a process of its own, so that one's heap never inflates the next one's peak memory.
const BENCHES = ['startup.ts', 'ledger.ts', 'import-table.ts', 'report.ts', 'consolidated-report.ts', 'tlog.ts', 'province-service.ts'];

let failed = false;
for (const name of BENCHES) {
  const file = fileURLToPath(new URL(name, import.meta.url));
  process.stdout.write(`\n== bench/${name}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
