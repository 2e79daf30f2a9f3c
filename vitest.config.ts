import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The test files that take minutes, longest first. On a fresh clone (CI) Vitest has no timings and runs
 * the largest files first, so the longest file could start last and end minutes after the others: started
 * first, it runs beside all the rest. A file missing from the list only loses that head start.
 */
const LONGEST_FIRST = [
  'test/docs/documented-commands.test.ts',
  'test/experiment/redis-queue.test.ts',
  'test/properties/mutated-inputs.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(relative(import.meta.dirname, file.moduleId));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    return sorted
      .map((file, order) => ({ file, order }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
      .map((e) => e.file);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default on a 2-core machine (CI's) is one worker (cores − 1): most test files wait on
    // child processes (the CLI, sweeps, Redis), so two files at a time use both cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { sequencer: LongestFirst },
  },
});
