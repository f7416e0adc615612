/**
 * DynamoDB stream -> SNS: each notice written to the outbox is published
 * once.
 *
 * Records of a shard arrive in order and Lambda retries a batch from its
 * first reported failure, so the dispatcher stops at the first record it
 * cannot publish and reports it and every record after it: nothing after a
 * failure is published ahead of it, and nothing before it is reported again.
 * Each notice is claimed and then marked sent on its own item by conditional
 * writes (shared/store/notice-dispatch.ts), so a record delivered twice (a
 * retried batch, a bisected one) is skipped the second time.
 *
 * A malformed item is parked, not reported: it would fail on every retry,
 * hold back every notice after it on the shard and finally be dropped with
 * them. Parking marks the item `parked` with the reason, logs it as an error
 * and counts it in the NoticesParked metric, which raises an alarm.
 */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { PublishCommand, SnsClient } from '#shared/aws/sns';
import { noticeMessage, type NoticeMessage } from '#shared/notices/sns-message';
import { NoticeDispatch, type ItemKey } from '#shared/store/notice-dispatch';
import { fromAttributeMap } from '#shared/store/attribute-values';
import { openTable } from '#shared/store/table';
import { count, followCorrelationId, logger } from '#shared/telemetry';
import { observability } from '../observability.ts';

// SNS_ENDPOINT: a server answering as SNS, for tests (SNS has no local engine).
const sns = new SnsClient({ endpoint: process.env.SNS_ENDPOINT });
let dispatch: NoticeDispatch | undefined;

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observability<DynamoDBStreamEvent, DynamoDBBatchResponse>(() => undefined))
  .handler(async (event) => {
    dispatch ??= new NoticeDispatch(openTable());
    const records = event.Records;
    for (const [index, record] of records.entries()) {
      try {
        await dispatchOne(dispatch, record);
      } catch (error) {
        const failed = records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' }));
        logger.error('notice not published; it and the records after it will be retried', { sequenceNumber: record.dynamodb?.SequenceNumber, error: String(error), retried: failed.length });
        return { batchItemFailures: failed };
      }
    }
    return { batchItemFailures: [] };
  });

async function dispatchOne(dispatch: NoticeDispatch, record: DynamoDBRecord): Promise<void> {
  const key = record.dynamodb?.Keys ? (fromAttributeMap(record.dynamodb.Keys as never) as ItemKey) : undefined;
  if (record.eventName !== 'INSERT' || !key) return;
  let message: NoticeMessage | undefined;
  try {
    message = noticeMessage(fromAttributeMap((record.dynamodb?.NewImage ?? {}) as never));
  } catch (error) {
    await dispatch.park(key, `malformed notice: ${String(error)}`, new Date());
    count('NoticesParked');
    logger.error('notice parked: malformed', { key, sequenceNumber: record.dynamodb?.SequenceNumber, error: String(error) });
    return;
  }
  if (!message) return;
  // Each notice carries the correlation id of the request that caused it.
  followCorrelationId(message.MessageAttributes.correlationId?.StringValue);
  const claim = await dispatch.claim(key, new Date());
  if ('not' in claim) {
    if (claim.not === 'being-published') throw new Error('another invocation holds this notice; it is retried once that claim has run out');
    return;
  }
  const { lease } = claim;
  let messageId: string | undefined;
  try {
    const TopicArn = process.env.NOTICES_TOPIC_ARN;
    if (!TopicArn) throw new Error('NOTICES_TOPIC_ARN is not set');
    messageId = (await sns.send(new PublishCommand({ TopicArn, ...message }))).MessageId;
  } catch (error) {
    await dispatch.release(key, lease);
    throw error;
  }
  // Published: if the mark cannot be written the notice still went out, so this record is not retried; its lease keeps a late duplicate away.
  await dispatch.markSent(key, lease, messageId, new Date()).catch((error: unknown) => logger.error('notice published but not marked sent', { key, messageId, error: String(error) }));
}
