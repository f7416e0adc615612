/**
 * Notices leave the outbox by SNS: the table's stream feeds a dispatcher
 * that publishes each new notice once to an encrypted topic, with its
 * audience as message attributes for subscription filter policies (e-mail to
 * a council's finance team, or a council's own system).
 */
import { Duration, Stack, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { alarmOn, watchDeadLetters, watchFunction } from './alarms.ts';
import { grantTableData } from './data-stack.ts';
import { handlerFunction } from './handler-function.ts';

export interface NotificationsStackProps extends StackProps {
  table: ITable;
  /** The operators' topic (operations-stack.ts): every alarm goes there. */
  alarms: ITopic;
}

export class NotificationsStack extends Stack {
  public readonly topic: Topic;

  constructor(scope: Construct, id: string, props: NotificationsStackProps) {
    super(scope, id, props);
    this.topic = new Topic(this, 'Notices', {
      displayName: 'Regional Adoption Agency contract notices',
      // A key of our own (rotated yearly): notices name councils and sums, and the grant can name this key alone.
      masterKey: new Key(this, 'NoticesKey', { enableKeyRotation: true, description: 'Encrypts RAA contract notices on SNS' }),
      enforceSSL: true,
    });
    const dispatcher = handlerFunction(this, 'DispatchNotices', {
      entry: 'functions/stream/dispatch-notices.ts',
      handler: 'handler',
      environment: { NOTICES_TOPIC_ARN: this.topic.topicArn, TABLE_NAME: props.table.tableName },
      timeout: Duration.seconds(30),
    });
    this.topic.grantPublish(dispatcher);
    // The sent marks (shared/store/notice-dispatch.ts): conditional updates on the notice items, and a read to learn why a claim was refused. Nothing else of the table.
    dispatcher.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [props.table.tableArn] }));
    Validations.of(dispatcher.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "Publishing to an SSE-KMS topic needs kms:GenerateDataKey* on the topic's key; the grant names that one key.",
    });
    const failed = new Queue(this, 'UndeliveredNotices', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(failed).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter destination of the notice dispatcher and the e-mail subscription sync: stream records that could not be handled land here.' });
    dispatcher.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 25,
        retryAttempts: 5,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(failed),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { itemType: { S: FilterRule.isEqual('Notice') } } } })],
      }),
    );
    watchFunction(this, 'DispatchNotices', dispatcher, props.alarms);
    watchDeadLetters(this, 'UndeliveredNotices', failed, props.alarms, 'notices that could not be published, or agreement changes whose e-mail subscriptions could not be synced, after every retry');
    // A malformed notice is parked, not retried (functions/stream/dispatch-notices.ts): the dispatcher counts it in embedded metrics.
    const parked = new Metric({ namespace: 'RaaContract', metricName: 'NoticesParked', dimensionsMap: { service: 'raa-contract' }, period: Duration.minutes(5), statistic: 'Sum' });
    alarmOn(this, 'NoticesParked', parked, props.alarms, 'A notice in the outbox was malformed and parked (its item says why); it was not sent');
    // A stream falling behind means notices going out late (or, past 24 hours, lost with the stream's retention).
    alarmOn(this, 'NoticesIteratorAge', dispatcher.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }), props.alarms, 'The notice dispatcher is more than 5 minutes behind the table stream', 5 * 60 * 1000);

    this.syncEmailSubscriptions(props, failed);
  }

  /**
   * Reminders reach people by e-mail: when an agreement is created or varied,
   * the topic's e-mail subscriptions are made to match every agreement's
   * `emailAudiences`, each filtered to its audiences
   * (functions/stream/sync-email-subscriptions.ts). SNS e-mails each new
   * address a confirmation link; nothing is sent to it before it is confirmed.
   */
  private syncEmailSubscriptions(props: NotificationsStackProps, failed: Queue): void {
    const sync = handlerFunction(this, 'SyncEmailSubscriptions', {
      entry: 'functions/stream/sync-email-subscriptions.ts',
      handler: 'handler',
      environment: { NOTICES_TOPIC_ARN: this.topic.topicArn, TABLE_NAME: props.table.tableName },
      timeout: Duration.minutes(1),
    });
    // The agreements (the agency index is a Query, each agreement a GetItem): read only, never the index.
    grantTableData(props.table, sync, 'read');
    sync.addToRolePolicy(new PolicyStatement({ actions: ['sns:Subscribe', 'sns:ListSubscriptionsByTopic'], resources: [this.topic.topicArn] }));
    // A subscription's ARN is the topic's plus an id SNS makes: the grant names this topic's subscriptions.
    sync.addToRolePolicy(new PolicyStatement({ actions: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'], resources: [`${this.topic.topicArn}:*`] }));
    Validations.of(sync.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.topic.node.defaultChild as CfnElement)}>:*]`,
      reason: 'Subscription ARNs are made by SNS (the topic ARN and an id); the grant is limited to the subscriptions of the notices topic.',
    });
    sync.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        // One sync covers every agreement: a batch of changes needs one run.
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        retryAttempts: 3,
        onFailure: new SqsDlq(failed),
        filters: [FilterCriteria.filter({ eventName: FilterRule.or('INSERT', 'MODIFY'), dynamodb: { NewImage: { itemType: { S: FilterRule.isEqual('Agency') } } } })],
      }),
    );
    watchFunction(this, 'SyncEmailSubscriptions', sync, props.alarms);
  }
}
