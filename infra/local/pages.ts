/**
 * The pages on one machine: what CloudFront does in AWS. Paths the API owns
 * go to the API; /assets/ are the hashed static files (served from
 * node_modules' govuk-frontend, as S3 serves them in AWS); everything else goes,
 * as API Gateway's routes send it, to the function of the page's audience
 * (functions/pages/routes.ts), or to everyone's pages for an address that is
 * no page, called with the same v2 event API Gateway builds. The sign-in page listing the seeded users exists only
 * here, like /local/token: it mints the same token and sets it as the session.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiPathPrefixes } from '../api-paths.ts';
import { safeReturnPath } from '../../functions/pages/sign-in.ts';
import { PAGE_HEADERS } from '../../functions/pages/page.ts';
import { FALLBACK_PAGES_ENTRY, pages as pageSpecs } from '../../functions/pages/routes.ts';
import { matchPage } from '../../functions/pages/serve-pages.ts';
import { setSessionCookie, secondsLeft } from '../../functions/pages/session.ts';
import { installPageAssets } from '../../shared/views/assets.ts';
import { chromeFor } from '../../shared/views/chrome.ts';
import { button, errorSummary, heading, notificationBanner, radios } from '../../shared/views/components.ts';
import { html } from '../../shared/views/html.ts';
import { page } from '../../shared/views/layout.ts';
import { buildPageAssets, type PageAsset } from '../page-assets.ts';
import { lambdaContext, loadHandler } from './handlers.ts';
import type { LocalTokens } from './tokens.ts';
import { localUsers } from './users.ts';

let prefixes: string[] | undefined;

export function isApiPath(path: string): boolean {
  prefixes ??= apiPathPrefixes();
  return path.startsWith('/local/') || prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export interface LocalPages {
  serve(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void>;
}

const servers = new WeakMap<LocalTokens, LocalPages>();

/** What the local HTTP server calls for every path outside the API. */
export function servePage(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, tokens: LocalTokens): Promise<void> {
  let pages = servers.get(tokens);
  if (!pages) servers.set(tokens, (pages = localPages({ tokens })));
  return pages.serve(req, res, url, body);
}

export function localPages(options: { tokens: LocalTokens }): LocalPages {
  const { assets, paths } = buildPageAssets();
  installPageAssets(paths);
  const byPath = new Map<string, PageAsset>(assets.map((a) => [a.path, a]));

  return {
    async serve(req, res, url, body) {
      const method = req.method ?? 'GET';
      if (url.pathname.startsWith('/assets/')) {
        const asset = byPath.get(url.pathname);
        if (!asset || (method !== 'GET' && method !== 'HEAD')) return plain(res, 404, 'Not found');
        res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
        res.end(method === 'HEAD' ? undefined : asset.body);
        return;
      }
      if (url.pathname === '/sign-in') return signInLocally(req, res, url, body, options.tokens);
      const event = pageEvent(req, url, body);
      const page = matchPage(url.pathname);
      const handler = await loadHandler(page ? pageSpecs[page.name].entry : FALLBACK_PAGES_ENTRY, 'handler');
      const result = (await handler(event, lambdaContext('pages'))) as APIGatewayProxyStructuredResultV2;
      const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.body ?? '');
    },
  };
}

function pageEvent(req: IncomingMessage, url: URL, body: Buffer) {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  const contentType = headers['content-type'] ?? '';
  // API Gateway hands a multipart body over base64-encoded; a form's urlencoded body as text.
  const binary = contentType.startsWith('multipart/');
  const query = Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).join(',')]));
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(body.length ? { body: binary ? body.toString('base64') : body.toString('utf8') } : {}),
    isBase64Encoded: binary && body.length > 0,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local-pages',
      domainName: req.headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
}

async function signInLocally(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, tokens: LocalTokens): Promise<void> {
  const method = req.method ?? 'GET';
  const then = safeReturnPath(url.searchParams.get('then') ?? undefined);
  if (method === 'POST') {
    const form = new URLSearchParams(body.toString('utf8'));
    const user = localUsers.find((u) => u.sub === form.get('user'));
    if (!user) return signInPage(res, then, 400);
    const token = await tokens.mint({ sub: user.sub, groups: user.groups, council: user.council, agency: (user as { agency?: string }).agency });
    res.writeHead(303, { location: safeReturnPath(form.get('then') ?? undefined), 'set-cookie': setSessionCookie(token, secondsLeft(token, Date.now()), req.headers.host), 'cache-control': 'no-store' });
    res.end();
    return;
  }
  if (method !== 'GET') return plain(res, 405, 'Method not allowed');
  return signInPage(res, then, 200, url.searchParams.has('signed-out'));
}

function signInPage(res: ServerResponse, then: string, status: number, signedOut = false): void {
  const chrome = chromeFor({ caller: undefined, agency: undefined, csrf: undefined, path: '/sign-in', today: undefined });
  const problems = status === 400 ? [{ field: 'user', text: 'Choose who to sign in as' }] : undefined;
  const body = page({
    title: 'Sign in',
    chrome,
    hasErrors: Boolean(problems),
    content: html`${errorSummary(problems)}
      ${signedOut ? notificationBanner('You have signed out.', '', { success: true }) : ''}
      ${heading('On this machine only', 'Sign in')}
      <p class="govuk-body">This system is running locally. Choose one of the seeded people to sign in as. In AWS, people sign in with their own account instead.</p>
      <form method="post" action="/sign-in" novalidate>
        <input type="hidden" name="then" value="${then}">
        ${radios({ name: 'user', label: 'Who are you?', legendClass: 'govuk-fieldset__legend--m', problems, items: localUsers.map((u) => ({ value: u.sub, text: u.sub, hint: u.description })) })}
        ${button('Sign in')}
      </form>`,
  });
  res.writeHead(status, PAGE_HEADERS);
  res.end(String(body));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
