import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'e2e'],
    // Database-backed suites each create their own database; files run in parallel workers.
    pool: 'forks',
    testTimeout: 20000,
    hookTimeout: 60000,
  },
});
