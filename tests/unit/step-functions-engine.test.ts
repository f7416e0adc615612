/**
 * Starting a workflow in AWS when its execution name was used before.
 *
 * Step Functions has no local engine that answers StartExecution and
 * DescribeExecution as AWS does (aws-local-stepfunctions runs definitions, it
 * does not keep executions by name), so the engine's client is given a
 * stand-in here, answering as the Step Functions API documents:
 * ExecutionAlreadyExists for a name already used, and DescribeExecution's
 * status and input. The wire protocol under it (signing, errors, retries) is
 * tested in tests/unit/aws-client.test.ts; the local engine's own rules on
 * DynamoDB Local in tests/workflow/re-run.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../shared/aws/aws-endpoint.ts';
import { ConflictError } from '../../shared/errors.ts';
import { StepFunctionsEngine, stateMachineArnVariable, type StepFunctionsApi } from '../../shared/workflow/step-functions-engine.ts';

const MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:Reconciliation';
const INPUT = { agency: 'adoption-at-heart', year: '2020-21', period: '2020-21-Q1' };
const NAME = 'reconciliation_adoption-at-heart_2020-21_2020-21-Q1';
const ARN_OF = (name: string) => `arn:aws:states:eu-west-2:123456789012:execution:Reconciliation:${name}`;

type Answer = (input: Record<string, unknown>) => unknown;
/** Step Functions as the test sets it up: an answer per operation (a value, or an error thrown), and every call it was sent. */
let answers: Record<string, Answer>;
let calls: { operation: string; input: Record<string, unknown> }[];
const stepFunctions: StepFunctionsApi = {
  call: async <T>(operation: string, input: unknown) => {
    calls.push({ operation, input: input as Record<string, unknown> });
    const answer = answers[operation];
    if (!answer) throw new Error(`no answer set for ${operation}`);
    return answer(input as Record<string, unknown>) as T;
  },
};
const sent = (operation: string) => calls.filter((c) => c.operation === operation).map((c) => c.input);
const alreadyExists = () => {
  throw new AwsServiceError('ExecutionAlreadyExists', 'Execution Already Exists', 400, {});
};

beforeEach(() => {
  answers = {};
  calls = [];
  process.env[stateMachineArnVariable('reconciliation')] = MACHINE;
});
afterEach(() => {
  delete process.env[stateMachineArnVariable('reconciliation')];
});

function engine(): StepFunctionsEngine {
  return new StepFunctionsEngine(stepFunctions);
}

describe('starting a workflow on Step Functions', () => {
  it('starts a new run under the name the use case gave, made valid', async () => {
    // Prepare
    answers.StartExecution = () => ({ executionArn: ARN_OF(NAME) });
    // Act
    const started = await engine().start('reconciliation', 'reconciliation.adoption-at-heart.2020-21.2020-21-Q1', INPUT);
    // Assess
    expect(started).toEqual({ name: NAME, status: 'started' });
    expect(sent('StartExecution')[0]).toMatchObject({ stateMachineArn: MACHINE, name: NAME });
  });

  it('treats the same run still going as that run, even when the request carries another correlation id', async () => {
    answers.StartExecution = alreadyExists;
    answers.DescribeExecution = () => ({ status: 'RUNNING', input: JSON.stringify({ ...INPUT, correlationId: 'first-request' }) });

    const started = await engine().start('reconciliation', NAME, { ...INPUT, correlationId: 'second-request' });

    expect(started).toEqual({ name: NAME, status: 'running' });
    expect(sent('DescribeExecution')[0]).toEqual({ executionArn: ARN_OF(NAME) });
    expect(sent('StartExecution')).toHaveLength(1);
  });

  it('treats the same run finished as that run: the statement is not produced twice', async () => {
    answers.StartExecution = alreadyExists;
    answers.DescribeExecution = () => ({ status: 'SUCCEEDED', input: JSON.stringify(INPUT) });

    expect(await engine().start('reconciliation', NAME, INPUT)).toEqual({ name: NAME, status: 'succeeded' });
    expect(sent('StartExecution')).toHaveLength(1);
  });

  it('runs a failed run again under a new suffix', async () => {
    answers.StartExecution = (input) => (input.name === NAME ? alreadyExists() : { executionArn: ARN_OF(`${NAME}_r2`) });
    answers.DescribeExecution = () => ({ status: 'FAILED', input: JSON.stringify(INPUT) });

    expect(await engine().start('reconciliation', NAME, INPUT)).toEqual({ name: `${NAME}_r2`, status: 'started' });
  });

  it('finds the re-run still going after a second request, instead of starting a third', async () => {
    answers.StartExecution = alreadyExists;
    answers.DescribeExecution = (input) => ({ status: input.executionArn === ARN_OF(NAME) ? 'TIMED_OUT' : 'RUNNING', input: JSON.stringify(INPUT) });

    expect(await engine().start('reconciliation', NAME, INPUT)).toEqual({ name: `${NAME}_r2`, status: 'running' });
    expect(sent('StartExecution').map((input) => input.name)).toEqual([NAME, `${NAME}_r2`]);
  });

  it('refuses the name with other input: 409', async () => {
    answers.StartExecution = alreadyExists;
    answers.DescribeExecution = () => ({ status: 'RUNNING', input: JSON.stringify({ ...INPUT, period: '2020-21-Q2' }) });

    const refused = await engine().start('reconciliation', NAME, INPUT).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ status: 409, code: 'EXECUTION_ALREADY_EXISTS' });
  });

  it('passes on any other refusal', async () => {
    answers.StartExecution = () => {
      throw new AwsServiceError('ThrottlingException', 'Rate exceeded', 400, {});
    };

    await expect(engine().start('reconciliation', NAME, INPUT)).rejects.toThrow('Rate exceeded');
  });
});

describe('resuming a workflow waiting on a task token', () => {
  it('sends the output as JSON and says the token was used', async () => {
    answers.SendTaskSuccess = () => ({});

    expect(await engine().sendTaskSuccess('token-1', { decision: 'approved' })).toBe(true);
    expect(sent('SendTaskSuccess')).toEqual([{ taskToken: 'token-1', output: '{"decision":"approved"}' }]);
  });

  it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('says nobody waits on the token any more when Step Functions answers %s', async (name) => {
    answers.SendTaskFailure = () => {
      throw new AwsServiceError(name, 'Task Timed Out', 400, {});
    };

    expect(await engine().sendTaskFailure('token-2', 'Rejected', 'The SCB rejected it')).toBe(false);
  });

  it('passes on any other refusal', async () => {
    answers.SendTaskSuccess = () => {
      throw new AwsServiceError('AccessDeniedException', 'not authorized to perform: states:SendTaskSuccess', 400, {});
    };

    await expect(engine().sendTaskSuccess('token-3', {})).rejects.toThrow('not authorized');
  });
});
