import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));

/** Runs `cchc` as a user would, and returns what it printed and its exit code. */
export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: options.cwd, input: options.input, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
