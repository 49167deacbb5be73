import { spawn } from 'node:child_process';

/** A child process that prints one line per acknowledged step (a writer appending to a ledger). */
export interface LineChild {
  /** Whole lines printed so far; a line cut off by a kill was not acknowledged and is not here. */
  lines: string[];
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
  tell(text: string): void;
  /** Resolves once the child has printed at least `n` lines; rejects if it exits first. */
  printed(n: number): Promise<void>;
}

/** Starts `node <args>` (with these variables added to the environment) and follows what it prints line by line. */
export function startLineChild(args: string[], env: NodeJS.ProcessEnv = {}): LineChild {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of waiting.filter((w) => lines.length >= w.n)) w.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    lines,
    pid: child.pid!,
    exited,
    kill: () => child.kill('SIGKILL'),
    tell: (text) => child.stdin.write(text),
    printed: (n) =>
      new Promise<void>((resolve, reject) => {
        if (lines.length >= n) return resolve();
        waiting.push({ n, resolve });
        void exited.then(({ stderr: err }) => reject(new Error(`writer exited early: ${err}`)));
      }),
  };
}
