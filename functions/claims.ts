/**
 * Who is calling: the bearer token verified, and the caller read from its
 * claims. The same code answers in both runtimes, so a refused token gets the
 * same `{"error": {code, message, details}}` 401 everywhere.
 *
 * Why the function verifies the token and API Gateway does not: an HTTP API's
 * JWT authorizer answers a bad token itself with `{"message":"Unauthorized"}`,
 * and an HTTP API (unlike a REST API) has no gateway responses to reshape it.
 * The OpenAPI document promises the error shape on every status, so the
 * routes carry no authorizer and each function verifies the Cognito ID token
 * here (signature against the pool's JWKS, issuer, audience = the app client,
 * expiry, `token_use: id`; shared/auth/, on node:crypto). The JWKS is fetched
 * once per container and cached, and again when the pool rotates its keys;
 * the stage's throttle bounds what unauthenticated calls can cost.
 * Locally the runtime installs a verifier of its own locally signed tokens.
 */
import { remoteJsonWebKeySet } from '#shared/auth/json-web-keys';
import { verifiedClaims } from '#shared/auth/json-web-token';
import { ROLES, type Caller, type Role } from '#shared/schemas/identity';
import { UnauthenticatedError } from '#shared/errors';

/** The claims of a valid token, or undefined for a missing, forged or expired one. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Record<string, unknown> | undefined>;

let verifier: TokenVerifier | undefined;

/** The local runtime verifies its own tokens; in Lambda the Cognito verifier is built on first use. */
export function installTokenVerifier(verify: TokenVerifier): void {
  verifier = rememberVerified(verify);
}

/** The caller behind the request's bearer token; 401 (UnauthenticatedError) without a valid one. */
export async function authenticate(headers: Record<string, string | undefined>): Promise<Caller> {
  verifier ??= rememberVerified(cognitoIdTokenVerifier());
  const claims = await verifier(headers['authorization']);
  if (!claims) throw new UnauthenticatedError('Sign in: send a valid, unexpired bearer token (Authorization: Bearer <ID token>)');
  return callerFromClaims(claims);
}

/**
 * Remembers the claims of each token verified, until the token expires. A
 * signed-in user sends the same ID token with every request for up to an
 * hour, and checking its signature again was a tenth of a warm server's CPU
 * under load. Keyed by the whole token, signature included: only the very
 * string once verified is recognised, and a refused token is never
 * remembered. At most `size` tokens, the oldest forgotten first.
 */
export function rememberVerified(verify: TokenVerifier, size = 1000, now: () => number = Date.now): TokenVerifier {
  const verified = new Map<string, Record<string, unknown>>();
  return async (authorization) => {
    const token = bearerToken(authorization);
    const known = token === undefined ? undefined : verified.get(token);
    if (known && Number(known.exp) * 1000 > now()) return known;
    if (token !== undefined) verified.delete(token);
    const claims = await verify(authorization);
    if (claims && token !== undefined && Number(claims.exp) * 1000 > now()) {
      if (verified.size >= size) verified.delete(verified.keys().next().value!);
      verified.set(token, claims);
    }
    return claims;
  };
}

/**
 * Reads the caller from the token's claims. Cognito's ID token carries
 * `cognito:groups` as an array; API Gateway used to flatten it to a string
 * such as "[finance-officer scb-member]". Both are accepted.
 */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw new UnauthenticatedError('Sign in: a bearer token is required');
  return {
    sub,
    groups: parseGroups(claims?.['cognito:groups']),
    agency: stringClaim(claims, 'custom:agency'),
    council: stringClaim(claims, 'custom:council'),
  };
}

function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function parseGroups(raw: unknown): Role[] {
  const values = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  return values.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

/** Cognito's ID tokens of this user pool and app client (USER_POOL_ID, USER_POOL_CLIENT_ID, set by the API stack). */
function cognitoIdTokenVerifier(): TokenVerifier {
  const poolId = process.env.USER_POOL_ID;
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!poolId || !clientId) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID must be set to verify tokens');
  const region = poolId.split('_')[0];
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
  const keys = remoteJsonWebKeySet(`${issuer}/.well-known/jwks.json`);
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) return undefined;
    try {
      const claims = await verifiedClaims(token, keys, { issuer, audience: clientId });
      // An access token carries no custom attributes (no agency, no council): only the ID token identifies a member.
      return claims?.token_use === 'id' ? claims : undefined;
    } catch {
      // The key set could not be fetched: no token can be verified.
      return undefined;
    }
  };
}

/** `Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}
