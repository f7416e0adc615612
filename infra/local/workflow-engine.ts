/**
 * Step Functions on one machine: aws-local-stepfunctions runs the very ASL
 * files CDK deploys, with every Task state mapped to the in-process handler.
 *
 * What the runner lacks is emulated here:
 * - `.waitForTaskToken`: the runner is handed `$$.Task.Token` through its
 *   context option; the task resolves when SendTaskSuccess/Failure arrives, or
 *   fails with `States.Timeout` when the local clock passes its TimeoutSeconds.
 * - surviving a restart: every task's outcome is journalled in DynamoDB. An
 *   execution is resumed by running it again from the top: journalled steps
 *   replay their recorded outcome instead of running twice, so it arrives
 *   back where it was, with the same token. (Replay needs a deterministic
 *   path: no Parallel or Map of tasks.)
 * - a restart that costs nothing per waiting execution: once a wait's task
 *   has run, the execution record says it is parked on that token, with the
 *   wait's deadline. A parked execution is not resumed at start-up; only its
 *   deadline is re-armed on the clock. It is resumed when its token is
 *   redeemed or times out (`wake`). Executions stopped mid-task are resumed
 *   in the background after the runtime is ready, a few at a time
 *   (`recover`). Redeeming a token and un-parking its execution are one
 *   transaction, so "parked" never outlives the wait it names.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../../shared/store/dynamodb.ts';
import type { StateMachine } from 'aws-local-stepfunctions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowEngine, WorkflowName } from '../../shared/ports.ts';
import { ConflictError } from '../../shared/errors.ts';
import { isConditionFailure, writeTogether, type Table } from '../../shared/store/table.ts';
import { correlationId } from '../../shared/telemetry.ts';
import { MAX_RUNS, executionName, runName, sameRunInput, withCorrelationId, type StartedExecution } from '../../shared/workflow/execution-name.ts';
import { placeholderFor, projectRoot, substitute, workflowDefinitions, workflowFunctions, type WorkflowFunctionName } from '../workflows/catalog.ts';
import type { LocalClock } from './clock.ts';
import { validatedMachine } from './validated-machines.ts';

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
  /** Waiting on a person: the wait's task has run and nothing more happens until this token is redeemed or its deadline passes. */
  parked?: { token: string; deadline: string };
}

type StepOutcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

/** What a restart found: executions waiting on a person (their deadlines re-armed, nothing run) and executions resumed from their journal. */
export interface Recovery {
  waiting: number;
  resumed: number;
}

/** Executions stopped mid-task are resumed this many at a time after a restart, so the API stays responsive while they catch up. */
const RECOVERY_BATCH = 4;

/** An error that a workflow's Retry/Catch matches on by name, as in AWS. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

class EngineStopped extends Error {}

/** The token named is not waiting (already redeemed, timed out, or never issued). */
class TokenNotWaiting extends Error {}

const executionsPartition = 'LOCAL#EXECUTIONS';
const journalPartition = (execution: string) => `LOCAL#EXECUTION#${execution}`;
const tokenKey = (token: string) => ({ pk: `LOCAL#TASK-TOKEN#${token}`, sk: 'TOKEN' });
const executionKey = (name: string) => ({ pk: executionsPartition, sk: name });
/** Tokens are minted here as `<execution name>.<n>`, and an execution name has no dot; anything else names no execution. */
function executionOfToken(token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  return dot > 0 ? token.slice(0, dot) : undefined;
}

export class LocalWorkflowEngine implements WorkflowEngine {
  private readonly definitions = new Map<WorkflowName, Record<string, unknown>>();
  /** One validated machine per workflow, run for every execution (see validated-machines.ts for what validating costs). */
  private readonly machines = new Map<WorkflowName, StateMachine>();
  private readonly waiters = new Map<string, { resolve: (output: unknown) => void; reject: (error: Error) => void }>();
  private readonly executions = new Map<string, Promise<void>>();
  private readonly aborts = new Map<string, () => void>();
  /** Called when an execution being recovered is finished or waiting on a person. */
  private readonly quiet = new Map<string, () => void>();
  /** Parked executions being looked up to be woken; a stop waits for them. */
  private readonly waking = new Set<Promise<void>>();
  private busy = 0;
  private stopped = false;
  private recovery: Promise<Recovery> | undefined;
  private recoveryProgress = { waiting: 0, resumed: 0, done: false, failure: undefined as string | undefined };
  /** Failures a test asked for, by task function: what Lambda itself raises in AWS (throttling, a service fault). */
  private readonly injectedFailures = new Map<WorkflowFunctionName, { error: string; remaining: number }>();
  /** Stalls a test asked for, by task function: the task's work is done and then nothing more (see stallAfterNextInvocation). */
  private readonly stalls = new Map<WorkflowFunctionName, () => void>();

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
        this.launch(record, new Map());
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

  /**
   * After a restart, in the background: every execution left running is
   * read once; one waiting on a person only has its deadline re-armed, one
   * stopped mid-task is run again from its journal, RECOVERY_BATCH at a time.
   * Resolves when each is finished or waiting again. The API need not wait
   * for it: a token redeemed meanwhile wakes its execution itself.
   */
  recover(): Promise<Recovery> {
    this.recovery ??= this.recoverUnfinished();
    return this.recovery;
  }

  /** In words, for /health. */
  recoveryStatus(): string {
    const { waiting, resumed, done, failure } = this.recoveryProgress;
    if (!this.recovery) return 'executions left running are looked at once the system is ready, in the background';
    if (failure) return `recovery stopped (${failure}): what it had not reached resumes at the next start`;
    return done
      ? `running (after the restart: ${waiting} waiting on a person, deadlines re-armed; ${resumed} resumed mid-task)`
      : `recovering in the background (so far: ${waiting} waiting on a person, ${resumed} resumed mid-task)`;
  }

  private async recoverUnfinished(): Promise<Recovery> {
    try {
      return await this.recoverEach();
    } catch (error) {
      this.recoveryProgress.failure = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.recoveryProgress.done = true;
    }
  }

  private async recoverEach(): Promise<Recovery> {
    const midTask: ExecutionRecord[] = [];
    let page: Record<string, unknown> | undefined;
    do {
      const result = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': executionsPartition, ':running': 'RUNNING' },
          ConsistentRead: true,
          ...(page ? { ExclusiveStartKey: page } : {}),
        }),
      );
      for (const record of (result.Items ?? []) as unknown as ExecutionRecord[]) {
        if (this.executions.has(record.name)) continue;
        if (record.parked) {
          const { token } = record.parked;
          this.clock.at(new Date(record.parked.deadline), () => this.timeOut(token));
          this.recoveryProgress.waiting += 1;
        } else {
          midTask.push(record);
        }
      }
      page = result.LastEvaluatedKey;
    } while (page && !this.stopped);
    for (let i = 0; i < midTask.length && !this.stopped; i += RECOVERY_BATCH) {
      await Promise.all(
        midTask.slice(i, i + RECOVERY_BATCH).map(async (record) => {
          if (await this.resumeUntilQuiet(record.name)) this.recoveryProgress.resumed += 1;
        }),
      );
    }
    return { waiting: this.recoveryProgress.waiting, resumed: this.recoveryProgress.resumed };
  }

  /**
   * Runs an execution again from its journal; resolves once it is finished or
   * waiting on a person. Read again first: a token redeemed since the scan may
   * have woken it already, and it may even have finished.
   */
  private async resumeUntilQuiet(name: string): Promise<boolean> {
    const record = await this.runningRecord(name);
    if (!record) return false;
    const journal = await this.readJournal(name);
    if (this.stopped || this.executions.has(name)) return false;
    await new Promise<void>((resolve) => {
      this.quiet.set(name, resolve);
      this.launch(record, journal);
    });
    return true;
  }

  private async runningRecord(name: string): Promise<ExecutionRecord | undefined> {
    if (this.stopped || this.executions.has(name)) return undefined;
    const record = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: executionKey(name), ConsistentRead: true }))).Item as ExecutionRecord | undefined;
    return record?.status === 'RUNNING' ? record : undefined;
  }

  /** A parked execution whose token was redeemed or timed out, resumed from its journal (it is not running in this engine). */
  private wake(name: string): void {
    if (this.stopped || this.executions.has(name)) return;
    this.busy += 1;
    const waking = (async () => {
      const record = await this.runningRecord(name);
      if (!record) return;
      const journal = await this.readJournal(name);
      if (!this.stopped) this.launch(record, journal);
    })()
      // Not lost: the execution is left RUNNING and not parked, so the next start resumes it.
      .catch((error: unknown) => console.error(`Could not resume execution ${name} now; it resumes at the next start`, error))
      .finally(() => {
        this.busy -= 1;
        this.waking.delete(waking);
      });
    this.waking.add(waking);
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

  /**
   * Test-only: the next invocation of a task function does its work and then
   * never returns, as if the runtime died after the task's work and before
   * its outcome was journalled (a kill cannot be placed there reliably).
   * Resolves once the work is done; stop the engine then.
   */
  stallAfterNextInvocation(fn: WorkflowFunctionName): Promise<void> {
    return new Promise((resolve) => this.stalls.set(fn, resolve));
  }

  /** The executions this process is running, a wait in memory included: after a restart, one parked on its token is not among them until the token is redeemed or times out. */
  runningHere(): string[] {
    return [...this.executions.keys()];
  }

  /** Resolves once every execution is either finished or waiting on a person. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.busy > 0 || (this.recovery && !this.recoveryProgress.done)) {
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
    await Promise.allSettled(this.waking);
    await Promise.allSettled(this.executions.values());
    await this.recovery?.catch(() => undefined);
  }

  /** Runs an execution from the top; `journal` holds the outcomes of the steps it already took (empty for a new one). */
  private launch(record: ExecutionRecord, journal: ReadonlyMap<number, StepOutcome>): void {
    // One run of an execution at a time: a token redeemed while recovery resumes the same execution must not run it twice.
    if (this.executions.has(record.name)) {
      this.quiet.get(record.name)?.();
      return;
    }
    const definition = this.definition(record.workflow);
    let machine = this.machines.get(record.workflow);
    if (!machine) {
      machine = validatedMachine(definition);
      this.machines.set(record.workflow, machine);
    }
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
        return this.journalled(record.name, journal, steps, stateName, () => this.runTask(record, task, input)) as Promise<never>;
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
      this.becameQuiet(record.name);
    });
    this.executions.set(record.name, done);
    this.aborts.set(record.name, () => execution.abort());
  }

  private becameQuiet(name: string): void {
    const resolve = this.quiet.get(name);
    this.quiet.delete(name);
    resolve?.();
  }

  private async finish(name: string, outcome: { status: 'SUCCEEDED' | 'FAILED'; output?: unknown; error?: string; cause?: string }): Promise<void> {
    if (this.stopped) return;
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: executionKey(name),
        UpdateExpression: 'SET #status = :status, outcome = :outcome, stoppedAt = :at REMOVE parked',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': outcome.status, ':outcome': outcome, ':at': this.clock.now().toISOString() },
      }),
    );
  }

  private async runTask(record: ExecutionRecord, task: AslTask, input: Record<string, unknown>): Promise<unknown> {
    if (task.Resource.endsWith('.waitForTaskToken')) {
      const callback = input as { FunctionName: string; Payload: Record<string, unknown> };
      this.raiseInjectedFailure(functionNamed(callback.FunctionName));
      return this.runCallbackTask(record, task, callback);
    }
    const fn = functionNamed(task.Resource);
    this.raiseInjectedFailure(fn);
    const output = await this.invoke(fn, input);
    const stalled = this.stalls.get(fn);
    if (stalled) {
      this.stalls.delete(fn);
      stalled();
      return new Promise(() => {});
    }
    return output;
  }

  private raiseInjectedFailure(fn: WorkflowFunctionName): void {
    const injected = this.injectedFailures.get(fn);
    if (!injected || injected.remaining <= 0) return;
    injected.remaining -= 1;
    throw new TaskError(injected.error, `${fn}: ${injected.error} (injected by a test)`);
  }

  /**
   * Opens a wait: the token is stored (with its deadline), the wait's task
   * runs (it keeps the token with the approval and asks the seats), and the
   * execution is parked on the token. Resumed from its journal, an execution
   * comes back here with the same token: if the wait's task had run (parked,
   * or the token already redeemed or timed out) it is not run again.
   */
  private async runCallbackTask(record: ExecutionRecord, task: AslTask, input: { FunctionName: string; Payload: Record<string, unknown> }): Promise<unknown> {
    const token = String(input.Payload.taskToken);
    const timeoutSeconds = task.TimeoutSeconds ?? 99_999_999;
    const deadline = new Date(this.clock.now().getTime() + timeoutSeconds * 1000).toISOString();
    const stored = await this.table.doc
      .send(new PutCommand({ TableName: this.table.name, Item: { ...tokenKey(token), status: 'waiting', deadline, execution: record.name }, ConditionExpression: 'attribute_not_exists(pk)' }))
      .then(
        () => undefined,
        async (error: unknown) => {
          if (!isConditionFailure(error)) throw error;
          return (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: tokenKey(token), ConsistentRead: true }))).Item as { status: string; deadline: string } | undefined;
        },
      );
    const opened = stored !== undefined && (stored.status !== 'waiting' || record.parked?.token === token);
    // Listen before the handler runs: it may redeem the token itself at once.
    const { outcome: waiting, watching } = this.waitForToken(token);
    waiting.catch(() => {});
    if (!opened) {
      await this.invoke(functionNamed(input.FunctionName), input.Payload);
      await this.park(record.name, token, stored?.deadline ?? deadline);
    }
    // Quiet only once its deadline is on the clock: a clock moved past it at once must fire it.
    await watching;
    this.busy -= 1;
    this.becameQuiet(record.name);
    try {
      return await waiting;
    } finally {
      this.busy += 1;
    }
  }

  /** Records that the execution waits on `token` alone, if it still does (the wait's task may have redeemed it at once). */
  private async park(name: string, token: string, deadline: string): Promise<void> {
    await writeTogether(
      this.table,
      [
        { ConditionCheck: { TableName: this.table.name, Key: tokenKey(token), ConditionExpression: '#status = :waiting', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':waiting': 'waiting' } } },
        {
          Update: {
            TableName: this.table.name,
            Key: executionKey(name),
            UpdateExpression: 'SET parked = :parked',
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':parked': { token, deadline }, ':running': 'RUNNING' },
          },
        },
      ],
      () => new TokenNotWaiting(),
    ).catch((error: unknown) => {
      // Not parked, the execution is only resumed mid-task at the next start, and its wait's task run again (it is idempotent): no reason to fail the step.
      if (!(error instanceof TokenNotWaiting)) console.error(`Could not record that execution ${name} waits on its token`, error);
    });
  }

  /** The token's outcome, and `watching`: settled once the token was read and, if still waiting, its deadline armed on the clock. */
  private waitForToken(token: string): { outcome: Promise<unknown>; watching: Promise<void> } {
    let watched = () => {};
    const watching = new Promise<void>((resolve) => (watched = resolve));
    const outcome = new Promise((resolve, reject) => {
      // An execution still on its way to a wait when the engine stopped must not wait for ever: it resumes at the next start.
      if (this.stopped) {
        watched();
        return reject(new EngineStopped('engine stopped'));
      }
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
      }, reject).finally(watched);
    });
    return { outcome, watching };
  }

  private async settleToken(token: string, outcome: StepOutcome): Promise<boolean> {
    if (!(await this.endWait(token, 'SET #status = :ended, outcome = :outcome', { ':ended': 'settled', ':outcome': outcome }))) return false;
    const waiter = this.waiters.get(token);
    this.waiters.delete(token);
    if (waiter) settle(waiter, outcome);
    else this.wake(executionOfToken(token)!);
    return true;
  }

  private async timeOut(token: string): Promise<void> {
    if (!(await this.endWait(token, 'SET #status = :ended', { ':ended': 'timed-out' }))) return;
    const waiter = this.waiters.get(token);
    this.waiters.delete(token);
    if (waiter) waiter.reject(new TaskError('States.Timeout', 'The task timed out'));
    else this.wake(executionOfToken(token)!);
    // Let the workflow take its Catch and reach its next wait before the clock moves on.
    await this.idle();
  }

  /** Ends a wait still open, and un-parks its execution in the same transaction; false if the token was not waiting. */
  private async endWait(token: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    const execution = executionOfToken(token);
    if (!execution) return false;
    try {
      await writeTogether(
        this.table,
        [
          {
            Update: {
              TableName: this.table.name,
              Key: tokenKey(token),
              UpdateExpression: update,
              ConditionExpression: '#status = :waiting',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ...values, ':waiting': 'waiting' },
            },
          },
          {
            Update: {
              TableName: this.table.name,
              Key: executionKey(execution),
              UpdateExpression: 'REMOVE parked',
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ],
        () => new TokenNotWaiting(),
      );
      return true;
    } catch (error) {
      if (error instanceof TokenNotWaiting) return false;
      throw error;
    }
  }

  /** The outcomes of the steps an execution already took, by step number. */
  private async readJournal(name: string): Promise<Map<number, StepOutcome>> {
    const journal = new Map<number, StepOutcome>();
    let page: Record<string, unknown> | undefined;
    do {
      const result = await this.table.doc.send(
        new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': journalPartition(name) }, ConsistentRead: true, ...(page ? { ExclusiveStartKey: page } : {}) }),
      );
      for (const item of result.Items ?? []) journal.set(Number(String(item.sk).slice('STEP#'.length)), item.outcome as StepOutcome);
      page = result.LastEvaluatedKey;
    } while (page);
    return journal;
  }

  /** Runs a step once: a replay after restart returns the recorded outcome (read with the journal when the execution was launched). */
  private async journalled(execution: string, journal: ReadonlyMap<number, StepOutcome>, step: number, stateName: string, run: () => Promise<unknown>): Promise<unknown> {
    const key = { pk: journalPartition(execution), sk: `STEP#${String(step).padStart(6, '0')}` };
    const recorded = journal.get(step);
    if (recorded) return unwrap(recorded);
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
