/**
 * Step Functions on one machine: aws-local-stepfunctions runs the very ASL
 * files CDK deploys, with every Task state mapped to the in-process handler.
 *
 * What the runner lacks is emulated here:
 * - `.waitForTaskToken`: the runner is handed `$$.Task.Token` through its
 *   context option; the task resolves when SendTaskSuccess/Failure arrives, or
 *   fails with `States.Timeout` when the local clock passes its TimeoutSeconds.
 * - surviving a restart: every task's outcome is journalled in DynamoDB. On
 *   start-up each unfinished execution is run again from the top; journalled
 *   steps replay their recorded outcome instead of running twice, so the
 *   execution arrives back at the wait it was in, with the same token.
 *   (Replay needs a deterministic path: no Parallel or Map of tasks.)
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowEngine, WorkflowName } from '../../shared/ports.ts';
import { ConflictError } from '../../shared/errors.ts';
import { isConditionFailure, type Table } from '../../shared/store/table.ts';
import { correlationId } from '../../shared/telemetry.ts';
import { MAX_RUNS, executionName, runName, sameRunInput, withCorrelationId, type StartedExecution } from '../../shared/workflow/execution-name.ts';
import { placeholderFor, projectRoot, substitute, workflowDefinitions, workflowFunctions, type WorkflowFunctionName } from '../workflows/catalog.ts';
import type { LocalClock } from './clock.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'eu-west-2';

export function localFunctionArn(fn: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${fn}`;
}

export type InvokeFunction = (fn: WorkflowFunctionName, payload: unknown) => Promise<unknown>;

interface AslTask {
  Type: 'Task';
  Resource: string;
  TimeoutSeconds?: number;
}

interface ExecutionRecord {
  name: string;
  workflow: WorkflowName;
  input: Record<string, unknown>;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startedAt: string;
}

type StepOutcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

/** An error that a workflow's Retry/Catch matches on by name, as in AWS. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

class EngineStopped extends Error {}

const executionsPartition = 'LOCAL#EXECUTIONS';
const journalPartition = (execution: string) => `LOCAL#EXECUTION#${execution}`;
const tokenKey = (token: string) => ({ pk: `LOCAL#TASK-TOKEN#${token}`, sk: 'TOKEN' });

export class LocalWorkflowEngine implements WorkflowEngine {
  private readonly definitions = new Map<WorkflowName, Record<string, unknown>>();
  private readonly waiters = new Map<string, { resolve: (output: unknown) => void; reject: (error: Error) => void }>();
  private readonly executions = new Map<string, Promise<void>>();
  private readonly aborts = new Map<string, () => void>();
  private busy = 0;
  private stopped = false;
  /** Failures a test asked for, by task function: what Lambda itself raises in AWS (throttling, a service fault). */
  private readonly injectedFailures = new Map<WorkflowFunctionName, { error: string; remaining: number }>();

  constructor(
    private readonly table: Table,
    private readonly clock: LocalClock,
    private readonly invoke: InvokeFunction,
  ) {}

  /** The ASL as CDK deploys it, with local ARNs in place of the deployed functions'. */
  definition(workflow: WorkflowName): Record<string, unknown> {
    let definition = this.definitions.get(workflow);
    if (!definition) {
      const spec = workflowDefinitions[workflow];
      const values = { ...spec.values, ...Object.fromEntries(spec.functions.map((fn) => [placeholderFor(fn), localFunctionArn(fn)])) };
      definition = JSON.parse(substitute(readFileSync(join(projectRoot, spec.file), 'utf8'), values)) as Record<string, unknown>;
      this.definitions.set(workflow, definition);
    }
    return definition;
  }

  /** As Step Functions (shared/workflow/step-functions-engine.ts): the same names, and a failed run is run again under the next name. */
  async start(workflow: WorkflowName, logicalName: string, input: Record<string, unknown>): Promise<StartedExecution> {
    const base = executionName(logicalName);
    for (let run = 1; run <= MAX_RUNS; run++) {
      const name = runName(base, run);
      const record: ExecutionRecord = { name, workflow, input: withCorrelationId(input, correlationId(), base), status: 'RUNNING', startedAt: this.clock.now().toISOString() };
      try {
        await this.table.doc.send(
          new PutCommand({ TableName: this.table.name, Item: { pk: executionsPartition, sk: name, ...record }, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        this.launch(record);
        return { name, status: 'started' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const existing = await this.describe(name);
      if (existing.workflow !== workflow || !sameRunInput(existing.input, input)) {
        throw new ConflictError(`The ${workflow} run "${name}" was started with other input`, 'EXECUTION_ALREADY_EXISTS');
      }
      if (existing.status === 'RUNNING') return { name, status: 'running' };
      if (existing.status === 'SUCCEEDED') return { name, status: 'succeeded' };
    }
    throw new ConflictError(`The ${workflow} run "${base}" has failed ${MAX_RUNS} times; the operators have been alerted`, 'WORKFLOW_FAILED_REPEATEDLY');
  }

  /** Picks up every execution that was running when the runtime last stopped. */
  async resumeUnfinished(): Promise<number> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': executionsPartition, ':running': 'RUNNING' },
        ConsistentRead: true,
      }),
    );
    const unfinished = (result.Items ?? []) as unknown as ExecutionRecord[];
    for (const record of unfinished) this.launch(record);
    return unfinished.length;
  }

  /** The execution a use case named (or its run's own name). */
  async describe(name: string): Promise<ExecutionRecord & { output?: unknown; error?: string; cause?: string }> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: { pk: executionsPartition, sk: executionName(name) }, ConsistentRead: true }));
    if (!result.Item) throw new Error(`No execution ${name}`);
    return result.Item as ExecutionRecord;
  }

  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<boolean> {
    return this.settleToken(taskToken, { ok: true, output });
  }

  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.settleToken(taskToken, { ok: false, error, cause });
  }

  /**
   * Test-only: the next `times` invocations of a task function fail with
   * `error` (e.g. `Lambda.TooManyRequestsException`) before its handler runs,
   * as Lambda's own errors do in AWS, so the definitions' Retry and Catch are
   * exercised here with the same ASL.
   */
  failNextInvocations(fn: WorkflowFunctionName, error: string, times = 1): void {
    this.injectedFailures.set(fn, { error, remaining: times });
  }

  /** Resolves once every execution is either finished or waiting on a person. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.busy > 0) {
      if (Date.now() > deadline) throw new Error('Workflows did not settle in time');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Stops without marking anything failed: what was running resumes at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Aborted first, so a wait cut short by the stop is not taken for a failure by the definitions' Catch (States.ALL).
    for (const abort of this.aborts.values()) abort();
    for (const waiter of this.waiters.values()) waiter.reject(new EngineStopped('engine stopped'));
    this.waiters.clear();
    await Promise.allSettled(this.executions.values());
  }

  private launch(record: ExecutionRecord): void {
    const definition = this.definition(record.workflow);
    const machine = new StateMachine(definition as never, { validationOptions: { checkArn: true, checkPaths: true } });
    let tokens = 0;
    let steps = 0;
    const context = {
      Execution: { Id: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${record.workflow}:${record.name}`, Name: record.name },
      // Read once per entry into a task that asks for `$$.Task.Token`.
      Task: {
        get Token() {
          tokens += 1;
          return `${record.name}.${tokens}`;
        },
      },
    };
    const handlers: Record<string, (input: never) => Promise<never>> = {};
    // A retry waits IntervalSeconds x BackoffRate^n in AWS; here the local clock moves only when told, so a retry follows at once.
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of Object.entries(definition.States as Record<string, { Type: string }>)) {
      if (state.Type !== 'Task') continue;
      retryIntervalOverrides[stateName] = 0;
      const task = state as AslTask;
      handlers[stateName] = ((input: Record<string, unknown>) => {
        steps += 1;
        return this.journalled(record.name, steps, stateName, () => this.runTask(task, input)) as Promise<never>;
      }) as never;
    }
    this.busy += 1;
    // An execution journalled before inputs carried a correlation id gets its name as one, as the definitions read it.
    const execution = machine.run(withCorrelationId(record.input, undefined, record.name) as never, { overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides }, context: context as never });
    const done = execution.result.then(
      (output) => this.finish(record.name, { status: 'SUCCEEDED', output }),
      (error: Error) => this.finish(record.name, { status: 'FAILED', error: error.name, cause: error.message }),
    ).finally(() => {
      this.busy -= 1;
      this.executions.delete(record.name);
      this.aborts.delete(record.name);
    });
    this.executions.set(record.name, done);
    this.aborts.set(record.name, () => execution.abort());
  }

  private async finish(name: string, outcome: { status: 'SUCCEEDED' | 'FAILED'; output?: unknown; error?: string; cause?: string }): Promise<void> {
    if (this.stopped) return;
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { pk: executionsPartition, sk: name },
        UpdateExpression: 'SET #status = :status, outcome = :outcome, stoppedAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': outcome.status, ':outcome': outcome, ':at': this.clock.now().toISOString() },
      }),
    );
  }

  private async runTask(task: AslTask, input: Record<string, unknown>): Promise<unknown> {
    if (task.Resource.endsWith('.waitForTaskToken')) {
      const callback = input as { FunctionName: string; Payload: Record<string, unknown> };
      this.raiseInjectedFailure(functionNamed(callback.FunctionName));
      return this.runCallbackTask(task, callback);
    }
    const fn = functionNamed(task.Resource);
    this.raiseInjectedFailure(fn);
    return this.invoke(fn, input);
  }

  private raiseInjectedFailure(fn: WorkflowFunctionName): void {
    const injected = this.injectedFailures.get(fn);
    if (!injected || injected.remaining <= 0) return;
    injected.remaining -= 1;
    throw new TaskError(injected.error, `${fn}: ${injected.error} (injected by a test)`);
  }

  private async runCallbackTask(task: AslTask, input: { FunctionName: string; Payload: Record<string, unknown> }): Promise<unknown> {
    const token = String(input.Payload.taskToken);
    const timeoutSeconds = task.TimeoutSeconds ?? 99_999_999;
    const deadline = new Date(this.clock.now().getTime() + timeoutSeconds * 1000).toISOString();
    await this.table.doc
      .send(new PutCommand({ TableName: this.table.name, Item: { ...tokenKey(token), status: 'waiting', deadline }, ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
    // Listen before the handler runs: it may redeem the token itself at once.
    const waiting = this.waitForToken(token);
    waiting.catch(() => {});
    await this.invoke(functionNamed(input.FunctionName), input.Payload);
    this.busy -= 1;
    try {
      return await waiting;
    } finally {
      this.busy += 1;
    }
  }

  private waitForToken(token: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // An execution still on its way to a wait when the engine stopped must not wait for ever: it resumes at the next start.
      if (this.stopped) return reject(new EngineStopped('engine stopped'));
      let cancelTimer = () => {};
      this.waiters.set(token, {
        resolve: (output) => {
          cancelTimer();
          resolve(output);
        },
        reject: (error) => {
          cancelTimer();
          reject(error);
        },
      });
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: tokenKey(token), ConsistentRead: true })).then((result) => {
        const waiter = this.waiters.get(token);
        if (!waiter) return;
        const stored = result.Item;
        if (stored?.status === 'settled') {
          this.waiters.delete(token);
          settle(waiter, stored.outcome as StepOutcome);
        } else if (stored?.status === 'timed-out') {
          this.waiters.delete(token);
          waiter.reject(new TaskError('States.Timeout', 'The task timed out'));
        } else {
          cancelTimer = this.clock.at(new Date(String(stored?.deadline)), () => this.timeOut(token));
        }
      }, reject);
    });
  }

  private async settleToken(token: string, outcome: StepOutcome): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: tokenKey(token),
          UpdateExpression: 'SET #status = :settled, outcome = :outcome',
          ConditionExpression: '#status = :waiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':settled': 'settled', ':outcome': outcome, ':waiting': 'waiting' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    const waiter = this.waiters.get(token);
    this.waiters.delete(token);
    if (waiter) settle(waiter, outcome);
    return true;
  }

  private async timeOut(token: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: tokenKey(token),
          UpdateExpression: 'SET #status = :timedOut',
          ConditionExpression: '#status = :waiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':timedOut': 'timed-out', ':waiting': 'waiting' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw error;
    }
    const waiter = this.waiters.get(token);
    this.waiters.delete(token);
    waiter?.reject(new TaskError('States.Timeout', 'The task timed out'));
    // Let the workflow take its Catch and reach its next wait before the clock moves on.
    await this.idle();
  }

  /** Runs a step once: a replay after restart returns the recorded outcome. */
  private async journalled(execution: string, step: number, stateName: string, run: () => Promise<unknown>): Promise<unknown> {
    const key = { pk: journalPartition(execution), sk: `STEP#${String(step).padStart(6, '0')}` };
    const recorded = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }))).Item;
    if (recorded) return unwrap(recorded.outcome as StepOutcome);
    let outcome: StepOutcome;
    try {
      outcome = { ok: true, output: (await run()) ?? null };
    } catch (error) {
      if (error instanceof EngineStopped || this.stopped) throw error;
      const e = error as Error;
      outcome = { ok: false, error: e.name || 'Error', cause: e.message };
    }
    if (!this.stopped) {
      await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { ...key, stateName, outcome } }));
    }
    return unwrap(outcome);
  }
}

function settle(waiter: { resolve: (output: unknown) => void; reject: (error: Error) => void }, outcome: StepOutcome): void {
  if (outcome.ok) waiter.resolve(outcome.output);
  else waiter.reject(new TaskError(outcome.error, outcome.cause));
}

function unwrap(outcome: StepOutcome): unknown {
  if (outcome.ok) return outcome.output;
  throw new TaskError(outcome.error, outcome.cause);
}

function functionNamed(arn: string): WorkflowFunctionName {
  const name = arn.split(':function:')[1]?.split(':')[0];
  if (!name || !(name in workflowFunctions)) throw new Error(`No local handler for ${arn}`);
  return name as WorkflowFunctionName;
}
