/** What the domain's use cases need from the outside world, as interfaces. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const WORKFLOWS = ['annual-apportionment', 'spot-purchase', 'quarterly-performance', 'reconciliation', 'agreement-variation', 'reserve-drawdown'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

/** Step Functions in AWS; the local runner on one machine. */
export interface WorkflowEngine {
  start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<void>;
  /** Resumes a workflow waiting on this token. Returns false if the token is no longer waited on (timed out, already used). */
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<boolean>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<boolean>;
}
