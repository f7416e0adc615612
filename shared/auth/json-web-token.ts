/**
 * Verifies a JSON Web Token signed with RS256 (RFC 7515, 7519) against a key
 * set, with node:crypto: the checks a Cognito ID token needs and nothing
 * more, instead of a general JOSE library in every function's bundle. Any
 * other algorithm (`none`, HS256 with the public key as its secret) is
 * refused before a key is looked up.
 */
import { verify as verifySignature } from 'node:crypto';
import type { JsonWebKeySet } from './json-web-keys.ts';

export interface TokenExpectations {
  issuer: string;
  /** The one audience accepted (`aud` equal to it, or an array holding it). */
  audience: string;
  now?: () => number;
}

/** The token's claims if its signature, issuer, audience, expiry and not-before all hold, and it names a subject; undefined otherwise. */
export async function verifiedClaims(token: string, keys: JsonWebKeySet, expect: TokenExpectations): Promise<Record<string, unknown> | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = jsonObject(encodedHeader);
  if (header?.alg !== 'RS256' || typeof header.kid !== 'string') return undefined;
  const key = await keys.key(header.kid);
  if (!key) return undefined;
  const signed = verifySignature('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), key, Buffer.from(encodedSignature, 'base64url'));
  if (!signed) return undefined;
  const claims = jsonObject(encodedPayload);
  if (!claims) return undefined;
  const seconds = (expect.now ?? Date.now)() / 1000;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== expect.issuer || !audiences.includes(expect.audience)) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds) return undefined;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > seconds)) return undefined;
  if (typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  return claims;
}

function jsonObject(base64url: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
