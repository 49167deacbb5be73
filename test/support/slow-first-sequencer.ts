import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (measured one at a time, see README). Started first,
 * they run beside the many short files instead of after them, so both workers finish together.
 * vitest orders by the durations of its last run when it has them; a fresh clone has none, and a
 * file left alone at the end would add its whole length to the run.
 */
export const SLOWEST_FILES = [
  'test/server/service-faults.test.ts',
  'test/cli/province-demo.test.ts',
  'test/reliability/hostile-inputs.test.ts',
  'test/reliability/crash-and-concurrency.test.ts',
  'test/server/embedded-lock.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const at = SLOWEST_FILES.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return at === -1 ? SLOWEST_FILES.length : at;
    };
    // The rest keep vitest's own order (Array.prototype.sort is stable).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
