/**
 * The one middy stack every HTTP handler runs in: who is calling, the request
 * parsed and validated against the route's zod schemas, domain errors mapped
 * to HTTP in this one place, and JSON out.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { ZodType } from 'zod';
import { DomainError, NotFoundError, UnsupportedMediaTypeError, ValidationError, type FieldProblem } from '#shared/errors';
import { CouncilId, FinancialYear } from '#shared/schemas/common';
import type { Caller } from '#shared/schemas/identity';
import { callerInAgency, hasRole, requireRole } from '#shared/domain/access';
import { logger } from '#shared/telemetry';
import { observability } from './observability.ts';
import { authenticate } from './claims.ts';
import { idempotencyScope } from '#shared/use-cases/idempotency';
import { portsFor, type Ports } from './deps.ts';
import { agencies, agencyYear, replies, type Adapters } from '#shared/store/adapters';
import { readAgencyYearAhead, readAgreementAhead } from './read-ahead.ts';
import type { RouteSpec } from './api/routes.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface HttpRequest<R extends RouteSpec, D = MemberPorts> {
  caller: Caller;
  params: InferOr<R['params'], Record<string, never>>;
  query: InferOr<R['query'], Record<string, never>>;
  body: InferOr<R['body'], undefined>;
  headers: Record<string, string | undefined>;
  deps: D;
}

/** The ports every route's checks take: the agreement (membership), the year read with it, and the first replies of creates. */
const MEMBER_PORTS = { agencies, agencyYear, replies };
type MemberPorts = Ports<typeof MEMBER_PORTS>;

type InferOr<S, Fallback> = S extends ZodType ? z.infer<S> : Fallback;

export interface HttpResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  raw?: boolean;
  /** A create whose first reply was kept with its record, in the same transaction: nothing is left to keep. */
  replyKept?: boolean;
}

export function ok(body: unknown, headers?: Record<string, string>): HttpResult {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

export function created(body: unknown, headers?: Record<string, string>): HttpResult {
  return { status: 201, body, ...(headers ? { headers } : {}) };
}

export function accepted(body: unknown): HttpResult {
  return { status: 202, body };
}

/**
 * A route's handler, given the ports it names (shared/store/adapters.ts)
 * besides those its checks take: its function's bundle carries those stores only.
 */
export function httpRoute<R extends RouteSpec, A extends Adapters>(route: R, adapters: A, fn: (request: HttpRequest<R, Ports<typeof MEMBER_PORTS & A>>) => Promise<HttpResult>) {
  const ports = portsFor({ ...MEMBER_PORTS, ...adapters });
  return middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
    .use(observability<HttpEvent, APIGatewayProxyStructuredResultV2>((event) => event.headers?.['x-correlation-id'] ?? event.requestContext?.requestId))
    .use(errorsToHttp())
    .handler(async (event) => {
      const headers = lowerCaseHeaders(event.headers);
      const signedIn: Caller = route.public ? { sub: 'anonymous', groups: [] } : await authenticate(headers);
      if (route.roles) requireRole(signedIn, ...route.roles);
      const params = validate(route.params, pathParameters(event), '') as Record<string, unknown>;
      // Parsed once, and its failure (415, bad JSON) reported where it always was: after the membership check.
      const sent = settle(() => (route.body ? parseBody(event, route) : undefined));
      const member = await memberOfAgency(route, signedIn, params, sent, ports());
      const request = {
        caller: member.caller,
        params,
        query: validate(route.query, event.queryStringParameters ?? {}, ''),
        body: route.body ? validate(route.body, sent.take(), '') : undefined,
        headers,
        deps: member.deps,
      } as HttpRequest<R, Ports<typeof MEMBER_PORTS & A>>;
      const result = await fn(request);
      return toResponse(route.headers?.includes('Idempotency-Key') && !result.replyKept ? await firstReply(route, request, result) : result);
    });
}

/**
 * A create a client may retry answers a replay with its first reply, status
 * and body (IETF Idempotency-Key draft), kept with the key by the one
 * idempotency mechanism (shared/store/idempotency.ts); the handler marks a
 * replay with `Idempotent-Replayed: true`.
 */
async function firstReply(route: RouteSpec, request: HttpRequest<RouteSpec, MemberPorts>, result: HttpResult): Promise<HttpResult> {
  const key = { scope: idempotencyScope(request.caller, `${route.method} ${route.path}`), key: idempotencyKey(request.headers) };
  const { 'idempotent-replayed': replayed, ...headers } = result.headers ?? {};
  // A replay whose first reply was never kept (its request died after the write) keeps what the first would have said.
  const status = replayed === undefined ? result.status : (route.successStatus ?? result.status);
  const kept = await request.deps.replies.keep(key, { status, body: result.body, ...(Object.keys(headers).length ? { headers } : {}) });
  if (replayed === undefined && kept.body === result.body) return result;
  return { status: kept.status, body: kept.body, headers: { ...kept.headers, 'idempotent-replayed': 'true' } };
}

/** `If-Match: 3` or `"3"` (or weak `W/"3"`): the version the caller read. */
export function ifMatchVersion(headers: Record<string, string | undefined>): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined || raw === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(raw.trim());
  if (!match) throw new ValidationError([{ path: 'If-Match', message: 'must be the record version, e.g. "3"' }]);
  return Number(match[1]);
}

/** `Idempotency-Key: <uuid>` (IETF draft): required on creates a client may retry. */
export function idempotencyKey(headers: Record<string, string | undefined>): string {
  const raw = headers['idempotency-key']?.trim().replace(/^"|"$/g, '');
  if (!raw) throw new ValidationError([{ path: 'Idempotency-Key', message: 'is required: send a new UUID with each new request, the same one with a retry' }]);
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(raw)) throw new ValidationError([{ path: 'Idempotency-Key', message: 'must be 8 to 128 letters, digits, "-" or "_" (a UUID)' }]);
  return raw;
}

function validate<S extends ZodType | undefined>(schema: S, value: unknown, prefix: string): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((issue) => problem(issue, prefix)));
}

function problem(issue: z.core.$ZodIssue, prefix: string): FieldProblem {
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return { path, message: issue.message };
}

/**
 * Every route that names an agency is for its members only (shared/domain/access.ts):
 * the token's agency must be this one, and the caller keeps only the roles its
 * agreement backs. The system administrator sets up agreements of any agency,
 * including one that does not exist yet (routes marked `administersAgencies`).
 * The agreement read here is the request's (read-ahead.ts): with the year's
 * figures where the route reads them, in one round trip.
 */
async function memberOfAgency<D extends MemberPorts>(route: RouteSpec, caller: Caller, params: Record<string, unknown>, sent: Settled<unknown>, deps: D): Promise<{ caller: Caller; deps: D }> {
  const agencyId = params.agency;
  if (route.public || typeof agencyId !== 'string') return { caller, deps };
  if (route.administersAgencies && hasRole(caller, 'admin')) return { caller, deps };
  const { year, council } = yearRead(route, params, sent);
  const read = year === undefined ? await readAgreementAhead(deps, agencyId) : await readAgencyYearAhead(deps, agencyId, year, route.readsOfTheYear ?? 'all', council);
  // An unknown agency is 404 for anyone signed in (its identifier is no secret); a known one is for its members.
  if (!read.agency) throw new NotFoundError(`No agency "${agencyId}"`);
  const member = callerInAgency(caller, read.agency);
  if (route.roles) requireRole(member, ...route.roles);
  return { caller: member, deps: read.deps };
}

/** Which year's figures (and, from a body, which council's) to read with the agreement; only well-formed ones, as they become keys. */
function yearRead(route: RouteSpec, params: Record<string, unknown>, sent: Settled<unknown>): { year?: string; council?: string } {
  if (route.readsYearFigures === 'params') return FinancialYear.safeParse(params.year).success ? { year: params.year as string } : {};
  if (route.readsYearFigures !== 'body' || !sent.ok || typeof sent.value !== 'object' || sent.value === null) return {};
  const { year, council } = sent.value as Record<string, unknown>;
  return FinancialYear.safeParse(year).success && CouncilId.safeParse(council).success ? { year: year as string, council: council as string } : {};
}

type Settled<T> = { ok: true; value: T; take: () => T } | { ok: false; take: () => never };

function settle<T>(fn: () => T): Settled<T> {
  try {
    const value = fn();
    return { ok: true, value, take: () => value };
  } catch (error) {
    return {
      ok: false,
      take: () => {
        throw error;
      },
    };
  }
}

/**
 * API Gateway and the local server hand over path parameters decoded; one
 * that could not be decoded arrives as sent, and a malformed percent-encoding
 * in it is the caller's mistake (400 naming it), never a 500.
 */
function pathParameters(event: HttpEvent): Record<string, string | undefined> {
  const params = event.pathParameters ?? {};
  const malformed = Object.entries(params).filter(([, value]) => value !== undefined && value.includes('%') && !decodes(value));
  if (malformed.length > 0) throw new ValidationError(malformed.map(([name]) => ({ path: name, message: 'is not valid percent-encoding (a "%" must be followed by two hexadecimal digits of UTF-8)' })));
  return params;
}

function decodes(value: string): boolean {
  try {
    decodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/** JSON (`application/json` or `application/*+json`), or CSV where the route takes it; anything else is 415. */
function parseBody(event: HttpEvent, route: RouteSpec): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const contentType = (Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '').toLowerCase();
  const mediaType = contentType.split(';')[0]!.trim();
  const takes = route.csv ? 'application/json or text/csv' : 'application/json';
  if (mediaType === 'text/csv' && route.csv) return route.csv(text);
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    throw new UnsupportedMediaTypeError(`Content-Type: this route takes ${takes}, not ${mediaType || 'a body without a Content-Type'}`, [{ path: 'Content-Type', message: `must be ${takes}` }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'is not valid JSON' }]);
  }
}

function lowerCaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  if (result.raw) {
    return { statusCode: result.status, headers: result.headers ?? {}, body: String(result.body) };
  }
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
    body: JSON.stringify(result.body),
  };
}

function errorsToHttp(): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof DomainError) {
        request.response = toResponse({ status: error.status, body: { error: { code: error.code, message: error.message, details: error.details } } });
        return;
      }
      logger.error('unhandled error', { error, routeKey: request.event.routeKey });
      request.response = toResponse({ status: 500, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side; nothing you sent was at fault', details: [] } } });
    },
  };
}
