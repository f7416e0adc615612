import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Files run in their own processes; each API/workflow file starts its own runtime on its own table.
    pool: 'forks',
    env: { LOG_LEVEL: 'warn' },
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
