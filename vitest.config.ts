import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Files run in their own processes; each API/workflow file starts its own runtime on its own table.
    pool: 'forks',
    env: { LOG_LEVEL: 'warn' },
    // One worker a core: each worker's runtime talks to the one DynamoDB Local (a JVM) and, for the browser files, Chromium.
    maxWorkers: 2,
    // Deadlines, not timings: on 2 cores at a load average of 4 a test or a set-up that starts the engines and
    // agrees a year through the API takes several times what it takes on an idle machine. A hang still fails.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
