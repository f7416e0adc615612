/**
 * A client of the AWS JSON 1.0 protocol (DynamoDB, Step Functions): a
 * signed POST of the operation's input, its JSON reply or a typed error,
 * sent and retried by aws-endpoint.ts.
 *
 * Why not the AWS SDK: its DynamoDB document client alone took some 70 ms
 * of every cold start to load (three times a bare Node; `npm run bench`,
 * "the AWS SDK's DynamoDB document client alone"), for the six operations
 * this system sends. This is those operations' wire protocol and nothing
 * else; it loads in a few milliseconds.
 */
import { AwsEndpoint, AwsServiceError, type AwsEndpointOptions, type CallOptions, type Reply } from './aws-endpoint.ts';

export interface AwsJsonClientOptions extends AwsEndpointOptions {
  /** The X-Amz-Target prefix, e.g. `DynamoDB_20120810`, `AWSStepFunctions`. */
  targetPrefix: string;
}

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` -> `ConditionalCheckFailedException`. */
function errorName(body: Record<string, unknown>, header: string | string[] | undefined): string {
  const raw = String(body.__type ?? (Array.isArray(header) ? header[0] : header) ?? 'UnknownError');
  return raw.slice(raw.lastIndexOf('#') + 1).split(':')[0]!;
}

/** The operation's JSON reply, or the error it names. */
function readJson(operation: string, { status, headers, text }: Reply): unknown {
  let reply: Record<string, unknown>;
  try {
    reply = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new AwsServiceError('UnreadableReply', `${operation} answered ${status} with a body that is not JSON`, status, {});
  }
  if (status >= 200 && status < 300) return reply;
  throw new AwsServiceError(errorName(reply, headers['x-amzn-errortype']), String(reply.message ?? reply.Message ?? `${operation} failed with ${status}`), status, reply);
}

export class AwsJsonClient {
  private readonly endpoint: AwsEndpoint;

  constructor(private readonly options: AwsJsonClientOptions) {
    this.endpoint = new AwsEndpoint(options);
  }

  async call<T = Record<string, unknown>>(operation: string, input: unknown, options: CallOptions = {}): Promise<T> {
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${this.options.targetPrefix}.${operation}` };
    return (await this.endpoint.send(JSON.stringify(input), headers, (reply) => readJson(operation, reply), options)) as T;
  }

  /** Closes the kept-alive connections (the local runtime's stop). */
  destroy(): void {
    this.endpoint.destroy();
  }
}
