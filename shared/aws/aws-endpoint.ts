/**
 * What every AWS protocol client here shares: a signed POST to `/` of a
 * service's endpoint (Signature Version 4, signature-v4.ts), over kept-alive
 * connections, retried as the SDK's standard mode retries (three attempts;
 * throttling, 5xx and a dropped connection; full-jitter backoff). The
 * protocol clients (aws-json-client.ts, aws-query-client.ts) say what the
 * body and headers are, and read each reply into a result or an
 * `AwsServiceError`.
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { signRequest, type Credentials } from './signature-v4.ts';

// Node's modules themselves, not their ES module namespaces: building node:http's namespace reads its every export,
// WebSocket among them, which loads Node's bundled fetch (undici) for nothing: some 20 ms of a cold start.
const http = process.getBuiltinModule('node:http') as typeof Http;
const https = process.getBuiltinModule('node:https') as typeof Https;

export interface AwsEndpointOptions {
  /** The signing name, e.g. `dynamodb`, `states`, `sns`. */
  service: string;
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

/** What an operation refused, as AWS names it (`name`, e.g. `ConditionalCheckFailedException`, `Throttled`), with the reply's other fields (e.g. `CancellationReasons`). */
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

/** A reply as it came, for the protocol client to read. */
export interface Reply {
  status: number;
  headers: Http.IncomingHttpHeaders;
  text: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  // SNS's code for what the SDK names ThrottledException.
  'Throttled',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ThrottledException',
  'LimitExceededException',
]);
const DROPPED_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED']);

/** Whether another attempt may succeed where this one failed (the SDK's standard retry mode's test: a throttling code or 429, a 5xx, a dropped connection). */
function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError) return THROTTLING.has(error.name) || error.statusCode === 429 || error.statusCode >= 500;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && DROPPED_CONNECTION.has(code);
}

export class AwsEndpoint {
  readonly service: string;
  private readonly url: URL;
  private readonly region: string;
  private readonly agent: Http.Agent;

  constructor(private readonly options: AwsEndpointOptions) {
    this.service = options.service;
    this.region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
    this.url = new URL(options.endpoint ?? `https://${options.service}.${this.region}.amazonaws.com`);
    this.agent = this.url.protocol === 'http:' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true });
  }

  /**
   * Posts `body` with `headers` (lower-case names; signed with it), and gives
   * what `read` makes of the reply; `read` throws an `AwsServiceError` for a
   * refusal, which is asked again if it is one that another attempt may get past.
   */
  async send<T>(body: string, headers: Record<string, string>, read: (reply: Reply) => T, options: CallOptions = {}): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return read(await this.post(body, headers, options.abortSignal));
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
    if (!accessKeyId || !secretAccessKey) throw new Error(`No AWS credentials for ${this.service}: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set`);
    return { accessKeyId, secretAccessKey, sessionToken };
  }

  private post(body: string, unsigned: Record<string, string>, signal: AbortSignal | undefined): Promise<Reply> {
    const headers = signRequest({ host: this.url.host, headers: unsigned, body }, this.credentials(), this.region, this.service, new Date());
    const transport = this.url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        { protocol: this.url.protocol, hostname: this.url.hostname, port: this.url.port, path: '/', method: 'POST', agent: this.agent, signal, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
