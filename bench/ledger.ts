// The ledger's read path on NDJSON ledgers of 100,000 and 1,000,000 realistic events: verify+replay
// (one streaming pass, rules on: verifyAndReplay) against the floor measured in the same run (read
// the same file, JSON.parse and SHA-256 every line, nothing else), their ratio and peak memory;
// verify without the rules for reference; then where one event's time goes. Each measurement runs
// in a process of its own, so that its peak memory is its own.
//
//   node --import tsx --expose-gc bench/ledger.ts [--sizes 100000,1000000] [--formats 1,2] [--repeat 3] [--skip-reference] [--keep] [--dir DIR]
// The goals are set for --sizes 100000,1000000 (the million takes minutes on a loaded machine). [--keep] [--dir DIR]
import { spawnSync } from 'node:child_process';
import { randomUUID, sign as edSign } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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
import { ChainChecker, isFailure, verify } from '../ledger/verify.ts';
import { verifyAndReplay } from '../ledger/verify-replay.ts';
import { sampleBodies, sealAfter, type EventBody } from '../test/stores/sample-events.ts';
import { signerOfSeed } from '../cli/key-file.ts';
import { precheckingBy } from '../cli/verify-pool.ts';
import { FORMAT_SIGNED, type Actor } from '../ledger/events.ts';
import { signedContent, type Signer } from '../ledger/signed-content.ts';
import { storedLine } from '../ledger/stored-line.ts';
import { createPrivateKey } from 'node:crypto';
import { alternate, machineLine, median, ratios, ratioText, spread } from './paired.ts';

const GOAL_RATIO = 1.5;
const GOAL_RSS_MB = 300;
const SELF = fileURLToPath(import.meta.url);

const PHASES = {
  floor: 'floor: read + JSON.parse + SHA-256 per line',
  'signed-floor': `floor: read + SHA-256 + Ed25519 per line, ${cpus().length} workers`,
  'verify-replay': `verify+replay (rules on, ${cpus().length} workers)`,
  'verify-chain': `verify, rules off (reference, ${cpus().length} workers)`,
} as const;
type Phase = keyof typeof PHASES;

interface Measurement {
  phase: Phase;
  count: number;
  seconds: number;
  peakRssMb: number;
  baselineRssMb: number;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000' },
    formats: { type: 'string', default: '1,2' },
    keep: { type: 'boolean', default: false },
    dir: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    phase: { type: 'string' },
    file: { type: 'string' },
    breakdown: { type: 'string' },
    // Leave out the reference run without the rules (--skip-reference): the million is long on a loaded machine.
    'skip-reference': { type: 'boolean', default: false },
  },
});

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const collect = () => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  const sizes = values.sizes.split(',').map(Number);
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'cchc-bench-'));
  mkdirSync(dir, { recursive: true });
  process.stdout.write(machineLine());
  try {
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
            const m = runPhase(phase, file);
            if (m.count !== size) throw new Error(`phase ${phase} saw ${m.count} events, expected ${size}`);
            seen.set(phase, [...(seen.get(phase) ?? []), m]);
            return m.seconds;
          },
        ]),
      ) as Record<Phase, () => number>;
      const times = await alternate(Number(values.repeat), sides, false);
      process.stdout.write(`  medians (min–max) of ${values.repeat} alternating runs; ratios to the floor round by round\n`);
      for (const phase of phases) {
        const runs = seen.get(phase)!;
        const peakRssMb = Math.max(...runs.map((m) => m.peakRssMb));
        const perEvent = (median(times[phase]) / size) * 1e6;
        const goals =
          phase === 'verify-replay'
            ? `  ratio goal ≤${GOAL_RATIO}: ${median(ratios(times[phase], times[floorPhase])) <= GOAL_RATIO ? 'met' : 'NOT met'}; memory goal <${GOAL_RSS_MB} MB: ${peakRssMb < GOAL_RSS_MB ? 'met' : 'NOT met'}`
            : '';
        const ratio = phase === floorPhase ? '' : `  ${ratioText(times[phase], times[floorPhase])}`;
        process.stdout.write(
          `  ${PHASES[phase].padEnd(46)} ${spread(times[phase], 2)} s  ${perEvent.toFixed(2)} µs/event${ratio}  peak RSS ${peakRssMb} MB (baseline ${runs[0]!.baselineRssMb})${goals}\n`,
        );
      }
    }
    const first = join(dir, `ledger-${sizes[0]}.ndjson`);
    if (!existsSync(first)) return;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', SELF, '--breakdown', first], { encoding: 'utf8' });
    process.stdout.write(run.stdout + run.stderr);
  } finally {
    if (values.keep || values.dir) process.stdout.write(`\nLedgers kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function runPhase(phase: Phase, file: string): Measurement {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', SELF, '--phase', phase, '--file', file], {
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

async function measure(phase: Phase, file: string): Promise<Measurement> {
  collect();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  const count = await PHASE_RUNS[phase](file);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { phase, count, seconds, peakRssMb: mb(peak), baselineRssMb: mb(baseline) };
}

const PHASE_RUNS: Record<Phase, (file: string) => Promise<number>> = {
  async floor(file) {
    // The least any verifier must do: every byte read, every line parsed and hashed.
    let count = 0;
    let rest: Buffer | null = null;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      const buffer: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (let nl = buffer.indexOf(10, from); nl !== -1; nl = buffer.indexOf(10, from)) {
        const line = buffer.toString('utf8', from, nl);
        JSON.parse(line);
        sha256Hex(line);
        count++;
        from = nl + 1;
      }
      rest = from < buffer.length ? buffer.subarray(from) : null;
    }
    return count;
  },
  async 'signed-floor'(file) {
    // The least a verifier of signed events must do: every byte read, every line hashed, every
    // signature checked by node:crypto, the signatures spread over a worker thread per core.
    // tsx's loader does not reach worker threads by itself: each worker registers it, then loads the .ts.
    const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./signed-floor-worker.ts', import.meta.url).href)}); })`;
    const workers = cpus().map(() => new Worker(entry, { eval: true }));
    let count = 0;
    let good = 0;
    let pending = 0;
    let next = 0;
    let notify: (() => void) | null = null;
    for (const worker of workers) {
      worker.on('message', (n: number) => {
        good += n;
        pending--;
        notify?.();
      });
    }
    let keysSent = false;
    let rest: Buffer | null = null;
    let lines: string[] = [];
    const send = async () => {
      while (pending >= workers.length * 2) await new Promise<void>((r) => (notify = r));
      pending++;
      workers[next++ % workers.length]!.postMessage({ lines });
      lines = [];
    };
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      const buffer: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (let nl = buffer.indexOf(10, from); nl !== -1; nl = buffer.indexOf(10, from)) {
        const line = buffer.toString('utf8', from, nl);
        sha256Hex(line);
        if (!keysSent) {
          // The keys and the ledger's identity, as a verifier knows them from the key events: given here once.
          const keys = await keysOf(file);
          for (const worker of workers) worker.postMessage({ keys: keys.keys, ledgerId: keys.ledgerId });
          keysSent = true;
        }
        lines.push(line);
        if (lines.length === 2_000) await send();
        count++;
        from = nl + 1;
      }
      rest = from < buffer.length ? buffer.subarray(from) : null;
    }
    if (lines.length) await send();
    while (pending > 0) await new Promise<void>((r) => (notify = r));
    await Promise.all(workers.map((w) => w.terminate()));
    if (good !== count) throw new Error(`${count - good} signatures failed`);
    return count;
  },
  async 'verify-replay'(file) {
    // As `cchc verify` and the reports run it: per-line checks on a worker thread per core (cli/verify-pool.ts).
    const { verification, state } = await verifyAndReplay((await NdjsonStore.open(file)).read(), { prechecking: precheckingBy() });
    if (!verification.ok) throw new Error(verification.message_en);
    if (state.itemOrder.length === 0) throw new Error('nothing replayed');
    return state.count;
  },
  async 'verify-chain'(file) {
    const result = await verify((await NdjsonStore.open(file)).read(), { rules: false, prechecking: precheckingBy() });
    if (!result.ok) throw new Error(result.message_en);
    return result.count;
  },
};

/** The keys a signed bench ledger enrolls (each before its first event: all within its first thousand) and its identity. */
async function keysOf(file: string): Promise<{ keys: Array<[string, string]>; ledgerId: string }> {
  const keys: Array<[string, string]> = [];
  let ledgerId = '';
  let seen = 0;
  for await (const raw of (await NdjsonStore.open(file)).read()) {
    if (!('value' in raw) || ++seen > 1_000) break;
    const event = raw.value as { id: string; type: string; data: { key: string; publicKey: string } };
    ledgerId ||= event.id;
    if (event.type === 'key.enrolled') keys.push([event.data.key, event.data.publicKey]);
  }
  return { keys, ledgerId };
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

if (values.phase && values.file) {
  process.stdout.write(JSON.stringify(await measure(values.phase as Phase, values.file)) + '\n');
} else if (values.breakdown) {
  await breakdown(values.breakdown);
} else {
  await main();
}
