/**
 * One DynamoDB Local for the whole run (in memory); each test file makes its own table in it. Every project that
 * names this set-up shares the one JVM: vitest runs a global set-up once for each project that names it, all in the one main
 * process, so the first starts it, each names it to its own files, and the last teardown stops it.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

const shared = globalThis as typeof globalThis & { raaDynamoDbLocal?: { started: Promise<DynamoDbLocal>; projects: number } };

export async function setup(project: TestProject): Promise<void> {
  shared.raaDynamoDbLocal ??= { started: startDynamoDbLocal(), projects: 0 };
  shared.raaDynamoDbLocal.projects += 1;
  project.provide('dynamoDbEndpoint', (await shared.raaDynamoDbLocal.started).endpoint);
}

export async function teardown(): Promise<void> {
  const run = shared.raaDynamoDbLocal;
  if (!run || --run.projects > 0) return;
  shared.raaDynamoDbLocal = undefined;
  await (await run.started).stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}
