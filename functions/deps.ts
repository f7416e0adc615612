/**
 * The composition root of a Lambda container: stores over DynamoDB, the real
 * clock and Step Functions. The local runtime installs its own engines
 * (DynamoDB Local, the local runner, a movable clock) with `installDeps`.
 */
import { systemClock, type Deps } from '#shared/ports';
import { dynamoDbDeps } from '#shared/store/dynamodb-deps';
import { openTable } from '#shared/store/table';
import { StepFunctionsEngine } from '#shared/workflow/step-functions-engine';

export interface Runtime extends Deps {
  /** What /health reports: which engine stands behind each service. */
  engines: Record<string, string>;
  /** Whether the system is ready to serve (the local runtime: engines up, workflows resumed, schedules armed); absent, a function that runs is ready. */
  readiness?: () => Promise<Readiness>;
}

export interface Readiness {
  ready: boolean;
  /** Each part, in words: e.g. `database: "up"`, `workflows: "resuming executions left running"`. */
  checks: Record<string, string>;
}

let installed: Runtime | undefined;

export function installDeps(runtime: Runtime): void {
  installed = runtime;
}

export function deps(): Runtime {
  installed ??= {
    ...dynamoDbDeps(openTable(), systemClock, new StepFunctionsEngine()),
    engines: { database: 'Amazon DynamoDB', workflows: 'AWS Step Functions', api: 'Amazon API Gateway (HTTP API); Cognito ID tokens verified in each function' },
  };
  return installed;
}
