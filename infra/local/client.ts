/** A small HTTP client for the local API, signing in as the seeded users: used by the demo and the tests. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Client {
  private readonly tokens = new Map<string, string>();

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
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  }
}

