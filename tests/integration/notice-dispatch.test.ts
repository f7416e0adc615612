/**
 * The notice dispatcher (DynamoDB stream -> SNS) sends each notice once,
 * whatever fails where.
 *
 * SNS has no local engine, so the SNS client alone is replaced by
 * aws-sdk-client-mock, failing at the position each test chooses. The sent
 * marks are real: conditional writes on DynamoDB Local, on notices written
 * by the real outbox, and the stream records are built from those items as
 * DynamoDB Streams delivers them (NEW_IMAGE).
 */
import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { toAttributeMap } from '../../shared/store/attribute-values.ts';
import { PutCommand, QueryCommand } from '../../shared/store/dynamodb.ts';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { lambdaContext } from '../../infra/local/handlers.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { NoticeDispatch } from '../../shared/store/notice-dispatch.ts';
import { NoticeStore } from '../../shared/store/notice-store.ts';
import { openTable, type Table } from '../../shared/store/table.ts';

const sns = mockClient(SNSClient);
let table: Table;
let dispatch: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
let sequence = 1000;

beforeAll(async () => {
  table = openTable({ tableName: `raa-dispatch-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  process.env.TABLE_NAME = table.name;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoDbEndpoint');
  process.env.NOTICES_TOPIC_ARN = 'arn:aws:sns:eu-west-2:123456789012:notices';
  const { handler } = await import('../../functions/stream/dispatch-notices.ts');
  dispatch = (event) => handler(event, lambdaContext('DispatchNotices')) as Promise<DynamoDBBatchResponse>;
});

beforeEach(() => {
  sns.reset();
});

/** Notices stored by the outbox, and the stream records of their items, in the order they were written. */
async function storedNotices(count: number): Promise<DynamoDBRecord[]> {
  const batch = randomUUID().slice(0, 8);
  const outbox = new NoticeStore(table);
  for (let i = 0; i < count; i++) {
    await outbox.send({ noticeId: `${batch}-${i}`, audience: { role: 'finance-officer', council: `council-${batch}` }, kind: 'test', subject: `Notice ${i}`, body: 'body', createdAt: `2020-07-01T09:00:0${i}.000Z` });
  }
  const items = (await table.doc.send(new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `NOTICE#finance-officer#council-${batch}` } }))).Items ?? [];
  return items.map(streamRecord);
}

function streamRecord(item: Record<string, unknown>): DynamoDBRecord {
  sequence += 1;
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: toAttributeMap({ pk: item.pk, sk: item.sk }) as never, NewImage: toAttributeMap(item) as never, SequenceNumber: String(sequence), StreamViewType: 'NEW_IMAGE' },
  };
}

const event = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
const subjects = (calls = sns.commandCalls(PublishCommand)) => calls.map((c) => (c.args[0].input as PublishCommandInput).Subject);
const sequenceNumbers = (records: DynamoDBRecord[]) => records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! }));

/** SNS refuses the n-th publish (counted from 0) of this invocation onwards, once. */
function snsFailingAt(position: number): void {
  let calls = 0;
  sns.on(PublishCommand).callsFake(() => {
    calls += 1;
    if (calls - 1 === position) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
    return { MessageId: `message-${calls}` };
  });
}

describe('the notice dispatcher', () => {
  it('publishes each new notice once, with its audience as message attributes, and marks it sent', async () => {
    // Prepare
    const records = await storedNotices(3);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    // Act
    const reply = await dispatch(event(records));
    // Assess
    expect(reply.batchItemFailures).toEqual([]);
    expect(subjects()).toEqual(['Notice 0', 'Notice 1', 'Notice 2']);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes).toMatchObject({ role: { DataType: 'String', StringValue: 'finance-officer' } });
    const dispatcher = new NoticeDispatch(table);
    for (const record of records) expect(await dispatcher.state({ pk: record.dynamodb!.Keys!.pk!.S, sk: record.dynamodb!.Keys!.sk!.S })).toBe('sent');
  });

  it('does not publish a notice again when its record is delivered again', async () => {
    const records = await storedNotices(2);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await dispatch(event(records));

    const again = await dispatch(event(records));

    expect(again.batchItemFailures).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it.each([
    ['the first', 0],
    ['a middle', 2],
    ['the last', 4],
  ])('when SNS fails on %s record, reports it and every record after it, publishes nothing after it, and the retry sends each notice exactly once', async (_, position) => {
    // Prepare
    const records = await storedNotices(5);
    snsFailingAt(position);
    // Act
    const reply = await dispatch(event(records));
    // Assess: the failed record and all after it are reported, in order; nothing after the failure went out.
    expect(reply.batchItemFailures).toEqual(sequenceNumbers(records.slice(position)));
    expect(subjects()).toEqual([...records.slice(0, position).map((_, i) => `Notice ${i}`), `Notice ${position}`]);

    // Act: Lambda retries the batch from the first reported record; bisecting may also deliver the earlier ones again.
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-retry' });
    const retry = await dispatch(event(records));
    // Assess: every notice has gone out exactly once over both invocations.
    expect(retry.batchItemFailures).toEqual([]);
    expect(subjects()).toEqual(records.slice(position).map((_, i) => `Notice ${position + i}`));
  });

  it('parks a malformed notice with its reason and publishes the others, failing nothing', async () => {
    // Prepare: a notice item without a subject, between two good ones.
    const [first, last] = await storedNotices(2);
    const malformed = { pk: `NOTICE#finance-officer#broken-${randomUUID().slice(0, 8)}`, sk: '2020-07-01T09:00:00.000Z#broken', itemType: 'Notice', noticeId: 'broken', audience: { role: 'finance-officer' }, kind: 'test', body: 'no subject', createdAt: '2020-07-01T09:00:00.000Z' };
    await table.doc.send(new PutCommand({ TableName: table.name, Item: malformed }));
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    // Act
    const reply = await dispatch(event([first!, streamRecord(malformed), last!]));
    // Assess
    expect(reply.batchItemFailures).toEqual([]);
    expect(subjects()).toEqual(['Notice 0', 'Notice 1']);
    const parked = (await table.doc.send(new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': malformed.pk } }))).Items![0]!;
    expect(parked).toMatchObject({ dispatch: 'parked', parkedBecause: expect.stringContaining('subject') });
  });

  it('reports a notice another invocation is still publishing, rather than dropping or doubling it', async () => {
    const [record] = await storedNotices(1);
    const key = { pk: record!.dynamodb!.Keys!.pk!.S, sk: record!.dynamodb!.Keys!.sk!.S };
    expect('lease' in (await new NoticeDispatch(table).claim(key, new Date()))).toBe(true);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const reply = await dispatch(event([record!]));

    expect(reply.batchItemFailures).toEqual(sequenceNumbers([record!]));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('takes over a claim whose lease has run out (an invocation that died mid-publish)', async () => {
    const [record] = await storedNotices(1);
    const key = { pk: record!.dynamodb!.Keys!.pk!.S, sk: record!.dynamodb!.Keys!.sk!.S };
    await new NoticeDispatch(table).claim(key, new Date(Date.now() - 10 * 60 * 1000));
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const reply = await dispatch(event([record!]));

    expect(reply.batchItemFailures).toEqual([]);
    expect(subjects()).toEqual(['Notice 0']);
  });
});
