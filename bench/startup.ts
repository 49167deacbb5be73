// How long `cchc` takes to start and answer, next to a bare `node -e 0` in the same run: `cchc --help`
// and `cchc verify` of the demo's ledger (108 events), through bin/cchc.js as a user runs it. Each run's
// wall-clock time and CPU time (user + system): on a machine others are using, the wall clock measures
// their load as much as ours, the CPU time much less, so the goal (≤ 0.3 s) is judged on both.
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
import { alternate, machineLine, median, ratioText, spread, timedProcessCpu } from './paired.ts';

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
  const cpu = { floor: [] as number[], help: [] as number[], verify: [] as number[] };
  const times = await alternate(ROUNDS, {
    floor: timedProcessCpu(['-e', '0'], 'node -e 0', cpu.floor),
    help: timedProcessCpu([BIN, '--help'], 'cchc --help', cpu.help),
    verify: timedProcessCpu([BIN, 'verify', ledger], 'cchc verify', cpu.verify),
  });
  // The warm-up run of each side is not kept by alternate(); its CPU time is dropped likewise.
  for (const side of Object.values(cpu)) side.shift();
  const seconds = (ms: number[]) => ms.map((m) => m / 1000);
  const sides = [
    ['node -e 0 (the floor)', 'floor'],
    ['cchc --help', 'help'],
    ['cchc verify <demo ledger>', 'verify'],
  ] as const;
  for (const [what, measured] of [
    ['wall-clock time', times],
    ['CPU time (user + system)', cpu],
  ] as const) {
    process.stdout.write(`start-up, ${what}, medians (min–max) of ${ROUNDS} alternating runs, seconds (goal ≤ ${GOAL_SECONDS} s):\n`);
    for (const [label, side] of sides) {
      const ours = measured[side];
      const verdict = side === 'floor' ? '' : `, ${ratioText(ours, measured.floor)} the floor; goal ${median(ours) / 1000 <= GOAL_SECONDS ? 'met' : 'NOT met'}`;
      process.stdout.write(`  ${label.padEnd(28)} ${spread(seconds(ours), 3)}${verdict}\n`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
