import { defineConfig } from 'vitest/config';

/** Tests of pure code (domain rules, schemas, the CDK's templates): no engine, no global state they leave behind. */
const PURE = ['tests/unit/**/*.test.ts', 'tests/cdk/**/*.test.ts'];
/**
 * Tests that load a handler as a Lambda container does: configured by the environment, its ports made once per
 * module on first use. Each needs modules of its own, as each container has.
 */
const CONTAINERS = ['tests/integration/notice-dispatch.test.ts', 'tests/integration/email-subscriptions.test.ts'];

export default defineConfig({
  test: {
    // Workers are processes; each API/workflow file starts its own runtime on its own table.
    pool: 'forks',
    env: { LOG_LEVEL: 'warn' },
    // One worker a core: each worker's runtime talks to the one DynamoDB Local (a JVM) and, for the browser files, Chromium.
    maxWorkers: 2,
    // Deadlines, not timings: on 2 cores at a load average of 4 a test or a set-up that starts the engines and
    // agrees a year through the API takes several times what it takes on an idle machine. A hang still fails.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    // expect.poll's own default (1 s) is a timing: a page that takes longer to answer on a loaded machine failed it.
    expect: { poll: { timeout: 30_000 } },
    projects: [
      {
        extends: true,
        // A file of pure tests shares its worker's modules with the files before it: loading zod, aws-cdk-lib and the
        // domain once per worker instead of once per file. Nothing they test keeps state between files.
        test: { name: 'pure', include: PURE, isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'engines',
          include: ['tests/**/*.test.ts'],
          exclude: [...PURE, ...CONTAINERS],
          // One DynamoDB Local for the whole run (in memory); each file makes its own table in it.
          globalSetup: ['tests/support/global-setup.ts'],
          // Each file starts its own runtime, which installs its own ports, token verifier and clock when it starts:
          // the files share their worker's modules (the handlers, zod, the runtime) instead of loading them again,
          // which was a fifth of the run's CPU.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'containers', include: CONTAINERS, globalSetup: ['tests/support/global-setup.ts'] },
      },
    ],
  },
});
