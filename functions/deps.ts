/**
 * The composition root of a Lambda container: stores over DynamoDB, the real
 * clock and, in a function that starts or resumes workflows, Step Functions
 * (functions/step-functions.ts). The local runtime installs its own engines
 * (DynamoDB Local, the local runner, a movable clock) with `installDeps`.
 */
import { systemClock, type Deps, type WorkflowEngine } from '#shared/ports';
import { dynamoDbDeps } from '#shared/store/dynamodb-deps';
import { openTable } from '#shared/store/table';

export interface Runtime extends Deps {
  /** What /health reports: which engine stands behind each service. */
  engines: Record<string, string>;
  /** Whether the system is ready to serve (the local runtime: engines up, workflows resumed, schedules armed); absent, a function that runs is ready. */
  readiness?: () => Promise<Readiness>;
}

export interface Readiness {
  ready: boolean;
  /** Each part, in words: e.g. `database: "up"`, `workflows: "recovering in the background (so far: 3 waiting on a person, 1 resumed mid-task)"`. */
  checks: Record<string, string>;
}

let installed: Runtime | undefined;
let workflowEngine: (() => WorkflowEngine) | undefined;

export function installDeps(runtime: Runtime): void {
  installed = runtime;
}

/** How this function starts and resumes workflows: given by functions/step-functions.ts, in the handlers that do. */
export function useWorkflowEngine(make: () => WorkflowEngine): void {
  workflowEngine = make;
}

export function deps(): Runtime {
  installed ??= {
    ...dynamoDbDeps(openTable(), systemClock, workflowEngine?.() ?? startsNoWorkflows),
    engines: { database: 'Amazon DynamoDB', workflows: 'AWS Step Functions', api: 'Amazon API Gateway (HTTP API); Cognito ID tokens verified in each function' },
  };
  return installed;
}

/** A function whose handler does not import functions/step-functions.ts is granted no state machine, and says so plainly if it tries. */
const startsNoWorkflows: WorkflowEngine = {
  start: refuseWorkflows,
  sendTaskSuccess: refuseWorkflows,
  sendTaskFailure: refuseWorkflows,
};

async function refuseWorkflows(): Promise<never> {
  throw new Error('This function starts and resumes no workflow: its handler does not import functions/step-functions.ts, and CDK grants it no state machine');
}
