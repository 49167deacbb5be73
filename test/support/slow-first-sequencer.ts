import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (as measured on 03/12/2026, file by file). Started
 * first, they run beside the many short files instead of after them, so both workers finish
 * together. vitest orders by the durations of its last run when it has them; a fresh clone has
 * none (vitest then starts the largest files first, and a short file of source can be a long test).
 */
export const SLOWEST_FILES = [
  'test/reliability/hostile-inputs.test.ts',
  'test/cli/province-demo.test.ts',
  'test/server/service-faults.test.ts',
  'test/sync/clone-sync-service.test.ts',
  'test/sync/institutional-witness.test.ts',
  'test/reliability/tampering.test.ts',
  'test/reports/cli.test.ts',
  'test/reliability/crash-and-concurrency.test.ts',
  'test/addin/browser.test.ts',
  'test/reports/consolidated.test.ts',
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
