/**
 * The CDK app: data, workflows and API, environment-agnostic so `cdk synth`
 * needs no AWS account. Every stack is checked against the AWS Solutions
 * rules of cdk-nag; synthesis fails on any finding not acknowledged with a
 * reason beside the resource it concerns.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { WorkflowsStack } from './stacks/workflows-stack.ts';
import { SchedulesStack } from './stacks/schedules-stack.ts';
import { NotificationsStack } from './stacks/notifications-stack.ts';
import { OperationsStack } from './stacks/operations-stack.ts';
import { PagesStack } from './stacks/pages-stack.ts';

const app = new App();

const operations = new OperationsStack(app, 'RaaOperations', { description: "Regional Adoption Agency contract: the operators' alarm topic" });
const data = new DataStack(app, 'RaaData', { description: 'Regional Adoption Agency contract: the single DynamoDB table' });
const workflows = new WorkflowsStack(app, 'RaaWorkflows', {
  description: 'Regional Adoption Agency contract: Step Functions workflows and their task functions',
  table: data.table,
  alarms: operations.alarms,
});
const api = new ApiStack(app, 'RaaApi', {
  description: 'Regional Adoption Agency contract: HTTP API, Cognito user pool and route functions',
  table: data.table,
  stateMachines: workflows.stateMachines,
  alarms: operations.alarms,
});
new SchedulesStack(app, 'RaaSchedules', {
  description: 'Regional Adoption Agency contract: daily reminders and reconciliations on EventBridge Scheduler',
  table: data.table,
  stateMachines: workflows.stateMachines,
  alarms: operations.alarms,
});
new NotificationsStack(app, 'RaaNotifications', {
  description: 'Regional Adoption Agency contract: notices from the outbox to SNS',
  table: data.table,
  alarms: operations.alarms,
});

new PagesStack(app, 'RaaPages', {
  description: 'Regional Adoption Agency contract: pages, API and assets behind one CloudFront distribution, Cognito hosted sign-in',
  table: data.table,
  stateMachines: workflows.stateMachines,
  userPool: api.userPool,
  api: api.api,
  alarms: operations.alarms,
  ...(app.node.tryGetContext('hostedSignInPrefix') ? { domainPrefix: String(app.node.tryGetContext('hostedSignInPrefix')) } : {}),
});

// cdk-nag 3 is a policy-validation plugin (it replaced the v2 Aspect and NagSuppressions).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
