/**
 * Every port of shared/ports.ts over one DynamoDB table: the local runtime
 * (infra/local/runtime.ts) serves every handler from it, and the stores' own
 * tests use the concrete stores. A Lambda function makes only the ports its
 * handlers name (functions/deps.ts).
 */
import type { Clock, Deps, WorkflowEngine } from '../ports.ts';
import { everyAdapter, portsOver } from './adapters.ts';
import type { Table } from './table.ts';

export function dynamoDbDeps(table: Table, clock: Clock, workflows: WorkflowEngine) {
  return { clock, workflows, ...portsOver(table, everyAdapter) } satisfies Deps;
}
