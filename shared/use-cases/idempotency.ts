/**
 * What a create a client may retry carries to its store (`Idempotency`, in
 * shared/ports.ts): the key, scoped to the signed-in user and the route, and
 * a fingerprint of the body, to tell a retry from a different request under
 * the same key.
 */
import { createHash } from 'node:crypto';

/** A stable fingerprint of a request body, to tell a retry from a different request under the same key. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The scope of a key: who called which route. */
export function idempotencyScope(caller: { sub: string }, route: string): string {
  return `${caller.sub}#${route}`;
}
