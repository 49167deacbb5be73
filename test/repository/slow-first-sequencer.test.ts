import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import SlowFirstSequencer, { SLOWEST_FILES } from '../support/slow-first-sequencer.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What vitest's sequencer reads of a run: the root, and a cache of past results (empty: a fresh clone). */
const freshClone = { config: { root }, cache: { getFileTestResults: () => undefined, getFileStats: () => undefined } } as unknown as Vitest;
const specOf = (file: string) => ({ project: { name: '', config: { root } }, moduleId: join(root, file) }) as unknown as TestSpecification;
const fileOf = (spec: TestSpecification) => spec.moduleId.slice(root.length);

describe('the test order of `npm test`', () => {
  it('names only files that exist (a renamed slow file would silently lose its place)', () => {
    expect(SLOWEST_FILES.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });

  it('starts the slowest files first, longest first, on a fresh clone, and keeps the others in their order', async () => {
    const others = ['test/ledger/dates.test.ts', 'test/verify/cli.test.ts', 'test/tlog/tile-path.test.ts'];
    const given = [others[0]!, ...[...SLOWEST_FILES].reverse(), others[1]!, others[2]!].map(specOf);
    const sorted = await new SlowFirstSequencer(freshClone).sort(given);
    expect(sorted.map(fileOf)).toEqual([...SLOWEST_FILES, ...others]);
  });
});
