import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../../cli/heap-growth.ts';

const CHURN = fileURLToPath(new URL('./children/heap-churn.ts', import.meta.url));

/** The child's largest old generation, as a multiple of what it kept alive. */
function growth(nodeArgs: string[], childArgs: string[]): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', ...nodeArgs, CHURN, ...childArgs], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  const { largestOldMb, aliveMb } = JSON.parse(child.stdout) as { largestOldMb: number; aliveMb: number };
  expect(aliveMb).toBeGreaterThan(20);
  return largestOldMb / aliveMb;
}

describe("every command's heap grows by a bounded factor between full collections", () => {
  it('stays within 2.5× what is alive once bounded, where a growth of 4× (V8 picks up to that) goes far past it', () => {
    expect(HEAP_GROWING_PERCENT).toBe(30);
    // 1.3× what the last full collection left, plus what was made while the next one marked (about 2× in all).
    expect(growth([], ['--bound'])).toBeLessThan(2.5);
    expect(growth(['--heap-growing-percent=300'], [])).toBeGreaterThan(3.5);
  });

  it('leaves a growth given to node as given', () => {
    expect(growth(['--heap-growing-percent=300'], ['--bound'])).toBeGreaterThan(3.5);
  });
}, 60_000);
