// The phases bench/ledger.ts measures, each run in a process of its own: the floors, verify+replay and
// verify without the rules, with the time and the peak memory of the process (threads included).
// bench/ledger.ts bundles this file as the command line is built (scripts/build-cli.ts) and runs the
// bundle with plain node, as `cchc` runs: no TypeScript loader on any thread, the verify pool's
// workers loading the built worker, as they do for a user.
//   node --expose-gc <bundle>/ledger-phases.js --phase PHASE --file LEDGER
import { cpus } from 'node:os';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { sha256Hex } from '#digest';
import { boundHeapGrowth } from '../cli/heap-growth.ts';
import { precheckingBy } from '../cli/verify-pool.ts';
import { NdjsonStore } from '../ledger/stores/ndjson-store.ts';
import { verify } from '../ledger/verify.ts';
import { verifyAndReplay } from '../ledger/verify-replay.ts';

export const PHASES = {
  floor: 'floor: read + JSON.parse + SHA-256 per line',
  'signed-floor': `floor: read + SHA-256 + Ed25519 per line, ${cpus().length} workers`,
  'verify-replay': `verify+replay (rules on, ${cpus().length} workers)`,
  'verify-chain': `verify, rules off (reference, ${cpus().length} workers)`,
} as const;
export type Phase = keyof typeof PHASES;

export interface Measurement {
  phase: Phase;
  count: number;
  seconds: number;
  /** CPU time of the process, every thread (user + system): moves far less with the machine's load than the wall clock. */
  cpuSeconds: number;
  peakRssMb: number;
  baselineRssMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** A worker of the signed floor: the built one beside this bundle, else the TypeScript through tsx's loader, registered there. */
function startFloorWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./signed-floor-worker.js', import.meta.url));
  const source = new URL('./signed-floor-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { eval: true });
}

export async function measure(phase: Phase, file: string): Promise<Measurement> {
  collect();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const count = await PHASE_RUNS[phase](file);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { phase, count, seconds, cpuSeconds, peakRssMb: mb(peak), baselineRssMb: mb(baseline) };
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
    const workers = cpus().map(() => startFloorWorker());
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

const { values } = parseArgs({ options: { phase: { type: 'string' }, file: { type: 'string' } }, strict: false });
if (typeof values.phase === 'string' && typeof values.file === 'string') {
  // As cli/main.ts does for every command.
  boundHeapGrowth();
  process.stdout.write(JSON.stringify(await measure(values.phase as Phase, values.file)) + '\n');
}
