/**
 * A small HTTP server answering as Amazon SNS documents it (the query
 * protocol: a form-encoded POST in, XML out), for the tests of the
 * in-house SNS client and of the notification functions. SNS has no local
 * engine (nothing like DynamoDB Local keeps topics and subscriptions), so
 * the tests say what SNS answers, and this server checks what it is sent
 * as SNS would: each request's signature is computed again with the AWS
 * SDK's own signer (@smithy/signature-v4) from the credentials the test
 * gave, and a request signed otherwise is refused with SNS's 403
 * `SignatureDoesNotMatch`.
 *
 * The replies are built as the SNS API reference's samples show them
 * (`<PublishResponse><PublishResult><MessageId>...`), their text escaped.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '../../shared/aws/signature-v4.ts';
import { Sha256 } from './sdk-sha256.ts';

export interface SnsRequest {
  action: string;
  /** The form body's parameters, Action and Version among them. */
  parameters: URLSearchParams;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface SnsAnswer {
  status: number;
  xml: string;
}

export interface LocalSns {
  /** For `SNS_ENDPOINT`, or an SnsClient's `endpoint`. */
  endpoint: string;
  /** Every request that reached the server, in order (a retried one each time it came). */
  received: SnsRequest[];
  close(): Promise<void>;
}

/** The Authorization header the SDK's signer gives the request as it was received, over the headers it says it signed. */
async function sdkAuthorization(headers: IncomingHttpHeaders, body: string, credentials: Credentials, region: string): Promise<string> {
  const signed = /SignedHeaders=([^,]+)/.exec(String(headers.authorization))?.[1]?.split(';') ?? [];
  const amzDate = String(headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const request = await new SignatureV4({ credentials, region, service: 'sns', sha256: Sha256, applyChecksum: false }).sign(
    { method: 'POST', protocol: 'http:', hostname: String(headers.host), path: '/', headers: Object.fromEntries(signed.map((name) => [name, String(headers[name])])), body },
    { signingDate },
  );
  return String(request.headers.authorization);
}

/** Starts a server that answers each request as `answer` says, once its signature is checked against `credentials`. */
export async function snsAnswering(answer: (request: SnsRequest) => SnsAnswer, credentials: Credentials, region = 'eu-west-2'): Promise<LocalSns> {
  const received: SnsRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const parameters = new URLSearchParams(body);
        const snsRequest = { action: parameters.get('Action') ?? '', parameters, body, headers: request.headers };
        received.push(snsRequest);
        const expected = await sdkAuthorization(request.headers, body, credentials, region);
        const reply =
          request.headers.authorization === expected
            ? answer(snsRequest)
            : snsError(403, 'Sender', 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
        response.writeHead(reply.status, { 'content-type': 'text/xml' });
        response.end(reply.xml);
      })().catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/xml' });
        response.end(snsError(500, 'Receiver', 'InternalError', `the test's SNS failed: ${String(error)}`).xml);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const element = (name: string, text: string | undefined) => (text === undefined ? '' : `<${name}>${escape(text)}</${name}>`);
const metadata = () => `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
const success = (action: string, result: string | undefined): SnsAnswer => ({
  status: 200,
  xml: `<${action}Response xmlns="${NAMESPACE}">${result === undefined ? '' : `<${action}Result>${result}</${action}Result>`}${metadata()}</${action}Response>`,
});

export interface SnsSubscription {
  SubscriptionArn: string;
  Owner?: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

/** SNS's replies, as its API reference shows them. */
export const snsReply = {
  publish: (messageId: string) => success('Publish', element('MessageId', messageId)),
  listSubscriptionsByTopic: (subscriptions: readonly SnsSubscription[], nextToken?: string) =>
    success(
      'ListSubscriptionsByTopic',
      `<Subscriptions>${subscriptions
        .map((s) => `<member>${element('TopicArn', s.TopicArn)}${element('Protocol', s.Protocol)}${element('SubscriptionArn', s.SubscriptionArn)}${element('Owner', s.Owner ?? '123456789012')}${element('Endpoint', s.Endpoint)}</member>`)
        .join('')}</Subscriptions>${element('NextToken', nextToken)}`,
    ),
  subscribe: (subscriptionArn: string) => success('Subscribe', element('SubscriptionArn', subscriptionArn)),
  getSubscriptionAttributes: (attributes: Record<string, string>) =>
    success('GetSubscriptionAttributes', `<Attributes>${Object.entries(attributes).map(([key, value]) => `<entry>${element('key', key)}${element('value', value)}</entry>`).join('')}</Attributes>`),
  /** SetSubscriptionAttributes and Unsubscribe: the response metadata only. */
  done: (action: string) => success(action, undefined),
};

export function snsError(status: number, type: 'Sender' | 'Receiver', code: string, message: string): SnsAnswer {
  return { status, xml: `<ErrorResponse xmlns="${NAMESPACE}"><Error>${element('Type', type)}${element('Code', code)}${element('Message', message)}</Error>${element('RequestId', randomUUID())}</ErrorResponse>` };
}
