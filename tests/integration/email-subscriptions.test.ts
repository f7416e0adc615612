/**
 * Reminders reach people by e-mail in AWS: the notices topic's e-mail
 * subscriptions are kept to what the agreements' `emailAudiences` ask for,
 * each filtered to its audiences.
 *
 * SNS has no local engine, so the SNS client alone is replaced by
 * aws-sdk-client-mock, answering as the SNS API documents (a subscription
 * awaiting its confirmation is listed as "PendingConfirmation"). The
 * agreements are real, on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { lambdaContext } from '../../infra/local/handlers.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { emailSubscriptions } from '../../shared/notices/email-subscriptions.ts';
import { systemClock } from '../../shared/ports.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { openTable } from '../../shared/store/table.ts';
import type { SyncResult } from '../../functions/stream/sync-email-subscriptions.ts';

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:notices';
const sns = mockClient(SNSClient);
let sync: () => Promise<SyncResult>;

const noWorkflows = { start: async () => ({ name: '', status: 'started' as const }), sendTaskSuccess: async () => false, sendTaskFailure: async () => false };

beforeAll(async () => {
  const table = openTable({ tableName: `raa-email-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  const deps = dynamoDbDeps(table, systemClock, noWorkflows);
  await deps.agencies.createIfAbsent({
    ...adoptionAtHeart,
    emailAudiences: [
      { role: 'raa-manager', email: 'raa.manager@wolverhampton.example' },
      { role: 'finance-officer', council: 'dudley', email: 'Finance@Dudley.example' },
      { role: 'scb-member', council: 'dudley', email: 'finance@dudley.example' },
      { role: 'finance-officer', council: 'walsall', email: 'finance@walsall.example' },
    ],
  });
  process.env.TABLE_NAME = table.name;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoDbEndpoint');
  process.env.NOTICES_TOPIC_ARN = TOPIC;
  const { handler } = await import('../../functions/stream/sync-email-subscriptions.ts');
  const agencyChanged: DynamoDBStreamEvent = { Records: [{ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'AGENCY#adoption-at-heart' }, sk: { S: 'AGREEMENT' } } } }] };
  sync = () => handler(agencyChanged, lambdaContext('SyncEmailSubscriptions')) as Promise<SyncResult>;
});

describe("the agreement's e-mail audiences", () => {
  it('become one subscription per address, filtered to its audiences on the agency, role and council of each notice', () => {
    expect(emailSubscriptions([{ ...adoptionAtHeart, emailAudiences: [{ role: 'finance-officer', council: 'dudley', email: 'F@Dudley.example' }, { role: 'scb-member', council: 'dudley', email: 'f@dudley.example' }, { role: 'raa-manager', email: 'm@w.example' }] }])).toEqual([
      { email: 'f@dudley.example', filterPolicy: { $or: [{ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['dudley'] }, { agency: ['adoption-at-heart'], role: ['scb-member'], council: ['dudley'] }] } },
      { email: 'm@w.example', filterPolicy: { agency: ['adoption-at-heart'], role: ['raa-manager'] } },
    ]);
  });

  it('are subscribed when new, updated when their audiences changed, unsubscribed when no agreement lists them, and nothing else is touched', async () => {
    // Prepare: the topic as it stands.
    sns.reset();
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { Protocol: 'email', Endpoint: 'finance@walsall.example', SubscriptionArn: `${TOPIC}:walsall` },
        { Protocol: 'email', Endpoint: 'raa.manager@wolverhampton.example', SubscriptionArn: 'PendingConfirmation' },
        { Protocol: 'email', Endpoint: 'someone.who.left@sandwell.example', SubscriptionArn: `${TOPIC}:left` },
        { Protocol: 'https', Endpoint: 'https://case-system.dudley.example/notices', SubscriptionArn: `${TOPIC}:dudley-system` },
      ],
    });
    sns.on(GetSubscriptionAttributesCommand, { SubscriptionArn: `${TOPIC}:walsall` }).resolves({ Attributes: { FilterPolicy: JSON.stringify({ role: ['scb-member'], council: ['walsall'] }) } });
    // Act
    const result = await sync();
    // Assess
    expect(result).toEqual({ subscribed: ['finance@dudley.example'], updated: ['finance@walsall.example'], unsubscribed: ['someone.who.left@sandwell.example'] });
    expect(sns.commandCalls(SubscribeCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Protocol: 'email',
        Endpoint: 'finance@dudley.example',
        Attributes: { FilterPolicy: JSON.stringify({ $or: [{ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['dudley'] }, { agency: ['adoption-at-heart'], role: ['scb-member'], council: ['dudley'] }] }), FilterPolicyScope: 'MessageAttributes' },
      },
    ]);
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]!.args[0].input).toEqual({ SubscriptionArn: `${TOPIC}:walsall`, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['walsall'] }) });
    expect(sns.commandCalls(UnsubscribeCommand).map((c) => c.args[0].input.SubscriptionArn)).toEqual([`${TOPIC}:left`]);
  });

  it('never reach an address of another agency: the same role elsewhere is filtered out by the agency', () => {
    const other = { ...adoptionAtHeart, agency: 'north-riding-adoption', emailAudiences: [{ role: 'raa-manager' as const, email: 'manager@north-riding.example' }] };
    const subscriptions = emailSubscriptions([{ ...adoptionAtHeart, emailAudiences: [{ role: 'raa-manager', email: 'm@w.example' }] }, other]);
    expect(subscriptions.map((s) => [s.email, s.filterPolicy])).toEqual([
      ['m@w.example', { agency: ['adoption-at-heart'], role: ['raa-manager'] }],
      ['manager@north-riding.example', { agency: ['north-riding-adoption'], role: ['raa-manager'] }],
    ]);
  });

  it('change nothing when the topic already matches them', async () => {
    sns.reset();
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { Protocol: 'email', Endpoint: 'finance@dudley.example', SubscriptionArn: `${TOPIC}:dudley` },
        { Protocol: 'email', Endpoint: 'finance@walsall.example', SubscriptionArn: `${TOPIC}:walsall` },
        { Protocol: 'email', Endpoint: 'raa.manager@wolverhampton.example', SubscriptionArn: `${TOPIC}:manager` },
      ],
    });
    sns.on(GetSubscriptionAttributesCommand, { SubscriptionArn: `${TOPIC}:dudley` }).resolves({ Attributes: { FilterPolicy: JSON.stringify({ $or: [{ council: ['dudley'], agency: ['adoption-at-heart'], role: ['finance-officer'] }, { council: ['dudley'], role: ['scb-member'], agency: ['adoption-at-heart'] }] }) } });
    sns.on(GetSubscriptionAttributesCommand, { SubscriptionArn: `${TOPIC}:walsall` }).resolves({ Attributes: { FilterPolicy: JSON.stringify({ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['walsall'] }) } });
    sns.on(GetSubscriptionAttributesCommand, { SubscriptionArn: `${TOPIC}:manager` }).resolves({ Attributes: { FilterPolicy: JSON.stringify({ role: ['raa-manager'], agency: ['adoption-at-heart'] }) } });

    expect(await sync()).toEqual({ subscribed: [], updated: [], unsubscribed: [] });
  });
});
