import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/cchc.js', import.meta.url));
const PEAK_RSS = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

/** What one command did: its exit, output, time and peak memory, or that it had to be killed. */
export interface CommandRun {
  args: string[];
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
  peakRssMb: number | null;
}

/** The heap a command may use: a blow-up fails the test rather than the machine. */
export const HEAP_LIMIT_MB = 512;
export const COMMAND_TIMEOUT_MS = 60_000;

/** Runs `cchc` as a user would, under a heap cap and a time limit, measuring its peak memory. */
export function runCommand(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandRun> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-rss-'));
  const rssFile = join(dir, 'rss');
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', PEAK_RSS, BIN, ...args],
      {
        cwd: options.cwd,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? COMMAND_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          ...options.env,
          NO_COLOR: '1',
          CCHC_PEAK_RSS_FILE: rssFile,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_LIMIT_MB}`.trim(),
        },
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: string; killed?: boolean }) | null;
        let peak: number | null = null;
        try {
          peak = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
        } catch {
          peak = null;
        }
        rmSync(dir, { recursive: true, force: true });
        resolve({
          args,
          code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          signal: failure?.signal ?? null,
          timedOut: Boolean(failure?.killed && failure.signal === 'SIGKILL'),
          stdout,
          stderr,
          ms: Date.now() - started,
          peakRssMb: peak,
        });
      },
    );
  });
}

/** Runs tasks with at most `width` at a time (the machine has two cores), in order of submission. */
export async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}
