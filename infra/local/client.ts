/** A small HTTP client for the local API, signing in as the seeded users: used by the demo and the tests. */
import { Agent, request as httpRequest } from 'node:http';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Requests go over node:http with kept-alive connections, not `fetch`: undici's streams cost several times the CPU
 * a request (measured in the bench's load generator, and in the tests' workers, where they were ~7% of the CPU),
 * and the test suite makes thousands. Redirects are not followed: the API answers none.
 */
export class Client {
  private readonly tokens = new Map<string, string>();
  private readonly agent = new Agent({ keepAlive: true });

  constructor(readonly baseUrl: string) {}

  async tokenFor(sub: string, claims?: { groups: string[]; council?: string; agency?: string }): Promise<string> {
    const key = `${sub}|${JSON.stringify(claims ?? {})}`;
    let token = this.tokens.get(key);
    if (!token) {
      const reply = await this.request('POST', '/local/token', { body: { sub, ...claims } });
      if (reply.status !== 200) throw new Error(`No token for ${sub}: ${JSON.stringify(reply.body)}`);
      token = reply.body.token as string;
      this.tokens.set(key, token);
    }
    return token;
  }

  /** Calls the API as a seeded user (or anonymously with `as: undefined`). */
  async as(sub: string | undefined, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers = { ...options.headers, ...(sub ? { authorization: `Bearer ${await this.tokenFor(sub)}` } : {}) };
    return this.request(method, path, { ...options, headers });
  }

  async request(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<Reply> {
    const payload = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    const headers = { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
    const { status, rawHeaders, text } = await this.send(method, new URL(`${this.baseUrl}${path}`), headers, payload);
    const replyHeaders = new Headers();
    for (let i = 0; i < rawHeaders.length; i += 2) replyHeaders.append(rawHeaders[i]!, rawHeaders[i + 1]!);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status, body, headers: replyHeaders };
  }

  /**
   * One request; sent once more, on a new connection, if the kept-alive connection it was sent on is reset (Node's
   * remedy, `request.reusedSocket`): the server closes a connection idle for 5 s, and a client busy elsewhere can
   * send on it in that same moment. A reset of a new connection is an error.
   */
  private send(method: string, url: URL, headers: Record<string, string>, payload: string | undefined, again = true): Promise<{ status: number; rawHeaders: string[]; text: string }> {
    return new Promise((resolve, reject) => {
      const sent = httpRequest(url, { method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      sent.on('error', (error: NodeJS.ErrnoException) => {
        if (again && sent.reusedSocket && error.code === 'ECONNRESET') resolve(this.send(method, url, headers, payload, false));
        else reject(error);
      });
      sent.end(payload);
    });
  }
}

