/**
 * DynamoDB stream -> SNS subscriptions: when an agreement is created or
 * varied, the notices topic's e-mail subscriptions are made to match what
 * every agreement's `emailAudiences` asks for (shared/notices/
 * email-subscriptions.ts): a new address is subscribed with its filter
 * policy (SNS e-mails it a confirmation link first), a changed audience gets
 * its policy updated, and a confirmed address no agreement lists any more is
 * unsubscribed. Only e-mail subscriptions are touched: a council's own
 * system subscribed by an operator is left alone. Running it twice changes
 * nothing the second time.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SnsClient,
  SubscribeCommand,
  UnsubscribeCommand,
  type Subscription,
} from '#shared/aws/sns';
import { emailSubscriptions, samePolicy } from '#shared/notices/email-subscriptions';
import { logger } from '#shared/telemetry';
import { agencies } from '#shared/store/adapters';
import { portsFor } from '../deps.ts';
import { observability } from '../observability.ts';

// SNS_ENDPOINT: a server answering as SNS, for tests (SNS has no local engine).
const sns = new SnsClient({ endpoint: process.env.SNS_ENDPOINT });

export interface SyncResult {
  subscribed: string[];
  updated: string[];
  unsubscribed: string[];
}

const ports = portsFor({ agencies });

export const handler = middy<DynamoDBStreamEvent, SyncResult>()
  .use(observability<DynamoDBStreamEvent, SyncResult>(() => undefined))
  .handler(async () => {
    const TopicArn = process.env.NOTICES_TOPIC_ARN;
    if (!TopicArn) throw new Error('NOTICES_TOPIC_ARN is not set');
    const runtime = ports();
    const agencies = await Promise.all((await runtime.agencies.list()).map((agency) => runtime.agencies.get(agency)));
    const wanted = emailSubscriptions(agencies);
    const existing = (await subscriptionsOf(TopicArn)).filter((s) => s.Protocol === 'email');
    const result: SyncResult = { subscribed: [], updated: [], unsubscribed: [] };

    for (const { email, filterPolicy } of wanted) {
      const current = existing.find((s) => s.Endpoint?.toLowerCase() === email);
      const confirmed = current?.SubscriptionArn?.startsWith('arn:') ? current.SubscriptionArn : undefined;
      if (!current) {
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: email, Attributes: { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' } }));
        result.subscribed.push(email);
      } else if (confirmed) {
        const attributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed }))).Attributes ?? {};
        if (!samePolicy(JSON.parse(attributes.FilterPolicy ?? 'null'), filterPolicy)) {
          await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: confirmed, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify(filterPolicy) }));
          result.updated.push(email);
        }
      }
      // Still pending confirmation: SNS holds its attributes until the address confirms; nothing to do.
    }
    for (const subscription of existing) {
      const email = subscription.Endpoint?.toLowerCase();
      if (!email || wanted.some((w) => w.email === email) || !subscription.SubscriptionArn?.startsWith('arn:')) continue;
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription.SubscriptionArn }));
      result.unsubscribed.push(email);
    }
    logger.info('e-mail subscriptions synced', { ...result });
    return result;
  });

async function subscriptionsOf(TopicArn: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken }));
    all.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}
