/**
 * The environment a process started by an operator has: this test process's,
 * less what the in-process runtime set for itself while emulating Lambda
 * (infra/local/handlers.ts sets AWS_LAMBDA_MAX_CONCURRENCY for Powertools), so
 * a spawned `npm start` or runtime sets up its own as it would on a laptop.
 */
export function operatorEnvironment(): NodeJS.ProcessEnv {
  const { AWS_LAMBDA_MAX_CONCURRENCY: _setByTheRuntime, ...rest } = process.env;
  return rest;
}
