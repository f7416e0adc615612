/**
 * The Step Functions workflows, each deployed from the same ASL file the local
 * runner executes, with the task handlers of infra/workflows/catalog.ts behind
 * its `${...FunctionArn}` placeholders.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowName } from '../../shared/ports.ts';
import {
  placeholderFor,
  projectRoot,
  stateMachineName,
  substitute,
  workflowDefinitions,
  workflowFunctions,
  type WorkflowDefinition,
  type WorkflowFunctionName,
} from '../workflows/catalog.ts';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { watchFunction, watchStateMachine } from './alarms.ts';
import { grantTableData } from './data-stack.ts';
import { handlerFunction } from './handler-function.ts';
import { pascalCase } from './construct-id.ts';

export interface WorkflowsStackProps extends StackProps {
  table: ITable;
  /** The operators' topic (operations-stack.ts): every alarm goes there. */
  alarms: ITopic;
}

export class WorkflowsStack extends Stack {
  public readonly stateMachines: Record<WorkflowName, StateMachine>;
  /** One function per task handler, however many workflows use it. */
  public readonly functions: Partial<Record<WorkflowFunctionName, Function>> = {};

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);

    const taskFunction = (name: WorkflowFunctionName): Function => {
      const existing = this.functions[name];
      if (existing) return existing;
      const fn = handlerFunction(this, name, {
        ...workflowFunctions[name],
        environment: { TABLE_NAME: props.table.tableName },
        timeout: Duration.seconds(30),
      });
      // The table's items, never its index: no task lists approvals.
      grantTableData(props.table, fn, 'read-write');
      watchFunction(this, name, fn, props.alarms);
      return (this.functions[name] = fn);
    };

    const machines = {} as Record<WorkflowName, StateMachine>;
    for (const [workflow, definition] of Object.entries(workflowDefinitions) as [WorkflowName, WorkflowDefinition][]) {
      const tasks = definition.functions.map((name) => [name, taskFunction(name)] as const);
      const machine = new StateMachine(this, pascalCase(workflow), {
        // Named, so the API and schedules can be granted DescribeExecution on its executions alone (catalog.ts).
        stateMachineName: stateMachineName(this.stackName, workflow),
        definitionBody: DefinitionBody.fromFile(path.join(projectRoot, definition.file)),
        definitionSubstitutions: {
          ...Object.fromEntries(tasks.map(([name, fn]) => [placeholderFor(name), fn.functionArn])),
          ...definition.values,
        },
        stateMachineType: StateMachineType.STANDARD,
        tracingEnabled: true,
        logs: {
          // No fixed name, so the stack can be deleted and made again (a named log group outlives its stack and blocks the next).
          // Log delivery adds each group to the account's CloudWatch Logs resource policy; six groups stay far inside its size limit.
          destination: new LogGroup(this, `${pascalCase(workflow)}Logs`, { retention: RetentionDays.ONE_YEAR }),
          level: LogLevel.ALL,
          // Execution data would put every task token ($$.Task.Token in the AwaitScbDecision payload) in the logs, and a token resumes the workflow: it is kept only with the approval in DynamoDB.
          includeExecutionData: false,
        },
      });
      // The definition names the unqualified function ARNs, so no version or alias (`:*`) is granted.
      machine.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: tasks.map(([, fn]) => fn.functionArn) }));
      Validations.of(machine.role).acknowledge(
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and CloudWatch Logs log delivery (logs:CreateLogDelivery and friends) accept no resource but "*".' },
      );
      watchStateMachine(this, pascalCase(workflow), machine, props.alarms);
      machines[workflow] = machine;
    }
    this.stateMachines = machines;

    this.grantTokenRedemption(machines);
  }

  /**
   * A function handed `$$.Task.Token` may redeem it itself: AwaitScbDecision
   * does when the board decided while the workflow was between waits. It gets
   * SendTaskSuccess/Failure on exactly the machines that hand it a token.
   *
   * A separate policy, not the function's default one: the machine's
   * definition references the function, and Lambda waits for its default
   * policy, so granting there would make a cycle.
   */
  private grantTokenRedemption(machines: Record<WorkflowName, StateMachine>): void {
    const holders = new Map<WorkflowFunctionName, StateMachine[]>();
    for (const [workflow, definition] of Object.entries(workflowDefinitions) as [WorkflowName, WorkflowDefinition][]) {
      for (const name of tokenHolders(definition)) holders.set(name, [...(holders.get(name) ?? []), machines[workflow]]);
    }
    for (const [name, redeemable] of holders) {
      const fn = this.functions[name]!;
      new Policy(this, `${name}RedeemsTaskTokens`, {
        roles: [fn.role!],
        statements: [new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: redeemable.map((m) => m.stateMachineArn) })],
      });
    }
  }
}

/** The functions a definition's `.waitForTaskToken` tasks invoke, read from the ASL file itself. */
function tokenHolders(definition: WorkflowDefinition): WorkflowFunctionName[] {
  const byPlaceholder = Object.fromEntries(definition.functions.map((name) => [placeholderFor(name), name]));
  const asl: unknown = JSON.parse(substitute(readFileSync(path.join(projectRoot, definition.file), 'utf8'), { ...byPlaceholder, ...definition.values }));
  const found = new Set<WorkflowFunctionName>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const state = node as { Resource?: unknown; Parameters?: { FunctionName?: unknown } };
    const fn = state.Parameters?.FunctionName;
    if (typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken') && typeof fn === 'string' && definition.functions.includes(fn as WorkflowFunctionName)) {
      found.add(fn as WorkflowFunctionName);
    }
    Object.values(node).forEach(visit);
  };
  visit(asl);
  return [...found];
}
