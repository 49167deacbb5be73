// The ledger's read path on NDJSON ledgers of 100,000 and 1,000,000 realistic events: verify+replay
// (one streaming pass, rules on: verifyAndReplay) against the floor measured in the same run (read
// the same file, JSON.parse and SHA-256 every line, nothing else), their ratio and peak memory;
// verify without the rules for reference; then where one event's time goes. Each measurement runs
// in a process of its own, so that its peak memory is its own, from bench/ledger-phases.ts bundled
// as the command line is built and run by plain node, as `cchc` runs (no TypeScript loader).
//
//   node --import tsx --expose-gc bench/ledger.ts [--sizes 100000,1000000] [--formats 1,2] [--repeat 3] [--skip-reference] [--keep] [--dir DIR]
// The goals are set for --sizes 100000,1000000 (the million takes minutes on a loaded machine). [--keep] [--dir DIR]
import { spawnSync } from 'node:child_process';
import { randomUUID, sign as edSign } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256Hex } from '#digest';
import { canonicalJson } from '../ledger/canonical-json.ts';
import { evolve } from '../ledger/evolve.ts';
import { LedgerEvent } from '../ledger/events.ts';
import { project } from '../ledger/project.ts';
import { emptyState, EVERYTHING } from '../ledger/replay.ts';
import { checkEvent } from '../ledger/rules.ts';
import { EMPTY_HEAD, type Head } from '../ledger/store.ts';
import { NdjsonStore } from '../ledger/stores/ndjson-store.ts';
import { ChainChecker, isFailure } from '../ledger/verify.ts';
import { sampleBodies, sealAfter, type EventBody } from '../test/stores/sample-events.ts';
import { signerOfSeed } from '../cli/key-file.ts';
import { FORMAT_SIGNED, type Actor } from '../ledger/events.ts';
import { signedContent, type Signer } from '../ledger/signed-content.ts';
import { storedLine } from '../ledger/stored-line.ts';
import { createPrivateKey } from 'node:crypto';
import { bundleForNode } from '../scripts/build-cli.ts';
import { PHASES, type Measurement, type Phase } from './ledger-phases.ts';
import { alternate, machineLine, median, ratios, ratioText, spread } from './paired.ts';

const GOAL_RATIO = 1.5;
const GOAL_RSS_MB = 300;
const SELF = fileURLToPath(import.meta.url);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000' },
    formats: { type: 'string', default: '1,2' },
    keep: { type: 'boolean', default: false },
    dir: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    breakdown: { type: 'string' },
    // Leave out the reference run without the rules (--skip-reference): the million is long on a loaded machine.
    'skip-reference': { type: 'boolean', default: false },
  },
});

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const collect = () => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  const sizes = values.sizes.split(',').map(Number);
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'cchc-bench-'));
  mkdirSync(dir, { recursive: true });
  process.stdout.write(machineLine());
  const bundle = mkdtempSync(join(tmpdir(), 'cchc-bench-bundle-'));
  try {
    await bundleForNode(
      {
        'ledger-phases': join(ROOT, 'bench', 'ledger-phases.ts'),
        'verify-worker': join(ROOT, 'cli', 'verify-worker.ts'),
        'signed-floor-worker': join(ROOT, 'bench', 'signed-floor-worker.ts'),
      },
      bundle,
    );
    for (const format of values.formats.split(',').map(Number))
    for (const size of sizes) {
      const file = join(dir, format === FORMAT_SIGNED ? `ledger-signed-${size}.ndjson` : `ledger-${size}.ndjson`);
      const label = `${size.toLocaleString('en')} events, format ${format}${format === FORMAT_SIGNED ? ' (signed)' : ''}`;
      if (!existsSync(file)) {
        const started = performance.now();
        await (format === FORMAT_SIGNED ? generateSigned : generate)(file, size);
        process.stdout.write(`\n${label}: ${mb(statSync(file).size)} MB, generated and sealed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      } else {
        process.stdout.write(`\n${label}: ${mb(statSync(file).size)} MB (${file})\n`);
      }
      // Phases alternate (bench/paired.ts), each in a process of its own; peak memory is the highest seen.
      const floorPhase: Phase = format === FORMAT_SIGNED ? 'signed-floor' : 'floor';
      const phases: Phase[] = [floorPhase, 'verify-replay', ...(values['skip-reference'] ? [] : (['verify-chain'] as const))];
      const seen = new Map<Phase, Measurement[]>();
      const sides = Object.fromEntries(
        phases.map((phase) => [
          phase,
          () => {
            const m = runPhase(bundle, phase, file);
            if (m.count !== size) throw new Error(`phase ${phase} saw ${m.count} events, expected ${size}`);
            seen.set(phase, [...(seen.get(phase) ?? []), m]);
            return m.seconds;
          },
        ]),
      ) as Record<Phase, () => number>;
      const times = await alternate(Number(values.repeat), sides, false);
      process.stdout.write(`  medians (min–max) of ${values.repeat} alternating runs; ratios to the floor round by round, of wall-clock and of CPU time (all threads)\n`);
      for (const phase of phases) {
        const runs = seen.get(phase)!;
        const peakRssMb = Math.max(...runs.map((m) => m.peakRssMb));
        const perEvent = (median(times[phase]) / size) * 1e6;
        const goals =
          phase === 'verify-replay'
            ? `  ratio goal ≤${GOAL_RATIO}: ${median(ratios(times[phase], times[floorPhase])) <= GOAL_RATIO ? 'met' : 'NOT met'}; memory goal <${GOAL_RSS_MB} MB: ${peakRssMb < GOAL_RSS_MB ? 'met' : 'NOT met'}`
            : '';
        const ratio = phase === floorPhase ? '' : `  ${ratioText(times[phase], times[floorPhase])}`;
        const cpu = runs.map((m) => m.cpuSeconds);
        const cpuRatio = phase === floorPhase ? '' : ` ${ratioText(cpu, seen.get(floorPhase)!.map((m) => m.cpuSeconds))}`;
        process.stdout.write(
          `  ${PHASES[phase].padEnd(46)} ${spread(times[phase], 2)} s  ${perEvent.toFixed(2)} µs/event${ratio}  CPU ${spread(cpu, 2)} s${cpuRatio}  peak RSS ${peakRssMb} MB (each run: ${runs.map((m) => m.peakRssMb).join(', ')}; baseline ${runs[0]!.baselineRssMb})${goals}\n`,
        );
      }
    }
    const first = join(dir, `ledger-${sizes[0]}.ndjson`);
    if (!existsSync(first)) return;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', SELF, '--breakdown', first], { encoding: 'utf8' });
    process.stdout.write(run.stdout + run.stderr);
  } finally {
    rmSync(bundle, { recursive: true, force: true });
    if (values.keep || values.dir) process.stdout.write(`\nLedgers kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function runPhase(bundle: string, phase: Phase, file: string): Measurement {
  const run = spawnSync(process.execPath, ['--expose-gc', join(bundle, 'ledger-phases.js'), '--phase', phase, '--file', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`phase ${phase} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measurement;
}

/** Streams `count` sealed events into a new NDJSON file: a plan of 500 items, then changes to them. */
async function generate(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let head: Head = EMPTY_HEAD;
  let batch = '';
  let written = 0;
  // One event every 20 s on average over the year: a busy province's whole ledger.
  const bodies = sampleBodies({ items: 500, newId: randomUUID, stepMs: Math.floor((300 * 86_400_000) / count) });
  for (const body of bodies) {
    if (written === count) break;
    const event = sealAfter(body, head);
    head = { seq: event.seq, hash: event.hash };
    batch += JSON.stringify(event) + '\n';
    written++;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((r) => out.once('drain', () => r()));
      batch = '';
    }
  }
  out.end(batch);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/**
 * A signed ledger of `count` events: the first actor enrolls their own key, each other actor's key is
 * enrolled (by the first) before their first event, and every event is signed by its actor's key.
 */
async function generateSigned(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let head: Head = EMPTY_HEAD;
  let batch = '';
  let written = 0;
  let ledgerId = '';
  const signers = new Map<string, { signer: Signer; key: ReturnType<typeof createPrivateKey> }>();
  let admin: Actor | null = null;
  const put = (body: EventBody, by: Signer, key: ReturnType<typeof createPrivateKey>) => {
    const unsigned = { ...body, v: FORMAT_SIGNED } as EventBody;
    if (written === 0) ledgerId = unsigned.id;
    const value = edSign(null, Buffer.from(signedContent(ledgerId, unsigned as never, by.fingerprint), 'utf8'), key).toString('hex');
    const event = sealAfter({ ...unsigned, sig: { alg: 'Ed25519', key: by.fingerprint, value } } as EventBody, head);
    head = { seq: event.seq, hash: event.hash };
    batch += storedLine(event) + '\n';
    written++;
  };
  const bodies = sampleBodies({ items: 500, newId: randomUUID, stepMs: Math.floor((300 * 86_400_000) / count) });
  for (const body of bodies) {
    if (written >= count) break;
    const name = `${body.actor.name}\u0000${body.actor.unit}`;
    if (!signers.has(name) && written < count - 1) {
      const seed = Buffer.from(sha256Hex(`cchc bench key: ${name}`), 'hex');
      const signer = signerOfSeed(seed);
      const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
      signers.set(name, { signer, key });
      const by = admin ? signers.get(`${admin.name}\u0000${admin.unit}`)! : { signer, key };
      admin ??= body.actor;
      const enrolment = { v: FORMAT_SIGNED, id: randomUUID(), at: body.at, actor: admin, type: 'key.enrolled', data: { key: signer.fingerprint, publicKey: signer.publicKey, person: body.actor, role: written === 0 ? 'admin' : 'member' } };
      put(enrolment as EventBody, by.signer, by.key);
    }
    if (written >= count) break;
    const own = signers.get(name)!;
    put(body, own.signer, own.key);
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((r) => out.once('drain', () => r()));
      batch = '';
    }
  }
  out.end(batch);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/** Where the time of one event goes: the store's read over the whole file, then each step over 50,000 events held in memory. */
async function breakdown(file: string): Promise<void> {
  // The fastest of five runs, after a warm-up: the machine may be shared.
  const time = (label: string, events: number, work: () => void) => {
    work();
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      collect();
      const started = performance.now();
      work();
      best = Math.min(best, performance.now() - started);
    }
    process.stdout.write(`  ${label.padEnd(58)} ${((best * 1000) / events).toFixed(2).padStart(6)} µs/event\n`);
  };
  const lines: string[] = [];
  let count = 0;
  let readUs = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    count = 0;
    for await (const raw of (await NdjsonStore.open(file)).read()) {
      if (run === 0 && 'value' in raw && lines.length < 50_000) lines.push(JSON.stringify(raw.value));
      count++;
    }
    readUs = Math.min(readUs, ((performance.now() - started) * 1000) / count);
  }
  const stored = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const events = stored.map((v) => LedgerEvent.parse(v));
  const canonical = stored.map((v) => canonicalJson(v, 'hash'));
  process.stdout.write(`\nPer event (the store's read over all ${count.toLocaleString('en')} events; the rest over the first ${lines.length.toLocaleString('en')}, in memory):\n`);
  process.stdout.write(`  ${'NdjsonStore.read(): read, split, JSON.parse, yield'.padEnd(58)} ${readUs.toFixed(2).padStart(6)} µs/event\n`);
  time('JSON.parse(line)', lines.length, () => lines.forEach((l) => JSON.parse(l)));
  time('sha256Hex(line)', lines.length, () => lines.forEach((l) => sha256Hex(l)));
  time('LedgerEvent.safeParse (zod 4)', lines.length, () => stored.forEach((v) => LedgerEvent.safeParse(v)));
  time('canonicalJson(stored value, without hash)', lines.length, () => stored.forEach((v) => canonicalJson(v, 'hash')));
  time('sha256Hex(canonical body)', lines.length, () => canonical.forEach((c) => sha256Hex(c)));
  time('checkEvent + evolve (the rules and the fold)', lines.length, () => {
    const state = emptyState(EVERYTHING);
    for (const event of events) {
      checkEvent(state, event);
      evolve(state, event, false);
    }
  });
  const folded = emptyState(EVERYTHING);
  for (const event of events) evolve(folded, event, false);
  time('project to a date (once, per event folded)', lines.length, () => project(folded, '2021-12-31'));
  time('ChainChecker.check, all of the above (one pass)', lines.length, () => {
    const checker = new ChainChecker();
    for (let i = 0; i < stored.length; i++) if (isFailure(checker.check({ value: stored[i], where: { line: i + 1 } }))) throw new Error('check failed');
  });
}

if (values.breakdown) {
  await breakdown(values.breakdown);
} else {
  await main();
}
