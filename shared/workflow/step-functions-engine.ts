import { SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowEngine, WorkflowName } from '../ports.ts';

/** Names of the environment variables that carry each state machine's ARN (set by CDK). */
export function stateMachineArnVariable(workflow: WorkflowName): string {
  return `${workflow.toUpperCase().replaceAll('-', '_')}_STATE_MACHINE_ARN`;
}

/** Token errors that mean "nobody waits on this token any more", not a fault. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

export class StepFunctionsEngine implements WorkflowEngine {
  constructor(private readonly client = new SFNClient({})) {}

  async start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<void> {
    const stateMachineArn = process.env[stateMachineArnVariable(workflow)];
    if (!stateMachineArn) throw new Error(`${stateMachineArnVariable(workflow)} is not set`);
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }));
    } catch (error) {
      // Standard workflows refuse a second execution of one name with other input; same input is idempotent.
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }

  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<boolean> {
    return this.redeem(() => this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.redeem(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
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
