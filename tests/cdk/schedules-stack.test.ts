/** The schedules stack as CloudFormation: each job of the catalog on EventBridge Scheduler, daily, in UK time. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { SchedulesStack } from '../../infra/stacks/schedules-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { scheduledJobs } from '../../infra/schedules/catalog.ts';
import { appLikeCdkJson } from './app-context.ts';

let stack: SchedulesStack;
let template: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  const { alarms } = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  const workflows = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table, alarms });
  // Act
  stack = new SchedulesStack(app, 'RaaSchedules', { table: data.table, stateMachines: workflows.stateMachines, alarms });
  template = Template.fromStack(stack);
});

describe('the schedules stack', () => {
  it('runs every scheduled job daily, in Europe/London time', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', scheduledJobs.length);
    for (const job of scheduledJobs) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: job.expression, ScheduleExpressionTimezone: 'Europe/London', State: 'ENABLED' });
    }
  });

  it('runs each job on Node.js 24 (arm64), retried if an invocation fails', () => {
    template.resourceCountIs('AWS::Lambda::Function', scheduledJobs.length);
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    template.allResourcesProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 } }) });
  });

  it('lets only the reconciliation job start a workflow, and only the reconciliation one', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies.match(/states:StartExecution/g)).toHaveLength(1);
    expect(policies).toMatch(/ReconciliationStateMachine|Reconciliation[A-F0-9]{8}/);
  });

  it('keeps what never ran: each schedule has a retry policy and a dead-letter queue, each function an on-failure destination, and the queue an alarm', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(1);
    template.allResourcesProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RetryPolicy: Match.anyValue(), DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queues[0], 'Arn'] } } }) });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', scheduledJobs.length);
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queues[0], 'Arn'] } } } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queues[0], 'QueueName'] } }] });
  });

  it("alarms the operators on each job's errors and throttles", () => {
    for (const metric of ['Errors', 'Throttles']) expect(Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metric } }))).toHaveLength(scheduledJobs.length);
  });

  it('lets the reconciliation job read only the reconciliation executions (to run a failed period again), and write no delete', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const described = statements.filter((s) => [s.Action].flat().includes('states:DescribeExecution'));
    expect(described).toHaveLength(1);
    expect(JSON.stringify(described[0]!.Resource)).toContain(':execution:RaaWorkflows-Reconciliation:*');
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => /dynamodb:(DeleteItem|BatchWriteItem|Scan)/.test(a))).toEqual([]);
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
