// How long `cchc` takes to start and answer, next to a bare `node -e 0` in the same run: `cchc --help`
// and `cchc verify` of the demo's ledger (102 events), through bin/cchc.js as a user runs it.
//
//   node --import tsx bench/startup.ts [--rounds 10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshBuild } from '../bin/built-cli.js';
import { buildCli } from '../scripts/build-cli.ts';
import { alternate, machineLine, median, ratioText, spread, timedProcess } from './paired.ts';

const GOAL_SECONDS = 0.3;
// Not strict: `npm run bench -- --sizes …` passes the other benches' options here too.
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } }, strict: false });
const ROUNDS = Number(values.rounds);
const ROOT = new URL('../', import.meta.url);
const BIN = fileURLToPath(new URL('bin/cchc.js', ROOT));

process.stdout.write(machineLine());

if (!freshBuild(new URL('build/cli/', ROOT), ROOT)) {
  process.stdout.write('building the command line (npm run build:cli) …\n');
  await buildCli();
}
const dir = mkdtempSync(join(tmpdir(), 'cchc-startup-'));
try {
  const demo = spawnSync(process.execPath, [BIN, 'demo', '--out', dir], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`cchc demo failed: ${demo.stderr}`);
  const ledger = join(dir, 'so-theo-doi-cchc-2021.ndjson');

  // Alternating rounds (bench/paired.ts), so that a burst of load on the machine hits all three alike.
  const times = await alternate(ROUNDS, {
    floor: timedProcess(['-e', '0'], 'node -e 0'),
    help: timedProcess([BIN, '--help'], 'cchc --help'),
    verify: timedProcess([BIN, 'verify', ledger], 'cchc verify'),
  });
  const seconds = (ms: number[]) => ms.map((m) => m / 1000);
  process.stdout.write(`start-up, medians (min–max) of ${ROUNDS} alternating runs, seconds (goal ≤ ${GOAL_SECONDS} s):\n`);
  process.stdout.write(`  ${'node -e 0 (the floor)'.padEnd(28)} ${spread(seconds(times.floor), 3)}\n`);
  for (const [label, ours] of [['cchc --help', times.help], ['cchc verify <demo ledger>', times.verify]] as const) {
    const goal = median(ours) / 1000 <= GOAL_SECONDS ? 'goal met' : 'goal NOT met';
    process.stdout.write(`  ${label.padEnd(28)} ${spread(seconds(ours), 3)}, ${ratioText(ours, times.floor)} the floor; ${goal}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
