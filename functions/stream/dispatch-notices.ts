/**
 * DynamoDB stream -> SNS: every notice written to the outbox is published
 * once. A failed publish throws, so Lambda retries the batch (with
 * ReportBatchItemFailures only the failed records are retried).
 */
import middy from '@middy/core';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { noticeMessage } from '#shared/notices/sns-message';

const sns = new SNSClient({});

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const message = noticeMessage(unmarshall(record.dynamodb.NewImage as never));
    if (!message) continue;
    try {
      await sns.send(new PublishCommand({ TopicArn: process.env.NOTICES_TOPIC_ARN, ...message }));
    } catch {
      failures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures: failures };
});
