// How every benchmark compares ours with its floor on a shared machine: the two run alternately
// (A, B, A, B …), so that a burst of someone else's load falls on both alike; each round gives one
// ratio, and what is reported is the median of those ratios with their min–max, the times' medians
// with min–max, and the machine's load average when it ran.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One measurement of one side: its duration, in whatever unit the bench prints. */
export type Measure = () => number | Promise<number>;

/** Durations of each side, index by index from the same rounds. */
export type Rounds<K extends string> = Record<K, number[]>;

/** Runs each side once to warm up (not kept), then `rounds` times in turn, in the order given. */
export async function alternate<K extends string>(rounds: number, sides: Record<K, Measure>, warmUp = true): Promise<Rounds<K>> {
  const names = Object.keys(sides) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Rounds<K>;
  if (warmUp) for (const name of names) await sides[name]();
  for (let round = 0; round < rounds; round++) {
    for (const name of names) times[name].push(await sides[name]());
  }
  return times;
}

/** Milliseconds one call takes, after a garbage collection (with --expose-gc) so that it pays for its own. */
export function timed(work: () => unknown): Measure {
  return async () => {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
}

/**
 * As timed, and the CPU time (user + system, milliseconds, every thread of this process: the
 * garbage collector's helpers too) the call used is pushed onto `cpu`.
 */
export function timedCpu(work: () => unknown, cpu: number[]): Measure {
  return async () => {
    (globalThis as { gc?: () => void }).gc?.();
    const used = process.cpuUsage();
    const started = performance.now();
    await work();
    const elapsed = performance.now() - started;
    const { user, system } = process.cpuUsage(used);
    cpu.push((user + system) / 1000);
    return elapsed;
  };
}

const CPU_USAGE_AT_EXIT = fileURLToPath(new URL('cpu-usage-at-exit.cjs', import.meta.url));

/**
 * Milliseconds a whole process takes, from spawn to exit (a failing process stops the bench), and
 * the CPU time (user + system, milliseconds) the process used is pushed onto `cpu`: on a shared
 * machine it moves far less with the others' load than the wall clock does.
 */
export function timedProcessCpu(args: string[], label: string, cpu: number[]): Measure {
  return () => {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--require', CPU_USAGE_AT_EXIT, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const elapsed = performance.now() - started;
    if (run.status !== 0) throw new Error(`${label} failed: ${run.stderr}`);
    cpu.push(Number(String(run.output[3])) / 1000);
    return elapsed;
  };
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "1,234 (1,100–1,500)": the median and the range. */
export function spread(xs: number[], digits = 0): string {
  const f = (x: number) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

/** The ratio of each round's ours to the same round's floor. */
export function ratios(ours: number[], floor: number[]): number[] {
  return ours.map((x, i) => x / floor[i]!);
}

/** "×1.23 (1.10–1.40), goal ≤ 1.5 met": the median of the rounds' ratios, their range, the goal. */
export function ratioText(ours: number[], floor: number[], goal?: number): string {
  const each = ratios(ours, floor);
  const verdict = goal === undefined ? '' : `, goal ≤ ${goal} ${median(each) <= goal ? 'met' : 'NOT met'}`;
  return `×${median(each).toFixed(2)} (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)})${verdict}`;
}

/** The line every bench starts with: when, where, and how loaded the machine was. */
export function machineLine(): string {
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${cpus().length} CPUs, load average ${load} (1, 5, 15 min)\n`;
}
