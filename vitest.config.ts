import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default on a 2-core machine (CI's) is one worker (cores − 1): most test files wait on
    // child processes (the CLI, sweeps, Redis), so two files at a time use both cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
