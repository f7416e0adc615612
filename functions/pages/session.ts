/**
 * The session is the Cognito ID token (locally, a token of the same claims)
 * in a first-party cookie: HttpOnly, so no script can read it; SameSite=Lax,
 * so another site's form never carries it; Secure everywhere but plain
 * http://127.0.0.1. Every form that changes something carries a token derived
 * from the session by HMAC-SHA256 (keyed by the session itself): a page that
 * cannot read the HttpOnly cookie cannot compute it, and it dies with the session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'raa_session';

export function cookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) jar.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return jar;
}

export function sessionCookie(header: string | undefined): string | undefined {
  const value = cookies(header).get(SESSION_COOKIE);
  return value && /^[A-Za-z0-9._-]+$/.test(value) ? value : undefined;
}

export function csrfToken(session: string): string {
  return createHmac('sha256', session).update('raa-csrf').digest('base64url');
}

export function csrfMatches(session: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(csrfToken(session));
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Plain HTTP only on this machine's loopback address (`npm start`); everywhere else the cookie needs HTTPS. */
export function secureCookies(host: string | undefined): boolean {
  return !/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host ?? '');
}

export function setSessionCookie(token: string, maxAgeSeconds: number, host: string | undefined): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secureCookies(host) ? '; Secure' : ''}`;
}

export function clearSessionCookie(host: string | undefined): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secureCookies(host) ? '; Secure' : ''}`;
}

/** Seconds until the token's `exp`, read without verifying (it was just issued or verified). */
export function secondsLeft(token: string, nowMs: number): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp - Math.floor(nowMs / 1000) : 3600;
  } catch {
    return 0;
  }
}
