/**
 * A JSON Web Key Set fetched from its URL (a Cognito user pool's
 * `.well-known/jwks.json`) and kept for the container's life: fetched on
 * first use, and again when a token names a key not in it (the pool rotated
 * its keys), at most once per cooldown so a stream of forged key ids cannot
 * make every request fetch. Only RSA signing keys are kept.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

// Node's modules themselves, not their ES module namespaces (importing node:http's namespace loads Node's fetch, some 20 ms of a cold start).
const http = process.getBuiltinModule('node:http') as typeof Http;
const https = process.getBuiltinModule('node:https') as typeof Https;

export interface JsonWebKeySet {
  /** The key with this id, fetching the set again if it is not known and the cooldown has passed; undefined for a key the set does not have. */
  key(kid: string): Promise<KeyObject | undefined>;
}

export interface JsonWebKeySetOptions {
  /** How long after a fetch an unknown key id does not fetch again (default 5 minutes, as jose's `createRemoteJWKSet`). */
  cooldownMs?: number;
  now?: () => number;
}

export function remoteJsonWebKeySet(url: string, options: JsonWebKeySetOptions = {}): JsonWebKeySet {
  const cooldownMs = options.cooldownMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let keys = new Map<string, KeyObject>();
  let fetchedAt: number | undefined;
  let fetching: Promise<void> | undefined;

  const refresh = () =>
    (fetching ??= getJson(url)
      .then((set) => {
        keys = signingKeys(set);
        fetchedAt = now();
      })
      .finally(() => {
        fetching = undefined;
      }));

  return {
    async key(kid) {
      if (!keys.has(kid) && (fetchedAt === undefined || now() - fetchedAt >= cooldownMs)) await refresh();
      return keys.get(kid);
    },
  };
}

/** The RSA keys meant for signatures (`use` absent or `sig`, `alg` absent or RS256), by key id. */
function signingKeys(set: unknown): Map<string, KeyObject> {
  const listed = typeof set === 'object' && set !== null && Array.isArray((set as { keys?: unknown }).keys) ? ((set as { keys: unknown[] }).keys as Record<string, unknown>[]) : [];
  const keys = new Map<string, KeyObject>();
  for (const jwk of listed) {
    if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== 'RS256')) continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' }));
    } catch {
      // A malformed key is no key: a token naming it is refused.
    }
  }
  return keys;
}

function getJson(url: string): Promise<unknown> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { timeout: 5_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`${url} answered ${response.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url} did not answer within 5 s`)));
    request.on('error', reject);
  });
}
