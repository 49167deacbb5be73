// Prints the figures the reliability tests left in test-results/reliability/ as one table:
//   npm run test:reliability   (runs the tests, then this)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Figure {
  measure: string;
  value: number | string;
  outOf?: number;
  note?: string;
}

const dir = fileURLToPath(new URL('../../test-results/reliability/', import.meta.url));
let files: string[] = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
} catch {
  // No figures yet: said below.
}
if (files.length === 0) {
  process.stderr.write(`Chưa có số liệu: hãy chạy "npx vitest run test/reliability" trước.\nNo figures yet: run "npx vitest run test/reliability" first (${dir}).\n`);
  process.exit(1);
}
const out: string[] = ['', 'Độ bền / Reliability', '', '| measure | value |', '| --- | --- |'];
for (const file of files) {
  const { figures } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { figures: Figure[] };
  for (const f of figures) {
    const value = `${f.value}${f.outOf !== undefined ? ` / ${f.outOf}` : ''}`;
    out.push(`| ${f.measure}${f.note ? ` (${f.note})` : ''} | ${value} |`);
  }
}
process.stdout.write(`${out.join('\n')}\n\n`);
