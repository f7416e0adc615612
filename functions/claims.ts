import { ROLES, type Caller, type Role } from '#shared/schemas/identity';
import { UnauthenticatedError } from '#shared/errors';

/**
 * Reads the caller from the JWT authorizer's claims. API Gateway flattens
 * `cognito:groups` to a string such as "[finance-officer scb-member]"; the
 * local server passes the array. Both are accepted.
 */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw new UnauthenticatedError('Sign in: a bearer token is required');
  return { sub, groups: parseGroups(claims?.['cognito:groups']), council: typeof claims?.['custom:council'] === 'string' ? (claims['custom:council'] as string) : undefined };
}

function parseGroups(raw: unknown): Role[] {
  const values = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  return values.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}
