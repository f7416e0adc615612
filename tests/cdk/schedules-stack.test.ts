/** The schedules stack as CloudFormation: each job of the catalog on EventBridge Scheduler, daily, in UK time. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { SchedulesStack } from '../../infra/stacks/schedules-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { scheduledJobs } from '../../infra/schedules/catalog.ts';
import { appLikeCdkJson } from './app-context.ts';

let stack: SchedulesStack;
let template: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson(['RaaSchedules']);
  const data = new DataStack(app, 'RaaData');
  const workflows = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table });
  // Act
  stack = new SchedulesStack(app, 'RaaSchedules', { table: data.table, stateMachines: workflows.stateMachines });
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

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
