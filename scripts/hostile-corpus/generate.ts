// Writes the hostile corpus into a directory and lists it:
//   node --import tsx scripts/hostile-corpus/generate.ts <dir>
// The reliability tests (test/reliability) write the same corpus into a temporary directory.
import { resolve } from 'node:path';
import { writeCorpus } from './cases.ts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('Cách dùng / usage: node --import tsx scripts/hostile-corpus/generate.ts <thư mục / dir>\n');
  process.exit(2);
}
const corpus = await writeCorpus(resolve(dir));
for (const c of corpus.cases) process.stdout.write(`${c.group.padEnd(12)} ${c.file.padEnd(34)} ${c.what}\n`);
process.stdout.write(`${corpus.cases.length} tệp / files in ${corpus.dir}\n`);
