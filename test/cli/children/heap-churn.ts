// Keeps some 35 MB alive while it makes and drops objects that live long enough to reach the old
// generation, then prints the largest the old generation grew and what was alive at the end (MB).
// With `--bound`, it first bounds the heap's growth as every cchc command does.
import { getHeapSpaceStatistics } from 'node:v8';
import { boundHeapGrowth } from '../../../cli/heap-growth.ts';

if (process.argv.includes('--bound')) boundHeapGrowth();
const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!;
const live = Array.from({ length: 150_000 }, (_, i) => ({ a: i, b: `x${i}`, c: [i, i + 1] }));
const ring: unknown[] = new Array(100_000);
let largest = 0;
for (let i = 0; i < 3_000_000; i++) {
  ring[i % ring.length] = { i, s: `y${i & 1023}`, list: [i] };
  if ((i & 0x3fff) === 0) largest = Math.max(largest, oldSpace().space_size);
}
(globalThis as { gc?: () => void }).gc!();
const mb = (bytes: number) => bytes / 1024 / 1024;
process.stdout.write(JSON.stringify({ largestOldMb: mb(largest), aliveMb: mb(oldSpace().space_used_size), kept: live.length + ring.length }) + '\n');
