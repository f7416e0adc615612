/**
 * The composition root of a Lambda container: the ports its handlers name,
 * made over DynamoDB on first use, the real clock and, in a function that
 * starts or resumes workflows, Step Functions (functions/step-functions.ts).
 * A handler names its ports (`portsFor({ agencies, placements })`, from
 * shared/store/adapters.ts), so its bundle carries those stores and no
 * others. The local runtime installs every port over its own engines
 * (DynamoDB Local, the local runner, a movable clock) with `installDeps`,
 * and every handler is served from them.
 */
import { systemClock, type Deps, type WorkflowEngine } from '#shared/ports';
import { portsOver, type Adapters, type StoredPort } from '#shared/store/adapters';
import { openTable, type Table } from '#shared/store/table';

export interface Runtime extends Deps, Health {}

export interface Health {
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

/** The clock, the workflow engine and the ports made by `A`. */
export type Ports<A extends Adapters> = Pick<Deps, 'clock' | 'workflows' | (keyof A & StoredPort)>;

let installed: Runtime | undefined;
let workflowEngine: (() => WorkflowEngine) | undefined;
let table: Table | undefined;

export function installDeps(runtime: Runtime): void {
  installed = runtime;
}

/** How this function starts and resumes workflows: given by functions/step-functions.ts, in the handlers that do. */
export function useWorkflowEngine(make: () => WorkflowEngine): void {
  workflowEngine = make;
}

/** The ports a handler takes, made once per container when first asked for (every handler of a container shares one table client). */
export function portsFor<A extends Adapters>(adapters: A): () => Ports<A> {
  let made: Ports<A> | undefined;
  return () => installed ?? (made ??= { clock: systemClock, workflows: workflowEngine?.() ?? startsNoWorkflows, ...portsOver((table ??= openTable()), adapters) } as Ports<A>);
}

/** What stands behind this function, and whether it is ready. */
export function health(): Health {
  return installed ?? { engines: { database: 'Amazon DynamoDB', workflows: 'AWS Step Functions', api: 'Amazon API Gateway (HTTP API); Cognito ID tokens verified in each function' } };
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
