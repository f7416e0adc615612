/**
 * The local stand-in for API Gateway's HTTP API: it routes as API Gateway
 * does (an unknown path or a method a path does not take is 404), builds the
 * same v2 event and calls the same handler, which verifies the bearer token
 * itself in both runtimes (functions/claims.ts). The /local routes exist only here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { allRoutes, type RouteSpec } from '../../functions/api/routes.ts';
import { LocalTokenRequest } from '../../shared/schemas/identity.ts';
import { lambdaContext, loadHandler } from './handlers.ts';
import type { LocalClock } from './clock.ts';
import type { LocalTokens } from './tokens.ts';
import type { LocalWorkflowEngine } from './workflow-engine.ts';
import { localUsers } from './users.ts';
import { isApiPath, servePage } from './pages.ts';

const MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRoute {
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
}

export interface LocalServerOptions {
  port: number;
  tokens: LocalTokens;
  clock: LocalClock;
  engine: LocalWorkflowEngine;
  /** Until the system is ready every request but GET /health gets 503 (the health handler says what is still starting). */
  isReady?: () => boolean;
  log?: (line: string) => void;
}

export async function startHttpServer(options: LocalServerOptions): Promise<{ server: Server; url: string }> {
  const compiled = allRoutes.map(compile);
  const server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res, compiled, options)
      .catch((error: unknown) => {
        console.error(error);
        send(res, 500, { error: { code: 'INTERNAL', message: 'Local server error', details: [] } });
      })
      .finally(() => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://127.0.0.1:${port}` };
}

function firstMatch(routes: CompiledRoute[], method: string, path: string): { r: CompiledRoute; m: RegExpExecArray } | undefined {
  for (const r of routes) {
    const m = r.route.method === method ? r.pattern.exec(path) : null;
    if (m) return { r, m };
  }
  return undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: CompiledRoute[], options: LocalServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  if (body === undefined) return send(res, 413, { error: { code: 'TOO_LARGE', message: 'The body is over 1 MB', details: [] } });
  if (options.isReady && !options.isReady() && url.pathname !== '/health') {
    res.setHeader('retry-after', '1');
    return send(res, 503, { error: { code: 'STARTING', message: 'The system is starting (DynamoDB, reference data, schedules); GET /health answers 200 once it is ready', details: [] } });
  }

  if (url.pathname.startsWith('/local/')) return handleLocal(method, url.pathname, body, res, options);
  if (!isApiPath(url.pathname)) return servePage(req, res, url, body, options.tokens);

  // A route is its method and path together, as API Gateway's route keys are: another method on a known path is 404 there too.
  const match = firstMatch(routes, method, url.pathname);
  if (!match) return send(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${method} ${url.pathname}`, details: [] } });
  const { route, names } = match.r;
  const pathParameters = Object.fromEntries(names.map((n, i) => [n, decodedOrAsSent(match.m![i + 1]!)]));
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  const query = Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).join(',')]));
  const now = new Date();
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(names.length ? { pathParameters } : {}),
    ...(body.length ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
  const handler = await loadHandler(route.entry, route.handler);
  const result = (await handler(event, lambdaContext(route.handler))) as APIGatewayProxyStructuredResultV2;
  res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  res.end(result.body ?? '');
}

const ClockRequest = z.object({ now: z.iso.datetime({ offset: true }) }).strict();

/** A path parameter decoded as API Gateway decodes it; one with a malformed percent-encoding is passed on as sent, for the handler to refuse (400). */
function decodedOrAsSent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function handleLocal(method: string, path: string, body: Buffer, res: ServerResponse, options: LocalServerOptions): Promise<void> {
  const json = parseJson(body);
  if (json === INVALID) return send(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'body: is not valid JSON', details: [{ path: 'body', message: 'is not valid JSON' }] } });
  if (path === '/local/token' && method === 'POST') {
    const parsed = LocalTokenRequest.safeParse(json ?? {});
    if (!parsed.success) return sendInvalid(res, parsed.error);
    const known = localUsers.find((u) => u.sub === parsed.data.sub);
    const groups = parsed.data.groups ?? known?.groups;
    if (!groups || groups.length === 0) {
      return send(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'groups: name at least one group for a user who is not seeded', details: [{ path: 'groups', message: 'is required for a user who is not seeded' }] } });
    }
    const claims = { sub: parsed.data.sub, groups, agency: parsed.data.agency ?? known?.agency, council: parsed.data.council ?? known?.council };
    return send(res, 200, { token: await options.tokens.mint(claims), claims });
  }
  if (path === '/local/clock' && method === 'GET') return send(res, 200, { now: options.clock.now().toISOString() });
  if (path === '/local/clock' && method === 'POST') {
    const parsed = ClockRequest.safeParse(json ?? {});
    if (!parsed.success) return sendInvalid(res, parsed.error);
    const target = new Date(parsed.data.now);
    if (target.getTime() < options.clock.now().getTime()) {
      return send(res, 422, { error: { code: 'CLOCK_MOVES_FORWARD_ONLY', message: `now: the local clock is at ${options.clock.now().toISOString()} and only moves forward`, details: [{ path: 'now', message: 'is in the past' }] } });
    }
    await options.clock.moveTo(target);
    await options.engine.idle();
    return send(res, 200, { now: options.clock.now().toISOString() });
  }
  return send(res, 404, { error: { code: 'NOT_FOUND', message: `No local route ${method} ${path}`, details: [] } });
}

function compile(route: RouteSpec): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.]/g, '\\.').replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const INVALID = Symbol('invalid');

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return INVALID;
  }
}

function sendInvalid(res: ServerResponse, error: z.ZodError): void {
  const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  send(res, 400, { error: { code: 'VALIDATION_FAILED', message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details } });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
