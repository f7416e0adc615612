/**
 * The in-house AWS client (shared/aws, shared/store/dynamodb.ts): what it
 * signs, what it converts, what it retries.
 *
 * Every store test and API test already runs it against DynamoDB Local (a
 * failed condition, a cancelled transaction, unprocessed keys). What
 * DynamoDB Local cannot be made to do (throttle, answer 500, drop a
 * connection, check a signature) is tested here: the signature against the
 * AWS SDK's own signer, and the failures against a small HTTP server that
 * answers as the DynamoDB API documents.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../shared/aws/aws-endpoint.ts';
import { signRequest } from '../../shared/aws/signature-v4.ts';
import { fromAttributeMap, toAttributeMap } from '../../shared/store/attribute-values.ts';
import { DocumentClient, GetCommand, QueryCommand, TransactWriteCommand, cancellationReasons } from '../../shared/store/dynamodb.ts';
import { Sha256 } from '../support/sdk-sha256.ts';

describe('Signature Version 4', () => {
  const body = JSON.stringify({ TableName: 'raa', Key: { pk: { S: 'AGENCY#adoption-at-heart' }, sk: { S: 'AGENCY' } }, ConsistentRead: true });
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
  const at = new Date('2026-11-23T09:15:07.123Z');

  it.each([
    ['long-term keys', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: undefined }],
    ['a Lambda role session', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token==' }],
  ])('signs a DynamoDB request exactly as the AWS SDK does, with %s', async (_, credentials) => {
    // applyChecksum: false, since the payload's hash need not travel as a header of its own (x-amz-content-sha256) outside S3; it is signed either way.
    // Act
    const ours = signRequest({ host: 'dynamodb.eu-west-2.amazonaws.com', headers, body }, credentials, 'eu-west-2', 'dynamodb', at);
    const sdk = await new SignatureV4({ credentials, region: 'eu-west-2', service: 'dynamodb', sha256: Sha256, applyChecksum: false }).sign(
      { method: 'POST', protocol: 'https:', hostname: 'dynamodb.eu-west-2.amazonaws.com', path: '/', headers: { ...headers, host: 'dynamodb.eu-west-2.amazonaws.com' }, body },
      { signingDate: at },
    );

    // Assert
    expect(ours.authorization).toBe(sdk.headers.authorization);
    expect(ours['x-amz-date']).toBe('20261123T091507Z');
    expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
  });

  it('gives another signature for another body', () => {
    // Arrange
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

    // Act
    const one = signRequest({ host: 'h', headers, body }, credentials, 'eu-west-2', 'dynamodb', at);
    const other = signRequest({ host: 'h', headers, body: body.replace('adoption-at-heart', 'another-agency') }, credentials, 'eu-west-2', 'dynamodb', at);

    // Assert
    expect(one.authorization).not.toBe(other.authorization);
  });
});

describe('attribute values', () => {
  it('converts an item both ways as lib-dynamodb does, leaving out what is undefined', () => {
    // Arrange
    const item = { pk: 'A', n: 12.5, big: 9_007_199_254_740_991, flag: false, none: null, list: [1, 'two', { three: 3 }], map: { nested: { deep: ['x'] } }, tags: new Set(['a', 'b']), counts: new Set([1, 2]), gone: undefined };

    // Act
    const wire = toAttributeMap(item);

    // Assert
    expect(wire).toEqual({
      pk: { S: 'A' },
      n: { N: '12.5' },
      big: { N: '9007199254740991' },
      flag: { BOOL: false },
      none: { NULL: true },
      list: { L: [{ N: '1' }, { S: 'two' }, { M: { three: { N: '3' } } }] },
      map: { M: { nested: { M: { deep: { L: [{ S: 'x' }] } } } } },
      tags: { SS: ['a', 'b'] },
      counts: { NS: ['1', '2'] },
    });
    const { gone: _, ...stored } = item;
    expect(fromAttributeMap(wire)).toEqual(stored);
  });

  it.each([
    ['a number that is not finite', { amountPence: Number.NaN }, 'item.amountPence is NaN'],
    ['a class instance', { at: new Date(0) }, 'item.at is a Date'],
    ['an empty set', { tags: new Set() }, 'item.tags is an empty set'],
  ])('refuses %s, naming the attribute', (_, item, message) => {
    expect(() => toAttributeMap(item)).toThrow(message);
  });
});

describe('failures DynamoDB Local cannot be made to give', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** A server answering each request with the next of `replies`, recording what it was sent. */
  async function dynamoDbAnswering(replies: ((request: IncomingMessage, response: ServerResponse) => void)[]) {
    const received: { target: string; body: unknown; authorization: string }[] = [];
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(Buffer.concat(chunks).toString()), authorization: String(request.headers.authorization) });
        const reply = replies[received.length - 1];
        if (!reply) throw new Error('more requests than expected');
        reply(request, response);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const doc = new DocumentClient({ endpoint: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    return { doc, received };
  }
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (_: IncomingMessage, response: ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
    response.end(JSON.stringify(body));
  };
  const item = { Item: { pk: { S: 'A' }, sk: { S: 'B' }, amountPence: { N: '100' } } };

  it('asks again after throttling and a 500, and returns the item', async () => {
    // Arrange
    const { doc, received } = await dynamoDbAnswering([
      json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Rate exceeded' }),
      json(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal' }),
      json(200, item),
    ]);

    // Act
    const reply = await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' } }));

    // Assert
    expect(reply.Item).toEqual({ pk: 'A', sk: 'B', amountPence: 100 });
    expect(received.map((r) => r.target)).toEqual(['DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem']);
    expect(received[0]!.body).toEqual({ TableName: 't', Key: { pk: { S: 'A' }, sk: { S: 'B' } } });
    expect(received[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-2\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
  });

  it('sends a retried transaction with the same client request token, so DynamoDB applies it once', async () => {
    // Arrange
    const { doc, received } = await dynamoDbAnswering([(request) => request.socket.destroy(), json(200, {})]);

    // Act
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: 't', Key: { pk: 'A', sk: 'TALLY' }, UpdateExpression: 'ADD recorded :one', ExpressionAttributeValues: { ':one': 1 } } }] }));

    // Assert
    const tokens = received.map((r) => (r.body as { ClientRequestToken?: string }).ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('asks again when the connection is dropped before a reply', async () => {
    // Arrange
    const { doc, received } = await dynamoDbAnswering([(request) => request.socket.destroy(), json(200, item)]);

    // Act
    const reply = await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' } }));

    // Assert
    expect(reply.Item?.amountPence).toBe(100);
    expect(received).toHaveLength(2);
  });

  it('gives up after three attempts, with the error AWS named', async () => {
    // Arrange
    const throttled = json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Slow down' });
    const { doc, received } = await dynamoDbAnswering([throttled, throttled, throttled]);

    // Act
    const error = await doc.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'A' } })).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Slow down', statusCode: 400 });
    expect(received).toHaveLength(3);
  });

  it('does not ask again when the request itself is wrong, and reads the error type from the header when the body has none', async () => {
    // Arrange
    const { doc, received } = await dynamoDbAnswering([json(400, { Message: 'One or more parameter values were invalid' }, { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/' })]);

    // Act
    const error = await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' } })).catch((e: unknown) => e);

    // Assert
    expect(error).toMatchObject({ name: 'ValidationException', message: 'One or more parameter values were invalid' });
    expect(received).toHaveLength(1);
  });

  it('gives the reasons a transaction was cancelled, item by item', async () => {
    // Arrange
    const { doc } = await dynamoDbAnswering([
      json(400, { __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', message: 'Transaction cancelled', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }] }),
    ]);

    // Act
    const error = await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'A', sk: 'B' } } }, { Put: { TableName: 't', Item: { pk: 'A', sk: 'C' } } }] })).catch((e: unknown) => e);

    // Assert
    expect(cancellationReasons(error)?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(cancellationReasons(new Error('other'))).toBeUndefined();
  });
});
