/**
 * The Cognito ID token check (shared/auth/) against tokens signed by jose, an
 * independent implementation, and a key set served over HTTP by a stand-in
 * for the user pool's `.well-known/jwks.json`.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remoteJsonWebKeySet } from '../../shared/auth/json-web-keys.ts';
import { verifiedClaims } from '../../shared/auth/json-web-token.ts';

const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_TEST';
const CLIENT = 'pages-client';
const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);
const expect_ = { issuer: ISSUER, audience: CLIENT, now: () => NOW };

const first = generateKeyPairSync('rsa', { modulusLength: 2048 });
const second = generateKeyPairSync('rsa', { modulusLength: 2048 });

let served: { kid: string; key: KeyObject }[];
let fetches: number;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: served.map(({ kid, key }) => ({ ...key.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' })) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  served = [{ kid: 'one', key: first.publicKey }];
  fetches = 0;
});

function idToken(claims: JWTPayload = {}, { kid = 'one', key = first.privateKey }: { kid?: string; key?: KeyObject } = {}): Promise<string> {
  const defaults = { token_use: 'id', 'custom:agency': 'adoption-at-heart', iss: ISSUER, aud: CLIENT, sub: 'walsall-finance', iat: NOW / 1000 - 60, exp: NOW / 1000 + 3600 };
  return new SignJWT({ ...defaults, ...claims }).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
}

describe('an RS256 token checked against the pool’s key set', () => {
  it('gives its claims when signature, issuer, audience and expiry hold', async () => {
    const claims = await verifiedClaims(await idToken(), remoteJsonWebKeySet(url), expect_);
    expect(claims).toMatchObject({ sub: 'walsall-finance', iss: ISSUER, aud: CLIENT, token_use: 'id', 'custom:agency': 'adoption-at-heart' });
  });

  it('accepts an audience listed among others', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'one' }).setIssuer(ISSUER).setAudience(['other', CLIENT]).setSubject('s').setExpirationTime(NOW / 1000 + 60).sign(first.privateKey);
    expect(await verifiedClaims(token, remoteJsonWebKeySet(url), expect_)).toMatchObject({ sub: 's' });
  });

  it('refuses a token whose claims were altered after signing', async () => {
    const [header, , signature] = (await idToken()).split('.');
    const altered = Buffer.from(JSON.stringify({ sub: 'dudley-finance', iss: ISSUER, aud: CLIENT, exp: NOW / 1000 + 3600, token_use: 'id' })).toString('base64url');
    expect(await verifiedClaims(`${header}.${altered}.${signature}`, remoteJsonWebKeySet(url), expect_)).toBeUndefined();
  });

  it('refuses a token signed by another key under a known key id', async () => {
    expect(await verifiedClaims(await idToken({}, { key: second.privateKey }), remoteJsonWebKeySet(url), expect_)).toBeUndefined();
  });

  it.each([
    ['another issuer', { iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_OTHER' }],
    ['another audience', { aud: 'api-client' }],
    ['an expiry passed', { exp: NOW / 1000 - 1 }],
    ['a not-before to come', { nbf: NOW / 1000 + 60 }],
    ['no subject', { sub: '' }],
  ])('refuses %s', async (_what, claims) => {
    expect(await verifiedClaims(await idToken(claims), remoteJsonWebKeySet(url), expect_)).toBeUndefined();
  });

  it('refuses any algorithm but RS256: none, and HS256 keyed with the public key', async () => {
    const payload = Buffer.from(JSON.stringify({ sub: 's', iss: ISSUER, aud: CLIENT, exp: NOW / 1000 + 60 })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'one' })).toString('base64url')}.${payload}.`;
    const publicPem = first.publicKey.export({ format: 'pem', type: 'spki' });
    const hs256 = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'one' }).setIssuer(ISSUER).setAudience(CLIENT).setSubject('s').setExpirationTime(NOW / 1000 + 60).sign(new TextEncoder().encode(String(publicPem)));
    const keys = remoteJsonWebKeySet(url);
    expect(await verifiedClaims(none, keys, expect_)).toBeUndefined();
    expect(await verifiedClaims(hs256, keys, expect_)).toBeUndefined();
    expect(await verifiedClaims('not.a.token', keys, expect_)).toBeUndefined();
  });

  it('fetches the key set once, again when the pool rotates to a key it has not seen, and not for every unknown key id', async () => {
    let clock = NOW;
    const keys = remoteJsonWebKeySet(url, { cooldownMs: 300_000, now: () => clock });
    expect(await verifiedClaims(await idToken(), keys, expect_)).toBeDefined();
    expect(await verifiedClaims(await idToken(), keys, expect_)).toBeDefined();
    expect(fetches).toBe(1);

    // Forged key ids within the cooldown cost no fetch.
    expect(await verifiedClaims(await idToken({}, { kid: 'forged', key: second.privateKey }), keys, expect_)).toBeUndefined();
    expect(fetches).toBe(1);

    // The pool rotates: once the cooldown has passed, a token under the new key fetches the set again and holds.
    served = [{ kid: 'two', key: second.publicKey }];
    clock += 300_000;
    expect(await verifiedClaims(await idToken({}, { kid: 'two', key: second.privateKey }), keys, expect_)).toMatchObject({ sub: 'walsall-finance' });
    expect(fetches).toBe(2);
  });
});
