import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Each benchmark runs in a process of its own, so that one's heap never inflates the next one's peak memory.
// Default sizes are small; the province's report is made at 50 agencies (its first run makes the province, kept on the PostgreSQL server).
const BENCHES: [string, ...string[]][] = [
  ['startup.ts'],
  ['ledger.ts'],
  ['import-table.ts'],
  ['report.ts'],
  ['consolidated-workbook.ts'],
  ['consolidated-report.ts', '--agencies', '50', '--events', '30000'],
  ['tlog.ts'],
  ['pane-save.ts'],
  ['province-service.ts'],
];

let failed = false;
for (const [name, ...args] of BENCHES) {
  const file = fileURLToPath(new URL(name, import.meta.url));
  process.stdout.write(`\n== bench/${name} ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
