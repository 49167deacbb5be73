import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A user's clone has nothing beside it: no test, script, benchmark or document may reach out of the
// repository for its fixtures (the team's reference folder lives beside it).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIPPED = new Set(['node_modules', '.git', 'test-results', 'out', 'dist', 'build']);
const TEXT = /\.(ts|js|mjs|cjs|json|md|sh|yml|yaml)$|^run$/;
const OUTSIDE = /\.\.\/shared|\bshared\/(fixtures|seeds)\b|\/work\/shared/;

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

describe('the repository stands alone', () => {
  it('no file reads the reference folder beside the repository', () => {
    const offenders: string[] = [];
    for (const file of textFiles(ROOT)) {
      if (file === fileURLToPath(import.meta.url)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => OUTSIDE.test(line) && offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`));
    }
    expect(offenders).toEqual([]);
  });

  it('holds the sample tables and plan texts the tests read', () => {
    const samples = readdirSync(join(ROOT, 'samples'));
    expect(samples).toEqual(expect.arrayContaining(['bentre-2021-phuluc.xlsx', 'gialai-sgddt-2022-phuluc.xlsx', 'README.md']));
    expect(readdirSync(join(ROOT, 'test/table/seeds'))).toEqual(expect.arrayContaining(['bentre-2021-plan.txt', 'gialai-sgddt-2022-plan.txt']));
  });
});
