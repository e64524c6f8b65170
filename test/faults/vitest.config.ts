import { defineConfig } from 'vitest/config';

/** Fault tests (`npm run test:faults`): own PostgreSQL cluster, the real server as a child process. */
export default defineConfig({
  test: {
    name: 'faults',
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
