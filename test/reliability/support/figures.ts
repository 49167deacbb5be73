import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where each reliability test file leaves its figures; `npm run test:reliability` prints them together. */
export const FIGURES_DIR = fileURLToPath(new URL('../../../test-results/reliability/', import.meta.url));

export interface Figure {
  /** The row of the published table this adds to. */
  measure: string;
  value: number | string;
  /** "of how many", when the figure is a count out of a total. */
  outOf?: number;
  note?: string;
}

/** Writes one test file's figures (replacing what it wrote last time) and prints them, reporter or not. */
export function publishFigures(part: string, figures: Figure[]): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${part}.json`), `${JSON.stringify({ part, at: new Date().toISOString(), figures }, null, 2)}\n`);
  const lines = figures.map((f) => `  ${f.measure.padEnd(76)} ${String(f.value).padStart(8)}${f.outOf !== undefined ? ` / ${f.outOf}` : ''}${f.note ? `  (${f.note})` : ''}`);
  console.log(`\nĐộ bền / reliability — ${part}\n${lines.join('\n')}\n`);
}

/** Every part's figures, in file-name order. */
export function readFigures(dir: string = FIGURES_DIR): Array<{ part: string; at: string; figures: Figure[] }> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { part: string; at: string; figures: Figure[] });
}
