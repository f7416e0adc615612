/**
 * The notice dispatcher (DynamoDB stream -> SNS) sends each notice once,
 * whatever fails where.
 *
 * SNS has no local engine (nothing like DynamoDB Local keeps a topic), so
 * SNS is a small HTTP server in this test answering as the SNS API
 * documents (tests/support/sns-answering.ts: XML replies, the 429
 * `Throttled` error), refusing at the position each test chooses. The
 * function's own in-house SNS client reaches it through SNS_ENDPOINT, with
 * the credentials a Lambda role gives in the environment, so signing, form
 * encoding and reading the reply are the real ones (the server checks each
 * signature with the AWS SDK's signer). The sent marks are real:
 * conditional writes on DynamoDB Local, on notices written by the real
 * outbox, and the stream records are built from those items as DynamoDB
 * Streams delivers them (NEW_IMAGE).
 */
import { randomUUID } from 'node:crypto';
import { toAttributeMap } from '../../shared/store/attribute-values.ts';
import { PutCommand, QueryCommand } from '../../shared/store/dynamodb.ts';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { lambdaContext } from '../../infra/local/handlers.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { NoticeDispatch } from '../../shared/store/notice-dispatch.ts';
import { NoticeStore } from '../../shared/store/notice-store.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { snsAnswering, snsError, snsReply, type LocalSns, type SnsAnswer, type SnsRequest } from '../support/sns-answering.ts';

// As Lambda gives a function its role's: a session's keys and token, in the environment.
const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token==' };
let sns: LocalSns;
/** What SNS answers each request with; each test says. */
let answer: (request: SnsRequest) => SnsAnswer;
let table: Table;
let dispatch: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
let sequence = 1000;

beforeAll(async () => {
  process.env.AWS_REGION = 'eu-west-2';
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
  sns = await snsAnswering((request) => answer(request), credentials);
  process.env.SNS_ENDPOINT = sns.endpoint;
  table = openTable({ tableName: `raa-dispatch-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  process.env.TABLE_NAME = table.name;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoDbEndpoint');
  process.env.NOTICES_TOPIC_ARN = 'arn:aws:sns:eu-west-2:123456789012:notices';
  const { handler } = await import('../../functions/stream/dispatch-notices.ts');
  dispatch = (event) => handler(event, lambdaContext('DispatchNotices')) as Promise<DynamoDBBatchResponse>;
});

afterAll(() => sns.close());

beforeEach(() => {
  snsForgets();
});

/** SNS forgets what it was sent, and accepts whatever it is sent next. */
function snsForgets(): void {
  sns.received.length = 0;
  answer = snsAccepting();
}

/** SNS accepts every publish, giving each its message id: `message-1`, `message-2` ... */
function snsAccepting(): (request: SnsRequest) => SnsAnswer {
  let accepted = 0;
  return () => snsReply.publish(`message-${++accepted}`);
}

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
const sequenceNumbers = (records: DynamoDBRecord[]) => records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! }));
/** Every publish SNS was sent, in order: each attempt, refused or not. */
const publishes = () => sns.received.filter((request) => request.action === 'Publish');
const subjects = (requests = publishes()) => requests.map((request) => request.parameters.get('Subject'));

/** A publish's message attributes, put back together from the form (`MessageAttributes.entry.N.Name`, `.Value.DataType`, `.Value.StringValue`). */
function messageAttributes(request: SnsRequest): Record<string, { DataType: string | null; StringValue: string | null }> {
  const attributes: Record<string, { DataType: string | null; StringValue: string | null }> = {};
  for (let n = 1; request.parameters.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    attributes[request.parameters.get(`${prefix}.Name`)!] = { DataType: request.parameters.get(`${prefix}.Value.DataType`), StringValue: request.parameters.get(`${prefix}.Value.StringValue`) };
  }
  return attributes;
}

/**
 * SNS throttles every attempt at the n-th notice (counted from 0) of this
 * invocation, so the client's three attempts all fail on it; the notices
 * before it are accepted.
 */
function snsThrottlingAt(position: number): void {
  let accepted = 0;
  answer = () => (accepted === position ? snsError(429, 'Sender', 'Throttled', 'Rate exceeded') : snsReply.publish(`message-${++accepted}`));
}

describe('the notice dispatcher', () => {
  it('publishes each new notice once, with its audience as message attributes, and marks it sent', async () => {
    // Prepare
    const records = await storedNotices(3);
    // Act
    const reply = await dispatch(event(records));
    // Assess
    expect(reply.batchItemFailures).toEqual([]);
    expect(subjects()).toEqual(['Notice 0', 'Notice 1', 'Notice 2']);
    expect(publishes().map((request) => request.parameters.get('TopicArn'))).toEqual(Array(3).fill('arn:aws:sns:eu-west-2:123456789012:notices'));
    expect(messageAttributes(publishes()[0]!)).toMatchObject({ role: { DataType: 'String', StringValue: 'finance-officer' } });
    const dispatcher = new NoticeDispatch(table);
    for (const record of records) expect(await dispatcher.state({ pk: record.dynamodb!.Keys!.pk!.S, sk: record.dynamodb!.Keys!.sk!.S })).toBe('sent');
    // Each marked with the message id SNS gave it, read from SNS's reply.
    const marked = (await table.doc.send(new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': records[0]!.dynamodb!.Keys!.pk!.S } }))).Items ?? [];
    expect(marked.map((item) => item.snsMessageId)).toEqual(['message-1', 'message-2', 'message-3']);
  });

  it('does not publish a notice again when its record is delivered again', async () => {
    const records = await storedNotices(2);
    await dispatch(event(records));

    const again = await dispatch(event(records));

    expect(again.batchItemFailures).toEqual([]);
    expect(publishes()).toHaveLength(2);
  });

  it.each([
    ['the first', 0],
    ['a middle', 2],
    ['the last', 4],
  ])('when SNS fails on %s record, reports it and every record after it, publishes nothing after it, and the retry sends each notice exactly once', async (_, position) => {
    // Prepare
    const records = await storedNotices(5);
    snsThrottlingAt(position);
    // Act
    const reply = await dispatch(event(records));
    // Assess: the failed record and all after it are reported, in order; nothing after the failure went out (the failed one was tried three times, as the client retries throttling).
    expect(reply.batchItemFailures).toEqual(sequenceNumbers(records.slice(position)));
    expect(subjects()).toEqual([...records.slice(0, position).map((_, i) => `Notice ${i}`), ...Array(3).fill(`Notice ${position}`)]);

    // Act: Lambda retries the batch from the first reported record; bisecting may also deliver the earlier ones again.
    snsForgets();
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

    const reply = await dispatch(event([record!]));

    expect(reply.batchItemFailures).toEqual(sequenceNumbers([record!]));
    expect(publishes()).toHaveLength(0);
  });

  it('takes over a claim whose lease has run out (an invocation that died mid-publish)', async () => {
    const [record] = await storedNotices(1);
    const key = { pk: record!.dynamodb!.Keys!.pk!.S, sk: record!.dynamodb!.Keys!.sk!.S };
    await new NoticeDispatch(table).claim(key, new Date(Date.now() - 10 * 60 * 1000));

    const reply = await dispatch(event([record!]));

    expect(reply.batchItemFailures).toEqual([]);
    expect(subjects()).toEqual(['Notice 0']);
  });
});
