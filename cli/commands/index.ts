import type { Command } from 'commander';

type CommandModule = () => Promise<{ register(program: Command): void }>;

/**
 * Every command module, by the name it registers, in the order `--help` lists them. A run loads
 * only the module of the command it names (each pulls in exceljs, zod schemas ... of its own);
 * `--help` and unknown words load them all.
 */
export const commandModules: ReadonlyArray<readonly [name: string, load: CommandModule]> = [
  ['record', () => import('./record.ts')],
  ['void', () => import('./void.ts')],
  ['verify', () => import('./verify.ts')],
  ['log', () => import('./log.ts')],
  ['repair', () => import('./repair.ts')],
  ['inspect', () => import('./inspect.ts')],
  ['template', () => import('./template.ts')],
  ['import', () => import('./import.ts')],
  ['replay', () => import('./replay.ts')],
  ['audit', () => import('./audit.ts')],
  ['report', () => import('./report.ts')],
  ['key', () => import('./key.ts')],
  ['demo', () => import('./demo.ts')],
];
