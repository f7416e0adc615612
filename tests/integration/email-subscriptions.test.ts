/**
 * Reminders reach people by e-mail in AWS: the notices topic's e-mail
 * subscriptions are kept to what the agreements' `emailAudiences` ask for,
 * each filtered to its audiences.
 *
 * SNS has no local engine (nothing like DynamoDB Local keeps a topic's
 * subscriptions), so SNS is a small HTTP server in this test answering as
 * the SNS API documents (tests/support/sns-answering.ts: XML replies, the
 * subscriptions listed a page at a time with a NextToken, one awaiting its
 * confirmation listed as "PendingConfirmation"). The function's own
 * in-house SNS client reaches it through SNS_ENDPOINT, with the credentials
 * a Lambda role gives in the environment, so signing, form encoding and
 * reading the replies are the real ones (the server checks each signature
 * with the AWS SDK's signer). The agreements are real, on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { lambdaContext } from '../../infra/local/handlers.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { emailSubscriptions } from '../../shared/notices/email-subscriptions.ts';
import { systemClock } from '../../shared/ports.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { openTable } from '../../shared/store/table.ts';
import type { SyncResult } from '../../functions/stream/sync-email-subscriptions.ts';
import { snsAnswering, snsError, snsReply, type LocalSns, type SnsRequest, type SnsSubscription } from '../support/sns-answering.ts';

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:notices';
// As Lambda gives a function its role's: a session's keys and token, in the environment.
const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token==' };
let sns: LocalSns;
let sync: () => Promise<SyncResult>;

/** The topic as SNS holds it: its subscriptions, and the filter policy of each confirmed one by its ARN. */
let topic: { subscriptions: SnsSubscription[]; filterPolicies: Record<string, unknown> };

/**
 * SNS's answers, from `topic`: the subscriptions two to a page (the second
 * page asked for with the first's NextToken), each confirmed subscription's
 * attributes, and done for a subscribe, a new filter policy or an
 * unsubscribe (what was asked is in `sns.received`).
 */
function answer(request: SnsRequest) {
  const page = Number(request.parameters.get('NextToken') ?? 0);
  switch (request.action) {
    case 'ListSubscriptionsByTopic':
      return snsReply.listSubscriptionsByTopic(topic.subscriptions.slice(page, page + 2), page + 2 < topic.subscriptions.length ? String(page + 2) : undefined);
    case 'GetSubscriptionAttributes': {
      const arn = request.parameters.get('SubscriptionArn')!;
      if (!(arn in topic.filterPolicies)) return snsError(404, 'Sender', 'NotFound', 'Subscription does not exist');
      return snsReply.getSubscriptionAttributes({ Owner: '123456789012', SubscriptionArn: arn, TopicArn: TOPIC, PendingConfirmation: 'false', FilterPolicy: JSON.stringify(topic.filterPolicies[arn]), FilterPolicyScope: 'MessageAttributes' });
    }
    case 'Subscribe':
      return snsReply.subscribe('pending confirmation');
    default:
      return snsReply.done(request.action);
  }
}
/** What the function asked SNS to do of one action, as the form parameters it sent (without Action and Version). */
const asked = (action: string) =>
  sns.received.filter((request) => request.action === action).map((request) => Object.fromEntries([...request.parameters].filter(([name]) => name !== 'Action' && name !== 'Version')));

const noWorkflows = { start: async () => ({ name: '', status: 'started' as const }), sendTaskSuccess: async () => false, sendTaskFailure: async () => false };

beforeAll(async () => {
  process.env.AWS_REGION = 'eu-west-2';
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
  sns = await snsAnswering(answer, credentials);
  process.env.SNS_ENDPOINT = sns.endpoint;
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

afterAll(() => sns.close());

beforeEach(() => {
  sns.received.length = 0;
});

describe("the agreement's e-mail audiences", () => {
  it('become one subscription per address, filtered to its audiences on the agency, role and council of each notice', () => {
    expect(emailSubscriptions([{ ...adoptionAtHeart, emailAudiences: [{ role: 'finance-officer', council: 'dudley', email: 'F@Dudley.example' }, { role: 'scb-member', council: 'dudley', email: 'f@dudley.example' }, { role: 'raa-manager', email: 'm@w.example' }] }])).toEqual([
      { email: 'f@dudley.example', filterPolicy: { $or: [{ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['dudley'] }, { agency: ['adoption-at-heart'], role: ['scb-member'], council: ['dudley'] }] } },
      { email: 'm@w.example', filterPolicy: { agency: ['adoption-at-heart'], role: ['raa-manager'] } },
    ]);
  });

  it('are subscribed when new, updated when their audiences changed, unsubscribed when no agreement lists them, and nothing else is touched', async () => {
    // Prepare: the topic as it stands, listed over two pages.
    topic = {
      subscriptions: [
        { Protocol: 'email', Endpoint: 'finance@walsall.example', SubscriptionArn: `${TOPIC}:walsall`, TopicArn: TOPIC },
        { Protocol: 'email', Endpoint: 'raa.manager@wolverhampton.example', SubscriptionArn: 'PendingConfirmation', TopicArn: TOPIC },
        { Protocol: 'email', Endpoint: 'someone.who.left@sandwell.example', SubscriptionArn: `${TOPIC}:left`, TopicArn: TOPIC },
        { Protocol: 'https', Endpoint: 'https://case-system.dudley.example/notices', SubscriptionArn: `${TOPIC}:dudley-system`, TopicArn: TOPIC },
      ],
      filterPolicies: { [`${TOPIC}:walsall`]: { role: ['scb-member'], council: ['walsall'] } },
    };
    // Act
    const result = await sync();
    // Assess
    expect(result).toEqual({ subscribed: ['finance@dudley.example'], updated: ['finance@walsall.example'], unsubscribed: ['someone.who.left@sandwell.example'] });
    expect(asked('ListSubscriptionsByTopic')).toEqual([{ TopicArn: TOPIC }, { TopicArn: TOPIC, NextToken: '2' }]);
    expect(asked('Subscribe')).toEqual([
      {
        TopicArn: TOPIC,
        Protocol: 'email',
        Endpoint: 'finance@dudley.example',
        'Attributes.entry.1.key': 'FilterPolicy',
        'Attributes.entry.1.value': JSON.stringify({ $or: [{ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['dudley'] }, { agency: ['adoption-at-heart'], role: ['scb-member'], council: ['dudley'] }] }),
        'Attributes.entry.2.key': 'FilterPolicyScope',
        'Attributes.entry.2.value': 'MessageAttributes',
      },
    ]);
    expect(asked('SetSubscriptionAttributes')[0]).toEqual({ SubscriptionArn: `${TOPIC}:walsall`, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['walsall'] }) });
    expect(asked('Unsubscribe').map((input) => input.SubscriptionArn)).toEqual([`${TOPIC}:left`]);
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
    topic = {
      subscriptions: [
        { Protocol: 'email', Endpoint: 'finance@dudley.example', SubscriptionArn: `${TOPIC}:dudley`, TopicArn: TOPIC },
        { Protocol: 'email', Endpoint: 'finance@walsall.example', SubscriptionArn: `${TOPIC}:walsall`, TopicArn: TOPIC },
        { Protocol: 'email', Endpoint: 'raa.manager@wolverhampton.example', SubscriptionArn: `${TOPIC}:manager`, TopicArn: TOPIC },
      ],
      filterPolicies: {
        [`${TOPIC}:dudley`]: { $or: [{ council: ['dudley'], agency: ['adoption-at-heart'], role: ['finance-officer'] }, { council: ['dudley'], role: ['scb-member'], agency: ['adoption-at-heart'] }] },
        [`${TOPIC}:walsall`]: { agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['walsall'] },
        [`${TOPIC}:manager`]: { role: ['raa-manager'], agency: ['adoption-at-heart'] },
      },
    };

    expect(await sync()).toEqual({ subscribed: [], updated: [], unsubscribed: [] });
  });
});
