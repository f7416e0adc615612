import { AwsJsonClient } from '../aws/aws-json-client.ts';
import { ConflictError } from '../errors.ts';
import type { WorkflowEngine, WorkflowName } from '../ports.ts';
import { correlationId } from '../telemetry.ts';
import { MAX_RUNS, executionName, runName, sameRunInput, withCorrelationId, type StartedExecution } from './execution-name.ts';

/** Names of the environment variables that carry each state machine's ARN (set by CDK). */
export function stateMachineArnVariable(workflow: WorkflowName): string {
  return `${workflow.toUpperCase().replaceAll('-', '_')}_STATE_MACHINE_ARN`;
}

/** `arn:aws:states:<region>:<account>:stateMachine:<machine>` -> the ARN of its execution `name`. */
export function executionArn(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Token errors that mean "nobody waits on this token any more", not a fault. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/** The Step Functions API's operations this engine sends, over its JSON protocol (shared/aws/aws-json-client.ts). */
export type StepFunctionsApi = Pick<AwsJsonClient, 'call'>;

export class StepFunctionsEngine implements WorkflowEngine {
  constructor(private readonly client: StepFunctionsApi = new AwsJsonClient({ service: 'states', targetPrefix: 'AWSStepFunctions' })) {}

  /**
   * Starts the run a use case names, or finds it. Step Functions refuses a
   * second execution of one name (ExecutionAlreadyExists) for 90 days, so
   * that refusal is read, not swallowed: the same run still going or
   * finished is the same run; a run that failed (or timed out, or was
   * stopped) is run again under the next name (`_r2`, ...); a run of that
   * name with other input is another request under the same name: 409.
   */
  async start(workflow: WorkflowName, logicalName: string, input: Record<string, unknown>): Promise<StartedExecution> {
    const stateMachineArn = process.env[stateMachineArnVariable(workflow)];
    if (!stateMachineArn) throw new Error(`${stateMachineArnVariable(workflow)} is not set`);
    const base = executionName(logicalName);
    for (let run = 1; run <= MAX_RUNS; run++) {
      const name = runName(base, run);
      try {
        await this.client.call('StartExecution', { stateMachineArn, name, input: JSON.stringify(withCorrelationId(input, correlationId(), base)) });
        return { name, status: 'started' };
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
      }
      const existing = await this.client.call<{ status?: string; input?: string }>('DescribeExecution', { executionArn: executionArn(stateMachineArn, name) });
      if (!sameRunInput(JSON.parse(existing.input ?? 'null'), input)) {
        throw new ConflictError(`The ${workflow} run "${name}" was started with other input`, 'EXECUTION_ALREADY_EXISTS');
      }
      if (existing.status === 'RUNNING' || existing.status === 'PENDING_REDRIVE') return { name, status: 'running' };
      if (existing.status === 'SUCCEEDED') return { name, status: 'succeeded' };
      // FAILED, TIMED_OUT or ABORTED: the next name runs it again.
    }
    throw new ConflictError(`The ${workflow} run "${base}" has failed ${MAX_RUNS} times; the operators have been alerted`, 'WORKFLOW_FAILED_REPEATEDLY');
  }

  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<boolean> {
    return this.redeem(() => this.client.call('SendTaskSuccess', { taskToken, output: JSON.stringify(output) }));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.redeem(() => this.client.call('SendTaskFailure', { taskToken, error, cause }));
  }

  private async redeem(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof Error && STALE_TOKEN_ERRORS.has(error.name)) return false;
      throw error;
    }
  }
}
