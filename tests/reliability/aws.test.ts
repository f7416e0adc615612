/**
 * The failure paths that only AWS runs, asserted on the synthesized
 * templates of the whole app (issue 11, "In AWS", items 1-9). Each stack's
 * own test (tests/cdk/) says more; this is the suite's one place that reads
 * them all together, the way an operator reviewing the deployment would.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteSpec } from '../../functions/api/routes.ts';
import { ApiStack } from '../../infra/stacks/api-stack.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { NotificationsStack } from '../../infra/stacks/notifications-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { SchedulesStack } from '../../infra/stacks/schedules-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { workflowsIssuingTaskTokens } from '../../infra/workflows/catalog.ts';
import { WORKFLOWS } from '../../shared/ports.ts';
import { appLikeCdkJson } from '../cdk/app-context.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let stacks: Stack[];
let templates: Map<Stack, Template>;
let workflows: WorkflowsStack;
let api: ApiStack;
let notifications: NotificationsStack;
let assemblyDir: string;

beforeAll(() => {
  // Prepare: the app as infra/app.ts makes it (bundling skipped: the templates are what is asserted).
  const app = appLikeCdkJson([]);
  const operations = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  workflows = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table, alarms: operations.alarms });
  api = new ApiStack(app, 'RaaApi', { table: data.table, stateMachines: workflows.stateMachines, alarms: operations.alarms });
  const schedules = new SchedulesStack(app, 'RaaSchedules', { table: data.table, stateMachines: workflows.stateMachines, alarms: operations.alarms });
  notifications = new NotificationsStack(app, 'RaaNotifications', { table: data.table, alarms: operations.alarms });
  stacks = [operations, data, workflows, api, schedules, notifications];
  // Act
  templates = new Map(stacks.map((stack) => [stack, Template.fromStack(stack)]));
  assemblyDir = app.synth().directory;
});

function resources(type: string, only?: Stack): Resource[] {
  return [...templates.entries()].filter(([stack]) => !only || stack === only).flatMap(([, t]) => Object.values(t.findResources(type)) as Resource[]);
}
function statements(only?: Stack): Statement[] {
  return resources('AWS::IAM::Policy', only).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actions = (s: Statement) => [s.Action].flat();
const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('in AWS', () => {
  it('1. sends each notice once: the dispatcher reports failed records, is retried with bisection, keeps what never went out, and marks notices sent on the table', () => {
    const mapping = resources('AWS::Lambda::EventSourceMapping', notifications).find((m) => JSON.stringify(m.Properties.FilterCriteria).includes('Notice'))!;
    expect(mapping.Properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, DestinationConfig: { OnFailure: { Destination: expect.anything() } } });
    expect(statements(notifications).flatMap(actions)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'sns:Publish']));
  });

  it('2. retries every task on the Lambda.* errors and catches every other error on a failure path, in every state machine as deployed', () => {
    for (const workflow of WORKFLOWS) {
      const machine = templates.get(workflows)!.toJSON().Resources[logicalId(workflows, workflows.stateMachines[workflow])] as Resource;
      const asl = JSON.parse(readFileSync(path.join(assemblyDir, `asset.${machine.Properties.DefinitionS3Location.Key}`), 'utf8').replace(/\$\{[A-Za-z0-9]+\}/g, '0')) as { States: Record<string, any> };
      for (const [name, state] of Object.entries(asl.States).filter(([, s]) => s.Type === 'Task')) {
        expect(state.Retry.some((r: { ErrorEquals: string[] }) => r.ErrorEquals.includes('Lambda.TooManyRequestsException')), `${workflow} ${name}`).toBe(true);
        expect(state.Catch.at(-1).ErrorEquals, `${workflow} ${name}`).toEqual(['States.ALL']);
      }
      expect(asl.States.WorkflowFailed?.Type, workflow).toBe('Fail');
    }
  });

  it('3. lets whatever starts a workflow read its earlier runs of that machine (a re-run after a failure), and nothing more', () => {
    const described = statements().filter((s) => actions(s).includes('states:DescribeExecution'));
    expect(described.length).toBeGreaterThan(0);
    for (const statement of described) for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).toMatch(/:execution:RaaWorkflows-[A-Za-z]+:\*/);
  });

  it('5. alarms the operators on every function, state machine, dead-letter queue, API 5xx and the stream, and names no log group', () => {
    const alarms = resources('AWS::CloudWatch::Alarm');
    const functions = resources('AWS::Lambda::Function');
    const metric = (name: string) => alarms.filter((a) => a.Properties.MetricName === name).length;
    expect(metric('Errors')).toBe(functions.length);
    expect(metric('Throttles')).toBe(functions.length);
    expect(metric('ExecutionsFailed')).toBe(WORKFLOWS.length);
    expect(metric('ExecutionsTimedOut')).toBe(WORKFLOWS.length);
    expect(metric('ApproximateNumberOfMessagesVisible')).toBe(resources('AWS::SQS::Queue').length);
    expect(metric('5xx')).toBe(1);
    expect(metric('IteratorAge')).toBe(1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    expect(resources('AWS::Logs::LogGroup').filter((g) => g.Properties.LogGroupName !== undefined)).toEqual([]);
    for (const schedule of resources('AWS::Scheduler::Schedule')) expect(schedule.Properties.Target).toMatchObject({ RetryPolicy: expect.anything(), DeadLetterConfig: expect.anything() });
    expect(resources('AWS::Lambda::EventInvokeConfig')).toHaveLength(resources('AWS::Scheduler::Schedule').length);
  });

  it('6. traces every function in X-Ray (Lambda active tracing) and logs it as JSON (the Logger)', () => {
    for (const fn of resources('AWS::Lambda::Function')) expect(fn.Properties).toMatchObject({ TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } });
  });

  it('7. grants no delete, batch write or scan anywhere; the index only to GET routes; token redemption only on the machines that issue tokens', () => {
    expect(statements().flatMap(actions).filter((a) => /^dynamodb:(DeleteItem|BatchWriteItem|Scan|\*)$/.test(a))).toEqual([]);
    const redeeming = statements(api).filter((s) => actions(s).includes('states:SendTaskSuccess'));
    expect(redeeming).toHaveLength((Object.values(routes) as RouteSpec[]).filter((r) => r.redeemsTaskTokens && !r.path.startsWith('/local')).length);
    for (const statement of redeeming) expect([statement.Resource].flat()).toHaveLength(workflowsIssuingTaskTokens().length);
    expect(workflowsIssuingTaskTokens()).not.toContain('reconciliation');
  });

  it("8. keeps the topic's e-mail subscriptions to the agreements' e-mail audiences", () => {
    expect(resources('AWS::Lambda::EventSourceMapping', notifications).some((m) => JSON.stringify(m.Properties.FilterCriteria).includes('Agency'))).toBe(true);
    expect(statements(notifications).flatMap(actions)).toEqual(expect.arrayContaining(['sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes']));
  });

  it('9. requires an authenticator (MFA) of every user, so of admins and RAA managers, on the Essentials plan', () => {
    expect(resources('AWS::Cognito::UserPool', api)[0]!.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'], UserPoolTier: 'ESSENTIALS' });
  });

  it("passes cdk-nag's AwsSolutions rules in every stack, nothing left unacknowledged", () => {
    const violations = stacks.flatMap((stack) => new AwsSolutionsChecks().validateScope(stack).violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`));
    expect(violations).toEqual([]);
  });
});
