/**
 * The in-house SNS client (shared/aws/sns.ts over the query protocol of
 * aws-query-client.ts): what it sends, what it reads, what it retries.
 *
 * What it sends is held against the AWS SDK's own serializer: the same
 * command goes through @aws-sdk/client-sns (a devDependency for this alone)
 * with a request handler that keeps the body it was given, and the two
 * bodies must be the same. What it reads is held against the replies as
 * the SNS API reference shows them, and against what the SDK's parser makes
 * of the same reply. Ours goes over HTTP to a local server answering as SNS
 * (tests/support/sns-answering.ts), which checks every signature with the
 * SDK's signer.
 */
import * as sdk from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../shared/aws/aws-endpoint.ts';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SnsClient,
  SubscribeCommand,
  UnsubscribeCommand,
  type SnsCommand,
} from '../../shared/aws/sns.ts';
import { XmlError, parseXml } from '../../shared/aws/xml-reply.ts';
import { snsAnswering, snsError, snsReply, type LocalSns, type SnsAnswer } from '../support/sns-answering.ts';

const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token==' };
const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:notices';

let sns: LocalSns | undefined;
afterEach(async () => {
  await sns?.close();
  sns = undefined;
});

/** Our client, against a local SNS that answers each request with the next of `answers`. */
async function ours(answers: SnsAnswer[], clientCredentials = credentials) {
  sns = await snsAnswering(() => {
    const answer = answers[sns!.received.length - 1];
    if (!answer) throw new Error('more requests than expected');
    return answer;
  }, credentials);
  return { client: new SnsClient({ endpoint: sns.endpoint, region: 'eu-west-2', credentials: clientCredentials }), received: sns.received };
}

/** The SDK's client, whose every request is kept and answered with `xml`. */
function theSdks(xml: string, status = 200) {
  const sent: { body: string }[] = [];
  const client = new sdk.SNSClient({
    region: 'eu-west-2',
    credentials,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body: string }) => {
        sent.push({ body: request.body });
        return { response: { statusCode: status, headers: {}, body: Buffer.from(xml) } };
      },
    } as never,
  });
  return { client, sent };
}

/** The SDK's output without its `$metadata`, which is the SDK's and not the reply's. */
async function sdkOutput(client: sdk.SNSClient, command: unknown): Promise<object> {
  const { $metadata: _, ...output } = await client.send(command as sdk.PublishCommand);
  return output;
}

// A notice as shared/notices/sns-message.ts makes one, with what form encoding must get right: spaces, line breaks,
// non-ASCII, the form's own & = +, and the characters encodeURIComponent leaves alone but the SDK encodes (! ' ( ) *).
const notice = {
  TopicArn: TOPIC,
  Subject: "Dudley's tolerance band (Q2): 5% over * red!",
  Message: 'Dudley is over its tolerance band.\n\nPlacements £12,500 & fees = 3 + 1 ~ café\n',
  MessageAttributes: {
    role: { DataType: 'String', StringValue: 'finance-officer' },
    council: { DataType: 'String', StringValue: 'dudley' },
    agency: { DataType: 'String', StringValue: 'adoption-at-heart' },
    kind: { DataType: 'String', StringValue: 'tolerance-red' },
    correlationId: { DataType: 'String', StringValue: '5f0c3a1e-7d2b-4c55-9a0e-2b1d3c4e5f60' },
  },
};
const filterPolicy = JSON.stringify({ $or: [{ agency: ['adoption-at-heart'], role: ['finance-officer'], council: ['dudley'] }, { agency: ['adoption-at-heart'], role: ['scb-member'], council: ['dudley'] }] });

describe('what the SNS client sends', () => {
  it.each<[string, SnsCommand<unknown, unknown>, unknown, SnsAnswer]>([
    ['Publish, with message attributes', new PublishCommand(notice), new sdk.PublishCommand(notice), snsReply.publish('m-1')],
    ['Publish, with neither subject nor attributes', new PublishCommand({ TopicArn: TOPIC, Message: 'a notice' }), new sdk.PublishCommand({ TopicArn: TOPIC, Message: 'a notice' }), snsReply.publish('m-1')],
    ['ListSubscriptionsByTopic', new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }), new sdk.ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }), snsReply.listSubscriptionsByTopic([])],
    [
      'ListSubscriptionsByTopic, with a NextToken',
      new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC, NextToken: 'AAHk4Kt+/y9sZ2lmE9xPz4E=' }),
      new sdk.ListSubscriptionsByTopicCommand({ TopicArn: TOPIC, NextToken: 'AAHk4Kt+/y9sZ2lmE9xPz4E=' }),
      snsReply.listSubscriptionsByTopic([]),
    ],
    [
      'Subscribe, with a filter policy',
      new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: 'finance+notices@dudley.example', Attributes: { FilterPolicy: filterPolicy, FilterPolicyScope: 'MessageAttributes' } }),
      new sdk.SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: 'finance+notices@dudley.example', Attributes: { FilterPolicy: filterPolicy, FilterPolicyScope: 'MessageAttributes' } }),
      snsReply.subscribe('pending confirmation'),
    ],
    ['GetSubscriptionAttributes', new GetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:80289ba6` }), new sdk.GetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:80289ba6` }), snsReply.getSubscriptionAttributes({})],
    [
      'SetSubscriptionAttributes',
      new SetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:80289ba6`, AttributeName: 'FilterPolicy', AttributeValue: filterPolicy }),
      new sdk.SetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:80289ba6`, AttributeName: 'FilterPolicy', AttributeValue: filterPolicy }),
      snsReply.done('SetSubscriptionAttributes'),
    ],
    ['Unsubscribe', new UnsubscribeCommand({ SubscriptionArn: `${TOPIC}:80289ba6` }), new sdk.UnsubscribeCommand({ SubscriptionArn: `${TOPIC}:80289ba6` }), snsReply.done('Unsubscribe')],
  ])('%s: the same form body as the AWS SDK serializes', async (_, command, sdkCommand, answer) => {
    // Prepare
    const { client, received } = await ours([answer]);
    const theSdk = theSdks(answer.xml);
    // Act
    await client.send(command);
    await theSdk.client.send(sdkCommand as sdk.PublishCommand);
    // Assess: the same parameters, and byte for byte the same body.
    const [body, sdkBody] = [received[0]!.body, theSdk.sent[0]!.body];
    expect([...new URLSearchParams(body)]).toEqual([...new URLSearchParams(sdkBody)]);
    expect(body).toBe(sdkBody);
  });

  it('posts the form to / as SNS asks, signed for sns in the region with the session token', async () => {
    const { client, received } = await ours([snsReply.publish('m-1')]);

    await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'a notice' }));

    const { headers } = received[0]!;
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-2\/sns\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  });

  it('is refused by a server that computes the signature with another secret (the local SNS checks what it is sent)', async () => {
    const { client } = await ours([snsReply.publish('m-1')], { ...credentials, secretAccessKey: 'another secret' });

    const error = await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'a notice' })).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', statusCode: 403 });
  });
});

// The replies as the SNS API reference's samples show them (namespace, whitespace, ResponseMetadata and all), with the
// entities a filter policy brings (&quot;), the others XML has, and a NextToken.
const documented = {
  publish: `<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
    <PublishResult>
        <MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId>
    </PublishResult>
    <ResponseMetadata>
        <RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId>
    </ResponseMetadata>
</PublishResponse>`,
  listSubscriptionsByTopic: `<?xml version="1.0"?>
<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <ListSubscriptionsByTopicResult>
    <Subscriptions>
      <member>
        <TopicArn>arn:aws:sns:eu-west-2:123456789012:notices</TopicArn>
        <Protocol>email</Protocol>
        <SubscriptionArn>arn:aws:sns:eu-west-2:123456789012:notices:80289ba6-0fd4-4079-afb4-ce8c8260f0ca</SubscriptionArn>
        <Owner>123456789012</Owner>
        <Endpoint>o&apos;brien&amp;co@dudley.example</Endpoint>
      </member>
      <member>
        <TopicArn>arn:aws:sns:eu-west-2:123456789012:notices</TopicArn>
        <Protocol>email</Protocol>
        <SubscriptionArn>PendingConfirmation</SubscriptionArn>
        <Owner>123456789012</Owner>
        <Endpoint>finance@walsall.example</Endpoint>
      </member>
    </Subscriptions>
    <NextToken>AAHk4Kt+/y9sZ2lmE9xPz4E=</NextToken>
  </ListSubscriptionsByTopicResult>
  <ResponseMetadata>
    <RequestId>b9275252-3774-11df-9540-99d0768312d3</RequestId>
  </ResponseMetadata>
</ListSubscriptionsByTopicResponse>`,
  subscribe: `<SubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <SubscribeResult>
    <SubscriptionArn>pending confirmation</SubscriptionArn>
  </SubscribeResult>
  <ResponseMetadata>
    <RequestId>a169c740-3766-11df-8963-01868b7c937a</RequestId>
  </ResponseMetadata>
</SubscribeResponse>`,
  getSubscriptionAttributes: `<GetSubscriptionAttributesResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <GetSubscriptionAttributesResult>
    <Attributes>
      <entry>
        <key>Owner</key>
        <value>123456789012</value>
      </entry>
      <entry>
        <key>DeliveryPolicy</key>
        <value>{&quot;healthyRetryPolicy&quot;:{&quot;numRetries&quot;:10}}</value>
      </entry>
      <entry>
        <key>FilterPolicy</key>
        <value>{&quot;$or&quot;:[{&quot;agency&quot;:[&quot;adoption-at-heart&quot;],&quot;role&quot;:[&quot;scb-member&quot;],&quot;council&quot;:[&quot;dudley&#x27;s&quot;]}],&quot;note&quot;:&quot;&lt;a &amp; b&gt; &#163;&quot;}</value>
      </entry>
      <entry>
        <key>PendingConfirmation</key>
        <value>false</value>
      </entry>
    </Attributes>
  </GetSubscriptionAttributesResult>
  <ResponseMetadata>
    <RequestId>057f074c-33a7-11df-9540-99d0768312d3</RequestId>
  </ResponseMetadata>
</GetSubscriptionAttributesResponse>`,
  unsubscribe: `<UnsubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <ResponseMetadata>
    <RequestId>18e0ac39-3776-11df-84c0-b93cc1666b84</RequestId>
  </ResponseMetadata>
</UnsubscribeResponse>`,
};

describe('what the SNS client reads', () => {
  it.each<[string, SnsCommand<unknown, unknown>, unknown, string, unknown]>([
    ['Publish: the message id', new PublishCommand({ TopicArn: TOPIC, Message: 'm' }), new sdk.PublishCommand({ TopicArn: TOPIC, Message: 'm' }), documented.publish, { MessageId: '567910cd-659e-55d4-8ccb-5aaf14679dc0' }],
    [
      'ListSubscriptionsByTopic: each subscription and the NextToken',
      new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }),
      new sdk.ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }),
      documented.listSubscriptionsByTopic,
      {
        Subscriptions: [
          { TopicArn: TOPIC, Protocol: 'email', SubscriptionArn: `${TOPIC}:80289ba6-0fd4-4079-afb4-ce8c8260f0ca`, Owner: '123456789012', Endpoint: "o'brien&co@dudley.example" },
          { TopicArn: TOPIC, Protocol: 'email', SubscriptionArn: 'PendingConfirmation', Owner: '123456789012', Endpoint: 'finance@walsall.example' },
        ],
        NextToken: 'AAHk4Kt+/y9sZ2lmE9xPz4E=',
      },
    ],
    [
      'ListSubscriptionsByTopic: a topic with none, and no NextToken',
      new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }),
      new sdk.ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }),
      snsReply.listSubscriptionsByTopic([]).xml,
      { Subscriptions: [] },
    ],
    [
      'Subscribe: the subscription, pending confirmation',
      new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: 'e@x.example' }),
      new sdk.SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: 'e@x.example' }),
      documented.subscribe,
      { SubscriptionArn: 'pending confirmation' },
    ],
    [
      'GetSubscriptionAttributes: each attribute, a filter policy exactly as it was set',
      new GetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:s` }),
      new sdk.GetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:s` }),
      documented.getSubscriptionAttributes,
      {
        Attributes: {
          Owner: '123456789012',
          DeliveryPolicy: '{"healthyRetryPolicy":{"numRetries":10}}',
          FilterPolicy: `{"$or":[{"agency":["adoption-at-heart"],"role":["scb-member"],"council":["dudley's"]}],"note":"<a & b> £"}`,
          PendingConfirmation: 'false',
        },
      },
    ],
    ['Unsubscribe: nothing', new UnsubscribeCommand({ SubscriptionArn: `${TOPIC}:s` }), new sdk.UnsubscribeCommand({ SubscriptionArn: `${TOPIC}:s` }), documented.unsubscribe, {}],
  ])('%s, as the AWS SDK reads them', async (_, command, sdkCommand, xml, expected) => {
    // Prepare
    const { client } = await ours([{ status: 200, xml }]);
    // Act
    const output = await client.send(command);
    // Assess
    expect(output).toEqual(expected);
    expect(output).toEqual(await sdkOutput(theSdks(xml).client, sdkCommand));
  });

  it('gives the error SNS names, with its code, type, message and status', async () => {
    // Prepare: the Common Errors sample.
    const { client, received } = await ours([
      {
        status: 400,
        xml: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidParameter</Code>
    <Message>Invalid parameter: TopicArn &quot;notices&quot;</Message>
  </Error>
  <RequestId>ceb7de8d-3776-11df-8e5f-69d5b35d46a5</RequestId>
</ErrorResponse>`,
      },
    ]);
    // Act
    const error = await client.send(new PublishCommand({ TopicArn: 'notices', Message: 'm' })).catch((e: unknown) => e);
    // Assess: not asked again; a request that is wrong stays wrong.
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'InvalidParameter', message: 'Invalid parameter: TopicArn "notices"', statusCode: 400, fields: { Type: 'Sender', Code: 'InvalidParameter', RequestId: 'ceb7de8d-3776-11df-8e5f-69d5b35d46a5' } });
    expect(received).toHaveLength(1);
  });

  it('names a reply that is not XML an unreadable reply, rather than reading into it', async () => {
    const { client } = await ours([{ status: 200, xml: '<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult>' }]);

    const error = await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'm' })).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'UnreadableReply', statusCode: 200 });
  });
});

describe('what the SNS client asks again', () => {
  const throttled = snsError(429, 'Sender', 'Throttled', 'Rate exceeded');

  it('asks again after throttling and a 500, and returns the message id', async () => {
    // Prepare
    const { client, received } = await ours([throttled, snsError(500, 'Receiver', 'InternalError', 'Internal'), snsReply.publish('m-3')]);
    // Act
    const reply = await client.send(new PublishCommand(notice));
    // Assess: the same request each time.
    expect(reply).toEqual({ MessageId: 'm-3' });
    expect(received.map((r) => r.body)).toEqual([received[0]!.body, received[0]!.body, received[0]!.body]);
  });

  it('gives up after three attempts, with the error SNS named', async () => {
    const { client, received } = await ours([throttled, throttled, throttled]);

    const error = await client.send(new PublishCommand(notice)).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'Throttled', message: 'Rate exceeded', statusCode: 429 });
    expect(received).toHaveLength(3);
  });

  it('does not ask again when SNS refuses the request itself', async () => {
    const { client, received } = await ours([snsError(404, 'Sender', 'NotFound', 'Topic does not exist')]);

    const error = await client.send(new PublishCommand(notice)).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'NotFound', statusCode: 404 });
    expect(received).toHaveLength(1);
  });
});

describe('the XML of a reply', () => {
  it('decodes the five named entities and numeric ones, decimal and hexadecimal, and CDATA as it stands', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?><!-- a comment --><a x="1 > 0" y='/'><b>&amp;&lt;&gt;&quot;&apos; &#163;&#x20AC;&#x1F600;</b><c><![CDATA[<not a tag> &amp;]]></c><d/><e></e></a>`);

    expect(root.name).toBe('a');
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ['b', `&<>"' £€😀`],
      ['c', '<not a tag> &amp;'],
      ['d', ''],
      ['e', ''],
    ]);
  });

  it.each([
    ['an unclosed element', '<a><b></b>'],
    ['a mismatched end tag', '<a><b></a></b>'],
    ['an & that starts no entity', '<a>fish & chips</a>'],
    ['an entity XML does not define', '<a>&nbsp;</a>'],
    ['a second root element', '<a/><b/>'],
    ['text outside the root element', 'Service Unavailable'],
  ])('refuses %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });
});
