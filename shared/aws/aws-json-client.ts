/**
 * A client of the AWS JSON 1.0 protocol (DynamoDB, Step Functions): a
 * signed POST of the operation's input, its JSON reply or a typed error,
 * retried as the SDK's standard mode retries (three attempts, throttling,
 * 5xx and a dropped connection, full-jitter backoff).
 *
 * Why not the AWS SDK: its DynamoDB document client alone took some 70 ms
 * of every cold start to load (three times a bare Node; `npm run bench`,
 * "the AWS SDK's DynamoDB document client alone"), for the six operations
 * this system sends. This is those operations' wire protocol and nothing
 * else; it loads in a few milliseconds.
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { signRequest, type Credentials } from './signature-v4.ts';

// Node's modules themselves, not their ES module namespaces: building node:http's namespace reads its every export,
// WebSocket among them, which loads Node's bundled fetch (undici) for nothing: some 20 ms of a cold start.
const http = process.getBuiltinModule('node:http') as typeof Http;
const https = process.getBuiltinModule('node:https') as typeof Https;

export interface AwsJsonClientOptions {
  /** The signing name, e.g. `dynamodb`, `states`. */
  service: string;
  /** The X-Amz-Target prefix, e.g. `DynamoDB_20120810`, `AWSStepFunctions`. */
  targetPrefix: string;
  region?: string | undefined;
  /** Another endpoint than the region's own, e.g. DynamoDB Local's `http://localhost:8000`. */
  endpoint?: string | undefined;
  /** Otherwise the environment's (in Lambda: the function's role's, as `AWS_ACCESS_KEY_ID` ...). */
  credentials?: Credentials | undefined;
  maxAttempts?: number;
}

export interface CallOptions {
  abortSignal?: AbortSignal | undefined;
}

/** What an operation refused, as AWS names it (`name`, e.g. `ConditionalCheckFailedException`), with the reply's other fields (e.g. `CancellationReasons`). */
export class AwsServiceError extends Error {
  override readonly name: string;
  readonly statusCode: number;
  readonly fields: Record<string, unknown>;

  constructor(name: string, message: string, statusCode: number, fields: Record<string, unknown>) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.fields = fields;
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ThrottledException',
  'LimitExceededException',
]);
const DROPPED_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED']);

/** Whether another attempt may succeed where this one failed (the SDK's standard retry mode's test). */
function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError) return THROTTLING.has(error.name) || error.statusCode >= 500;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && DROPPED_CONNECTION.has(code);
}

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` -> `ConditionalCheckFailedException`. */
function errorName(body: Record<string, unknown>, header: string | string[] | undefined): string {
  const raw = String(body.__type ?? (Array.isArray(header) ? header[0] : header) ?? 'UnknownError');
  return raw.slice(raw.lastIndexOf('#') + 1).split(':')[0]!;
}

export class AwsJsonClient {
  private readonly url: URL;
  private readonly region: string;
  private readonly agent: Http.Agent;

  constructor(private readonly options: AwsJsonClientOptions) {
    this.region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
    this.url = new URL(options.endpoint ?? `https://${options.service}.${this.region}.amazonaws.com`);
    this.agent = this.url.protocol === 'http:' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true });
  }

  async call<T = Record<string, unknown>>(operation: string, input: unknown, options: CallOptions = {}): Promise<T> {
    const body = JSON.stringify(input);
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.post(operation, body, options.abortSignal)) as T;
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryable(error) || options.abortSignal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));
      }
    }
  }

  /** Closes the kept-alive connections (the local runtime's stop). */
  destroy(): void {
    this.agent.destroy();
  }

  private credentials(): Credentials {
    if (this.options.credentials) return this.options.credentials;
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
    if (!accessKeyId || !secretAccessKey) throw new Error(`No AWS credentials for ${this.options.service}: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set`);
    return { accessKeyId, secretAccessKey, sessionToken };
  }

  private post(operation: string, body: string, signal: AbortSignal | undefined): Promise<unknown> {
    const headers = signRequest(
      { host: this.url.host, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${this.options.targetPrefix}.${operation}` }, body },
      this.credentials(),
      this.region,
      this.options.service,
      new Date(),
    );
    const transport = this.url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        { protocol: this.url.protocol, hostname: this.url.hostname, port: this.url.port, path: '/', method: 'POST', agent: this.agent, signal, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            let reply: Record<string, unknown>;
            try {
              reply = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              reject(new AwsServiceError('UnreadableReply', `${operation} answered ${status} with a body that is not JSON`, status, {}));
              return;
            }
            if (status >= 200 && status < 300) resolve(reply);
            else reject(new AwsServiceError(errorName(reply, response.headers['x-amzn-errortype']), String(reply.message ?? reply.Message ?? `${operation} failed with ${status}`), status, reply));
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
