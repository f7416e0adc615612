/**
 * Signing in, in AWS: Cognito's hosted sign-in with the authorization code
 * flow and PKCE (RFC 7636). /sign-in sends the person to the hosted domain
 * with a fresh `state` and code challenge, kept in a short-lived HttpOnly
 * cookie; /auth/callback checks the state, exchanges the code (with the
 * verifier) for the ID token at the token endpoint, verifies it as the API
 * does, and sets it as the session cookie. Locally /sign-in is the page of
 * seeded users instead (infra/local/pages.ts), which never reaches here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UnauthenticatedError } from '#shared/errors';
import { heading } from '#shared/views/components';
import { html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { authenticate } from '../claims.ts';
import { pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { cookies, secondsLeft, secureCookies, setSessionCookie } from './session.ts';
import { servePages } from './serve-pages.ts';

/** These pages take no port besides the agreement. */
const PORTS = {};

const PKCE_COOKIE = 'raa_pkce';

interface HostedSignIn {
  domain: string;
  clientId: string;
  origin: string;
}

function hostedSignIn(): HostedSignIn | undefined {
  const domain = process.env.COGNITO_DOMAIN;
  const clientId = process.env.USER_POOL_CLIENT_ID;
  const origin = process.env.PAGES_ORIGIN;
  return domain && clientId && origin ? { domain, clientId, origin } : undefined;
}

/** Only an address on this site, so a crafted link cannot send a person elsewhere after signing in. */
export function safeReturnPath(then: string | undefined): string {
  return then && /^\/(?!\/)[A-Za-z0-9/_.?=&%-]*$/.test(then) ? then : '/';
}

export const signIn = pageRoute(pages.cognitoSignIn, PORTS, {
  view: async ({ query, chrome, host }) => {
    const hosted = hostedSignIn();
    if (!hosted) return page({ title: 'Sign in', chrome, content: html`${heading(undefined, 'Sign in')}<p class="govuk-body">Sign-in is not configured on this deployment.</p>` });
    const state = randomBytes(24).toString('base64url');
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const then = safeReturnPath(query.then);
    const authorize = new URL(`https://${hosted.domain}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: hosted.clientId,
      redirect_uri: `${hosted.origin}/auth/callback`,
      scope: 'openid email profile',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const value = Buffer.from(JSON.stringify({ state, verifier, then })).toString('base64url');
    return {
      redirect: authorize.toString(),
      cookies: [`${PKCE_COOKIE}=${value}; Path=/auth/callback; HttpOnly; SameSite=Lax; Max-Age=600${secureCookies(host) ? '; Secure' : ''}`],
    };
  },
});

export const callback = pageRoute(pages.cognitoCallback, PORTS, {
  view: async ({ query, host, headers }) => {
    const hosted = hostedSignIn();
    const code = query.code;
    const saved = readPkce(headers.cookie);
    if (!hosted || !code || !saved || saved.state !== query.state) throw new UnauthenticatedError('The sign-in did not complete; start again');
    const response = await fetch(`https://${hosted.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: hosted.clientId, code, redirect_uri: `${hosted.origin}/auth/callback`, code_verifier: saved.verifier }).toString(),
    });
    if (!response.ok) throw new UnauthenticatedError('The sign-in could not be completed; start again');
    const tokens = (await response.json()) as { id_token?: string };
    if (!tokens.id_token) throw new UnauthenticatedError('The sign-in returned no identity; start again');
    await authenticate({ authorization: `Bearer ${tokens.id_token}` });
    return {
      redirect: saved.then,
      cookies: [
        setSessionCookie(tokens.id_token, secondsLeft(tokens.id_token, Date.now()), host),
        `${PKCE_COOKIE}=; Path=/auth/callback; HttpOnly; SameSite=Lax; Max-Age=0${secureCookies(host) ? '; Secure' : ''}`,
      ],
    };
  },
});

function readPkce(cookieHeader: string | undefined): { state: string; verifier: string; then: string } | undefined {
  const raw = cookies(cookieHeader).get(PKCE_COOKIE);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { state?: unknown; verifier?: unknown; then?: unknown };
    if (typeof value.state !== 'string' || typeof value.verifier !== 'string') return undefined;
    return { state: value.state, verifier: value.verifier, then: safeReturnPath(typeof value.then === 'string' ? value.then : undefined) };
  } catch {
    return undefined;
  }
}

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ cognitoSignIn: signIn, cognitoCallback: callback });
