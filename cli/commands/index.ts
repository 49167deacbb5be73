import type { Command } from 'commander';

/** Every command module registers itself on the program; one line each, in the order `--help` lists them. */
export const commandModules: Array<() => Promise<{ register(program: Command): void }>> = [
  () => import('./record.ts'),
  () => import('./void.ts'),
  () => import('./verify.ts'),
  () => import('./log.ts'),
  () => import('./repair.ts'),
  () => import('./inspect.ts'),
  () => import('./template.ts'),
  () => import('./import.ts'),
  () => import('./replay.ts'),
  () => import('./audit.ts'),
  () => import('./report.ts'),
  () => import('./demo.ts'),
];
