/**
 * The one middy stack every page runs in, beside the API's (functions/middleware.ts):
 * the session cookie read and verified as the API verifies a bearer token,
 * the roles and agency membership checked the same way, the form parsed and
 * its CSRF token checked on every POST, and errors mapped to pages in this one
 * place: a refusal the person can correct (400, 409, 422, 428) shows the form
 * again with the GOV.UK error summary linked to each field; 403 and 404 are
 * pages of their own; no session sends the person to sign in.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ZodType, z } from 'zod';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, PreconditionRequiredError, UnauthenticatedError, ValidationError } from '#shared/errors';
import { callerInAgency, hasRole, requireAgencyMember, requireRole } from '#shared/domain/access';
import type { Agency } from '#shared/schemas/agency';
import type { Caller, Role } from '#shared/schemas/identity';
import { logger } from '#shared/telemetry';
import type { Problem } from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { chromeFor, errorPage } from '#shared/views/chrome';
import type { Chrome } from '#shared/views/layout';
import { authenticate } from '../claims.ts';
import type { Deps } from '#shared/ports';
import { agencies, type Adapters } from '#shared/store/adapters';
import { portsFor, type Ports } from '../deps.ts';
import { withAgreement } from '../read-ahead.ts';
import { csrfMatches, csrfToken, sessionCookie, SESSION_COOKIE } from './session.ts';
import { parseForm, type UploadedFile } from './forms.ts';

export type PageEvent = APIGatewayProxyEventV2;

export interface PageSpec {
  path: string;
  /** The file of the audience's function that serves the page (its `handler`, serve-pages.ts). */
  entry?: string;
  /** Who may open the page at all; council- and seat-level checks follow in the use cases. */
  roles?: Role[];
  /** Pages anyone may open (sign-in). */
  public?: boolean;
  params?: ZodType;
  /** The system administrator may open this page for any agency, even one not set up yet. */
  administersAgencies?: boolean;
  /**
   * The forms on the page, by the hidden `form` field each posts: the field a
   * refusal that names no field is shown against, and whether the form's
   * field ids carry the form's name (two forms on one page asking for `placements`).
   */
  forms?: Record<string, { main: string; prefixed?: boolean }>;
}

/** The ports every page's checks take: the agreement (membership, and the chrome's agency). */
const PAGE_PORTS = { agencies };

/** The ports of a page that names `A` (shared/store/adapters.ts) besides those its checks take. */
export type PagePorts<A extends Adapters> = Ports<typeof PAGE_PORTS & A>;

export interface PageRequest<P = Record<string, string>, D = Pick<Deps, 'agencies' | 'clock'>> {
  caller: Caller;
  params: P;
  query: Record<string, string | undefined>;
  form: Record<string, string>;
  files: Record<string, UploadedFile>;
  deps: D;
  /** The token every form that changes something carries. */
  csrf: string;
  chrome: Chrome;
  agency: Agency | undefined;
  path: string;
  /** The Host the request came to: cookies are Secure everywhere but http://127.0.0.1. */
  host: string | undefined;
  /** The request's headers, names in lower case. */
  headers: Record<string, string | undefined>;
}

export type PageResult = { status?: number; body: Html; headers?: Record<string, string> } | { redirect: string; cookies?: string[] };

export interface PageHandlers<P, D = PagePorts<{}>> {
  /** GET: the page; after a refused POST, the same page with the problems and what was typed. */
  view?: (request: PageRequest<P, D>, problems?: Problem[]) => Promise<PageResult | Html>;
  /** POST: does the change through the use case and redirects (post/redirect/get). */
  submit?: (request: PageRequest<P, D>) => Promise<PageResult>;
}

/**
 * Every page may run govuk-frontend's script from this origin and nothing
 * else: no inline script or style, no other origin, forms only to here.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  // Pages carry a council's money: never kept by a shared cache or the back button of a shared machine.
  'cache-control': 'no-store',
};

/** The request being served, for the error mapping to show its form again (keyed by event: the local server serves several at once). */
const inFlight = new WeakMap<PageEvent, PageRequest<unknown, unknown>>();

type InferOr<S, Fallback> = S extends ZodType ? z.infer<S> : Fallback;

/**
 * A page, given the ports it names (shared/store/adapters.ts) besides those
 * its checks take: its audience's function carries those stores only.
 */
export function pageRoute<S extends PageSpec, A extends Adapters>(spec: S, adapters: A, handlers: PageHandlers<InferOr<S['params'], Record<string, string>>, PagePorts<A>>) {
  type P = InferOr<S['params'], Record<string, string>>;
  const ports = portsFor({ ...PAGE_PORTS, ...adapters });
  return middy<PageEvent, APIGatewayProxyStructuredResultV2>()
    .use({
      onError: async (request) => {
        request.response = await errorToPage(request.error, request.event, spec, handlers as PageHandlers<unknown, unknown>, inFlight.get(request.event));
      },
    })
    .handler(async (event) => {
      const method = event.requestContext.http.method;
      const headers: Record<string, string | undefined> = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v as string | undefined]));
      // Payload v2 hands cookies over in their own list, not as a header.
      if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
      const session = sessionCookie(headers.cookie);
      const runtime = ports();
      let caller: Caller = { sub: 'anonymous', groups: [] };
      if (!spec.public) {
        if (!session) throw new UnauthenticatedError('Sign in to continue');
        caller = await authenticate({ authorization: `Bearer ${session}` });
        if (spec.roles) requireRole(caller, ...spec.roles);
      }
      const params = (spec.params ? parseParams(spec.params, event.pathParameters ?? {}) : (event.pathParameters ?? {})) as P;
      const agencyId = (params as Record<string, unknown>).agency;
      let agency: Agency | undefined;
      if (typeof agencyId === 'string' && !spec.public) {
        if (spec.administersAgencies && hasRole(caller, 'admin')) {
          agency = await runtime.agencies.find(agencyId);
        } else {
          requireAgencyMember(caller, agencyId);
          agency = await runtime.agencies.get(agencyId);
          caller = callerInAgency(caller, agency);
          if (spec.roles) requireRole(caller, ...spec.roles);
        }
      } else if (caller.agency) {
        agency = await runtime.agencies.find(caller.agency);
      }
      const csrf = session ? csrfToken(session) : '';
      const { form, files } = method === 'POST' ? parseForm(event) : { form: {}, files: {} };
      const path = event.rawPath;
      const current: PageRequest<P, PagePorts<A>> = {
        caller,
        params,
        query: event.queryStringParameters ?? {},
        form,
        files,
        // The agreement read for the checks above is the use cases' too: a page's reads of it are not made again.
        deps: agency ? withAgreement(runtime, agency) : runtime,
        csrf,
        chrome: chromeFor({ caller, agency, csrf, path, today: todayOf(runtime) }),
        agency,
        path,
        host: headers.host ?? event.requestContext.domainName,
        headers,
      };
      inFlight.set(event, current as PageRequest<unknown, unknown>);
      if (method === 'POST') {
        // A form that changes something must carry the token of this session (spec.public forms change nothing of anyone's).
        if (!spec.public && (!session || !csrfMatches(session, form.csrf))) throw new CsrfRefused();
        if (!handlers.submit) throw new NotFoundError(`Nothing to send to ${path}`);
        return toResponse(await handlers.submit(current), event);
      }
      if (!handlers.view) throw new NotFoundError(`No page ${path}`);
      return toResponse(await handlers.view(current), event);
    });
}

/** The page's form was not sent from a page of this session: refused, nothing done. */
class CsrfRefused extends ForbiddenError {
  constructor() {
    super('This form has expired or did not come from this service. Go back, reload the page and try again.');
  }
}

function todayOf(runtime: Pick<Deps, 'clock'>): string {
  return runtime.clock.now().toISOString().slice(0, 10);
}

function parseParams(schema: ZodType, raw: Record<string, string | undefined>): unknown {
  const result = schema.safeParse(raw);
  // A page address that is not one of ours is a page that does not exist.
  if (!result.success) throw new NotFoundError(`No page at this address (${result.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  return result.data;
}

function toResponse(result: PageResult | Html, event: PageEvent): APIGatewayProxyStructuredResultV2 {
  if ('redirect' in result) {
    return { statusCode: 303, headers: { location: result.redirect, 'cache-control': 'no-store' }, ...(result.cookies ? { cookies: result.cookies } : {}), body: '' };
  }
  const page = 'body' in result ? result : { body: result };
  void event;
  return { statusCode: page.status ?? 200, headers: { ...PAGE_HEADERS, ...page.headers }, body: String(page.body) };
}

/** Field labels in the council's words, for the error summary: "Number of placements must not be negative". */
const LABELS: Record<string, string> = {
  placements: 'Number of placements',
  note: 'Note',
  councilBudgetRef: 'Council budget reference',
  reason: 'Reason',
  amountPence: 'Amount',
  receivedOn: 'Date received',
  reference: 'Reference',
  on: 'Date',
  description: 'Description',
  kind: 'Kind',
  caseRef: 'Case reference',
  placedOn: 'Date placed',
  feePence: 'Fee',
  counterparty: 'Other agency',
  council: 'Council',
  year: 'Year',
  decision: 'Decision',
  comment: 'Comment',
  purpose: 'Purpose',
  line: 'Cost line',
  lines: 'Spend lines',
  category: 'Category',
  summary: 'Summary',
  file: 'File',
  chairSeat: 'The chair’s seat',
  hostCouncil: 'Host council',
  goLiveOn: 'Go-live date',
  councils: 'Councils',
  seats: 'Seats',
  counterparties: 'Other agencies',
};

function label(path: string): string {
  const parts = path.split('.');
  const last = parts.filter((p) => !/^\d+$/.test(p)).at(-1) ?? path;
  const row = parts.find((p) => /^\d+$/.test(p));
  const name = LABELS[last] ?? last.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/^./, (c) => c.toUpperCase());
  return row !== undefined ? `${name} (row ${Number(row) + 1})` : name;
}

export const STALE_CHANGE = 'Someone changed this since you opened it. The page now shows their change; check it and send yours again if it is still right.';

/** Each refusal as the error summary shows it, against the field it names (or the form's main field). */
export function problemsOf(error: DomainError, formId: string | undefined, spec: PageSpec): Problem[] {
  const formSpec = formId ? spec.forms?.[formId] : undefined;
  const field = (path: string) => (formSpec?.prefixed && formId ? `${formId}.${path}` : path);
  const main = formSpec ? field(formSpec.main) : undefined;
  if (error instanceof ValidationError) {
    return error.problems.map((p) => (p.path && p.path !== 'body' && !/^[A-Z]/.test(p.path) ? { field: field(p.path), text: `${label(p.path)} ${p.message}` } : { field: main, text: p.message }));
  }
  if (error instanceof PreconditionRequiredError || (error instanceof ConflictError && error.code === 'VERSION_CONFLICT')) {
    return [{ field: main, text: STALE_CHANGE }];
  }
  // A rule that names the fields it refuses (BEFORE_GO_LIVE names placedOn, COMMENTARY_MISSING each figure) is shown against each.
  const named = (error.details as { path?: unknown; message?: unknown; indicator?: unknown; council?: unknown }[]).filter((d) => d && typeof d === 'object' && typeof d.path === 'string');
  if (named.length > 0) {
    return named.map((d) => ({
      field: field(d.path as string),
      text: typeof d.indicator === 'string' ? `Commentary is needed on ${d.indicator} (${typeof d.council === 'string' ? d.council : 'the agency'}): a significant variance` : typeof d.message === 'string' ? `${label(d.path as string)} ${d.message}` : error.message,
    }));
  }
  return [{ field: main, text: error.message }];
}

async function errorToPage(error: unknown, event: PageEvent, spec: PageSpec, handlers: PageHandlers<unknown, unknown>, request: PageRequest<unknown, unknown> | undefined): Promise<APIGatewayProxyStructuredResultV2> {
  const chrome = request?.chrome ?? chromeFor({ caller: undefined, agency: undefined, csrf: undefined, path: event.rawPath, today: undefined });
  if (error instanceof UnauthenticatedError) {
    const back = event.requestContext.http.method === 'GET' ? `?then=${encodeURIComponent(event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : ''))}` : '';
    return { statusCode: 303, headers: { location: `/sign-in${back}`, 'cache-control': 'no-store' }, body: '' };
  }
  if (error instanceof DomainError && [400, 409, 415, 422, 428].includes(error.status) && request && handlers.view && event.requestContext.http.method === 'POST') {
    const problems = problemsOf(error, request.form.form, spec);
    try {
      return toResponse(withStatus(await handlers.view(request, problems), error.status === 415 ? 400 : error.status), event);
    } catch (viewError) {
      logger.error('page could not be shown again after a refusal', { error: String(viewError), path: event.rawPath });
    }
  }
  if (error instanceof ForbiddenError) {
    return toResponse({ status: 403, body: errorPage(chrome, 'You cannot see this page', html`<p class="govuk-body">${error.message}</p><p class="govuk-body">Your role does not give access to it. If you think it should, ask your agency's administrator.</p>`) }, event);
  }
  if (error instanceof NotFoundError) {
    return toResponse({ status: 404, body: errorPage(chrome, 'Page not found', html`<p class="govuk-body">${error.message}</p><p class="govuk-body">If you typed the web address, check it is correct.</p>`) }, event);
  }
  if (error instanceof DomainError) {
    return toResponse({ status: error.status, body: errorPage(chrome, 'There is a problem', html`<p class="govuk-body">${error.message}</p>`) }, event);
  }
  logger.error('unhandled page error', { error, path: event.rawPath });
  return toResponse({ status: 500, body: errorPage(chrome, 'Sorry, there is a problem with the service', html`<p class="govuk-body">Something went wrong on our side; nothing you sent was at fault. Try again later.</p>`) }, event);
}

function withStatus(result: PageResult | Html, status: number): PageResult {
  if ('redirect' in result) return result;
  return 'body' in result ? { ...result, status } : { status, body: result };
}

export { SESSION_COOKIE };

/** A read that may find nothing yet (no protocol for the year, no report started): undefined, not a 404 page. */
export async function ifFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
