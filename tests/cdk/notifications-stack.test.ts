/** The notifications stack as CloudFormation: the outbox's new notices go to an encrypted SNS topic, once, with a dead-letter queue. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { NotificationsStack } from '../../infra/stacks/notifications-stack.ts';
import { appLikeCdkJson } from './app-context.ts';

let stack: NotificationsStack;
let template: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  const { alarms } = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  // Act
  stack = new NotificationsStack(app, 'RaaNotifications', { table: data.table, alarms });
  template = Template.fromStack(stack);
});

describe('the notifications stack', () => {
  it('publishes to one topic, encrypted with a rotated key of its own, over TLS only', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it("reads the table's stream for new notices only, retrying failed records and keeping what never went out", () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { itemType: { S: ['Notice'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Environment: { Variables: Match.objectLike({ NOTICES_TOPIC_ARN: Match.anyValue() }) } });
  });

  /** The table actions (not the stream's) of a function's role. */
  function tableActionsOf(fn: string): { actions: string[]; resources: string } {
    const role = stack.getLogicalId((stack.node.findChild(fn) as any).role.node.defaultChild);
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } })).flatMap((p: any) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => /^dynamodb:(GetItem|Query|PutItem|UpdateItem|DeleteItem|BatchWriteItem|Scan|ConditionCheckItem|BatchGetItem)$/.test(a)));
    return { actions: dynamo.flatMap((s) => [s.Action].flat()).sort(), resources: JSON.stringify(dynamo.map((s) => s.Resource)) };
  }

  it('lets the dispatcher mark notices sent on the table (GetItem, UpdateItem), and do nothing else to it', () => {
    const { actions, resources } = tableActionsOf('DispatchNotices');
    expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(resources).not.toContain('index');
  });

  it("keeps the topic's e-mail subscriptions to the agreements' e-mail audiences: run on each new or varied agreement, reading the table only", () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { itemType: { S: ['Agency'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const { actions, resources } = tableActionsOf('SyncEmailSubscriptions');
    expect(actions).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(resources).not.toContain('index');
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const subscribing = statements.filter((s) => [s.Action].flat().some((a) => /^sns:(Subscribe|Unsubscribe|SetSubscriptionAttributes)$/.test(a)));
    expect(subscribing.flatMap((s) => [s.Action].flat()).sort()).toEqual(['sns:GetSubscriptionAttributes', 'sns:ListSubscriptionsByTopic', 'sns:SetSubscriptionAttributes', 'sns:Subscribe', 'sns:Unsubscribe']);
    for (const statement of subscribing) expect(JSON.stringify(statement.Resource)).toContain(stack.getLogicalId(stack.topic.node.defaultChild as any));
  });

  it("alarms the operators on the dispatcher's errors and throttles, on anything in the dead-letter queue, and on the stream falling 5 minutes behind", () => {
    for (const metric of ['Errors', 'Throttles', 'ApproximateNumberOfMessagesVisible']) template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric, Threshold: 1, AlarmActions: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: 300_000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'RaaContract', MetricName: 'NoticesParked', Threshold: 1 });
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
