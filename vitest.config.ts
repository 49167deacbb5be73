import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/built-cli-setup.ts', 'test/support/temp-dir-setup.ts'],
    // Sized for a loaded two-core machine (other jobs running): no test may fail for being slow there.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // Browser and crash tests spawn processes; two cores, so keep files from oversubscribing.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The longest files start first, so that the two workers end together.
    sequence: { sequencer: SlowFirstSequencer },
  },
});
