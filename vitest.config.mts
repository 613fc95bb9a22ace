import { defineConfig } from 'vitest/config';

// MPI jobs compete for the machine's cores: run test files one at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 130_000,
    hookTimeout: 60_000,
  },
});
