// How long `cchc` takes to start and answer, next to a bare `node -e 0` in the same run: `cchc --help`
// and `cchc verify` of the demo's ledger (102 events), through bin/cchc.js as a user runs it.
//
//   node --import tsx bench/startup.ts [--rounds 15]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshBuild } from '../bin/built-cli.js';
import { buildCli } from '../scripts/build-cli.ts';

const GOAL_SECONDS = 0.3;
// Not strict: `npm run bench -- --sizes …` passes the other benches' options here too.
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } }, strict: false });
const ROUNDS = Number(values.rounds);
const ROOT = new URL('../', import.meta.url);
const BIN = fileURLToPath(new URL('bin/cchc.js', ROOT));

if (!freshBuild(new URL('build/cli/', ROOT), ROOT)) {
  process.stdout.write('building the command line (npm run build:cli) …\n');
  await buildCli();
}
const dir = mkdtempSync(join(tmpdir(), 'cchc-startup-'));
try {
  const demo = spawnSync(process.execPath, [BIN, 'demo', '--out', dir], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`cchc demo failed: ${demo.stderr}`);
  const ledger = join(dir, 'so-theo-doi-cchc-2021.ndjson');

  const runs: Array<{ label: string; args: string[]; times: number[] }> = [
    { label: 'node -e 0 (the floor)', args: ['-e', '0'], times: [] },
    { label: 'cchc --help', args: [BIN, '--help'], times: [] },
    { label: 'cchc verify <demo ledger>', args: [BIN, 'verify', ledger], times: [] },
  ];
  // Alternating rounds, so that a burst of load on the machine hits all three alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const run of runs) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, run.args, { stdio: ['ignore', 'ignore', 'pipe'] });
      run.times.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (result.status !== 0) throw new Error(`${run.label} failed: ${result.stderr}`);
    }
  }
  const best = (times: number[]) => Math.min(...times);
  const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const floor = best(runs[0]!.times);
  process.stdout.write(`start-up, fastest and median of ${ROUNDS} alternating runs (goal ≤ ${GOAL_SECONDS} s):\n`);
  for (const run of runs) {
    const ours = best(run.times);
    const goal = run === runs[0] ? '' : `; ${ours <= GOAL_SECONDS ? 'goal met' : 'goal NOT met'}`;
    process.stdout.write(`  ${run.label.padEnd(28)} ${ours.toFixed(3)} s (median ${median(run.times).toFixed(3)} s), ${(ours / floor).toFixed(2)} × the floor${goal}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
