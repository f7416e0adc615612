/**
 * Starting a workflow in AWS when its execution name was used before.
 *
 * Step Functions has no local engine that answers StartExecution and
 * DescribeExecution as AWS does (aws-local-stepfunctions runs definitions, it
 * does not keep executions by name), so the SFN client is replaced by
 * aws-sdk-client-mock here, answering as the Step Functions API documents:
 * ExecutionAlreadyExists for a name already used, and DescribeExecution's
 * status and input. The local engine's own rules are tested on DynamoDB Local
 * in tests/workflow/re-run.test.ts.
 */
import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.ts';
import { StepFunctionsEngine, stateMachineArnVariable } from '../../shared/workflow/step-functions-engine.ts';

const MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:Reconciliation';
const INPUT = { agency: 'adoption-at-heart', year: '2020-21', period: '2020-21-Q1' };
const NAME = 'reconciliation_adoption-at-heart_2020-21_2020-21-Q1';

const sfn = mockClient(SFNClient);
const alreadyExists = () => new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} });

beforeEach(() => {
  sfn.reset();
  process.env[stateMachineArnVariable('reconciliation')] = MACHINE;
});
afterEach(() => {
  delete process.env[stateMachineArnVariable('reconciliation')];
});

function engine(): StepFunctionsEngine {
  return new StepFunctionsEngine(new SFNClient({ region: 'eu-west-2' }));
}

describe('starting a workflow on Step Functions', () => {
  it('starts a new run under the name the use case gave, made valid', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${MACHINE}:${NAME}` });
    // Act
    const started = await engine().start('reconciliation', 'reconciliation.adoption-at-heart.2020-21.2020-21-Q1', INPUT);
    // Assess
    expect(started).toEqual({ name: NAME, status: 'started' });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toMatchObject({ stateMachineArn: MACHINE, name: NAME });
  });

  it('treats the same run still going as that run, even when the request carries another correlation id', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', input: JSON.stringify({ ...INPUT, correlationId: 'first-request' }) });

    const started = await engine().start('reconciliation', NAME, { ...INPUT, correlationId: 'second-request' });

    expect(started).toEqual({ name: NAME, status: 'running' });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input).toEqual({ executionArn: `arn:aws:states:eu-west-2:123456789012:execution:Reconciliation:${NAME}` });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('treats the same run finished as that run: the statement is not produced twice', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', input: JSON.stringify(INPUT) });

    expect(await engine().start('reconciliation', NAME, INPUT)).toEqual({ name: NAME, status: 'succeeded' });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('runs a failed run again under a new suffix', async () => {
    sfn.on(StartExecutionCommand, { name: NAME }).rejects(alreadyExists());
    sfn.on(StartExecutionCommand, { name: `${NAME}_r2` }).resolves({ executionArn: `${MACHINE}:${NAME}_r2` });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', input: JSON.stringify(INPUT) });

    expect(await engine().start('reconciliation', NAME, INPUT)).toEqual({ name: `${NAME}_r2`, status: 'started' });
  });

  it('finds the re-run still going after a second request, instead of starting a third', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand, { executionArn: `arn:aws:states:eu-west-2:123456789012:execution:Reconciliation:${NAME}` }).resolves({ status: 'TIMED_OUT', input: JSON.stringify(INPUT) });
    sfn.on(DescribeExecutionCommand, { executionArn: `arn:aws:states:eu-west-2:123456789012:execution:Reconciliation:${NAME}_r2` }).resolves({ status: 'RUNNING', input: JSON.stringify(INPUT) });

    expect(await engine().start('reconciliation', NAME, INPUT)).toEqual({ name: `${NAME}_r2`, status: 'running' });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  it('refuses the name with other input: 409', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', input: JSON.stringify({ ...INPUT, period: '2020-21-Q2' }) });

    const refused = await engine().start('reconciliation', NAME, INPUT).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ status: 409, code: 'EXECUTION_ALREADY_EXISTS' });
  });

  it('passes on any other refusal', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(engine().start('reconciliation', NAME, INPUT)).rejects.toThrow('Rate exceeded');
  });
});
