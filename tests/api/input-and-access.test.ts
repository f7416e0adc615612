/**
 * Input and access, everywhere the same, over HTTP against the local runtime:
 * unknown keys refused, a body in another media type refused with 415, a
 * malformed path refused with 400, every 401 in the error shape, a wrong
 * method 404 as API Gateway answers it, and roles that hold in one agency
 * only (the token carries it; an SCB member without a seat is refused).
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/tokens.ts';
import { defaultIndicatorCatalogue } from '../../shared/reference/indicator-catalogue.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem, submitReferenceForecasts, type Reply } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

let system: LocalRuntime;
let api: Client;

/** A year ready to apportion and an approval awaiting the SCB: the requests with an unknown key are refused for that key alone. */
const READY = '2025-26';
let approvalId: string;

beforeAll(async () => {
  system = await startSystem();
  api = new Client(system.url);
  await agreeProtocol(api, READY, YEAR_2_PROTOCOL);
  await submitReferenceForecasts(api, READY);
  approvalId = (await api.as('raa-manager', 'PUT', `${A}/years/2026-27/protocol`, { body: YEAR_2_PROTOCOL })).body.approvalId;
  await system.engine.idle();
});

afterAll(async () => {
  await system?.stop();
});

const A = `/agencies/${AGENCY}`;
const YEAR = '2024-25';
const forecastPath = (council: string) => `${A}/years/${YEAR}/forecasts/${council}`;

/** A person locally: any claims, as Cognito would carry them. */
async function as(claims: { sub: string; groups: string[]; council?: string; agency?: string }, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const { sub, ...rest } = claims;
  const token = await api.tokenFor(sub, rest);
  return api.request(method, path, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
}

function expectErrorShape(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array) } });
}

/** Dudley's forecasts for the year: every refused request below is one for Dudley. */
async function forecastsWritten(): Promise<unknown[]> {
  return (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/forecasts`)).body.forecasts.filter((f: { council: string }) => f.council === 'dudley');
}

describe('a body with a key the contract does not name', () => {
  it.each([
    ['a forecast', 'dudley-finance', 'PUT', () => forecastPath('dudley'), { placements: 40, placments: 41 }, '', 'placments'],
    ['a protocol proposal', 'raa-manager', 'PUT', () => `${A}/years/${YEAR}/protocol`, { ...YEAR_2_PROTOCOL, unitRate: 1 }, '', 'unitRate'],
    ['an apportionment request', 'raa-manager', 'POST', () => `${A}/years/${READY}/apportionment`, { method: 'unit-rate', adjustments: [{ council: 'dudley', amountPence: 1, reason: 'rounding', approvedBy: 'x' }] }, 'adjustments.0', 'approvedBy'],
    ['a decision', 'scb-dudley', 'POST', () => `${A}/approvals/${approvalId}/decisions`, { decision: 'approve', seat: 'walsall' }, '', 'seat'],
    ['an indicator catalogue', 'raa-manager', 'PUT', () => `${A}/years/${YEAR}/indicator-catalogue`, { indicators: defaultIndicatorCatalogue, extra: true }, '', 'extra'],
  ])('is refused with 400 naming the key: %s, and nothing is written', async (_what, who, method, path, body, at, key) => {
    const audit = await system.deps.audit.list(AGENCY, 1);
    const reply = await api.as(who, method, path(), { body });
    expectErrorShape(reply, 400, 'VALIDATION_FAILED');
    expect(reply.body.error.details).toEqual([{ path: at, message: expect.stringContaining(`"${key}"`) }]);
    expect(await system.deps.audit.list(AGENCY, 1)).toEqual(audit);
  });
});

describe('a JSON body sent under another Content-Type', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['form-encoded, as curl -d sends without -H', 'application/x-www-form-urlencoded'],
    ['CSV, to a route that takes JSON only', 'text/csv'],
  ])('is refused with 415 when it is %s, and nothing is written', async (_what, contentType) => {
    const reply = await api.request('PUT', forecastPath('dudley'), {
      rawBody: JSON.stringify({ placements: 40 }),
      headers: { 'content-type': contentType, authorization: `Bearer ${await api.tokenFor('dudley-finance')}` },
    });
    expectErrorShape(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(reply.body.error.details).toEqual([{ path: 'Content-Type', message: 'must be application/json' }]);
    expect(await forecastsWritten()).toEqual([]);
  });

  it('is taken with a charset, and under a +json media type', async () => {
    const token = `Bearer ${await api.tokenFor('walsall-finance')}`;
    const withCharset = await api.request('PUT', forecastPath('walsall'), { rawBody: '{"placements": 35}', headers: { 'content-type': 'application/json; charset=utf-8', authorization: token } });
    const plusJson = await api.request('PUT', forecastPath('walsall'), { rawBody: '{"placements": 36}', headers: { 'content-type': 'application/merge-patch+json', authorization: token, 'if-match': '1' } });
    expect(withCharset.status).toBe(200);
    expect(plusJson.status).toBe(200);
  });

  it('is told the route also takes CSV where it does', async () => {
    const reply = await api.request('PUT', `${A}/quarters/2024-25-Q1/spend`, { rawBody: 'line=Staffing', headers: { 'content-type': 'text/plain', authorization: `Bearer ${await api.tokenFor('wolverhampton-finance')}` } });
    expectErrorShape(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(reply.body.error.details).toEqual([{ path: 'Content-Type', message: 'must be application/json or text/csv' }]);
  });
});

describe('a path with a malformed percent-encoding', () => {
  it.each([
    ['the agency', `/agencies/adoption%E0%A4%A/years/${YEAR}/forecasts`, 'agency'],
    ['the year', `${A}/years/2024-2%/forecasts`, 'year'],
    ['the council', `${A}/years/${YEAR}/forecasts/dud%ZZley`, 'council'],
  ])('is refused with 400 naming %s, not 500', async (_what, path, param) => {
    const reply = await api.as('dudley-finance', path.endsWith('forecasts') ? 'GET' : 'PUT', path, path.endsWith('forecasts') ? {} : { body: { placements: 1 } });
    expectErrorShape(reply, 400, 'VALIDATION_FAILED');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual([param]);
  });
});

describe('a request without a valid token', () => {
  const path = `${A}/years/${YEAR}/forecasts`;
  const signed = (build: (jwt: SignJWT) => SignJWT) =>
    build(new SignJWT({ 'cognito:groups': ['raa-manager'], 'custom:agency': AGENCY }).setProtectedHeader({ alg: 'HS256' }).setSubject('raa-manager').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setIssuedAt()).sign(system.tokens.secret);

  it('is refused with 401 in the same error shape as every other error, without a token', async () => {
    expectErrorShape(await api.request('GET', path), 401, 'UNAUTHENTICATED');
  });

  it('is refused with 401 for a token that never expires (no exp claim)', async () => {
    const token = await signed((jwt) => jwt);
    expectErrorShape(await api.request('GET', path, { headers: { authorization: `Bearer ${token}` } }), 401, 'UNAUTHENTICATED');
  });

  it('is refused with 401 for an expired token, and accepted with the same claims unexpired', async () => {
    const expired = await signed((jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60));
    const fresh = await signed((jwt) => jwt.setExpirationTime('5m'));
    expectErrorShape(await api.request('GET', path, { headers: { authorization: `Bearer ${expired}` } }), 401, 'UNAUTHENTICATED');
    expect((await api.request('GET', path, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
  });

  it('gets a token from /local/token that carries an expiry and the agency', async () => {
    const reply = await api.request('POST', '/local/token', { body: { sub: 'scb-dudley' } });
    const payload = JSON.parse(Buffer.from(reply.body.token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'scb-dudley', 'custom:agency': AGENCY, 'custom:council': 'dudley', exp: expect.any(Number) });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(12 * 60 * 60);
  });
});

describe('a method a path does not take', () => {
  it.each([
    ['DELETE', A],
    ['PATCH', forecastPath('dudley')],
    ['POST', `${A}/years/${YEAR}/position`],
  ])('gets 404, as API Gateway answers it: %s', async (method, path) => {
    expectErrorShape(await api.as('admin', method, path), 404, 'NOT_FOUND');
  });
});

describe('roles that belong to an agency', () => {
  const croydonScb = { sub: 'scb-croydon', groups: ['scb-member'], council: 'croydon', agency: AGENCY };
  const otherAgencyManager = { sub: 'nra-manager', groups: ['raa-manager'], agency: 'north-riding-adoption' };
  const noAgencyManager = { sub: 'stray-manager', groups: ['raa-manager'] };

  it.each([
    ['reads the agency', 'GET', A],
    ['reads the position', 'GET', `${A}/years/${YEAR}/position`],
    ['reads the placements', 'GET', `${A}/years/${YEAR}/placements`],
    ['lists the approvals', 'GET', `${A}/approvals`],
    ['reads the reserve', 'GET', `${A}/reserve`],
  ])('an SCB member "for croydon", without a seat on this board, is refused with 403 when it %s', async (_what, method, path) => {
    expectErrorShape(await as(croydonScb, method, path), 403, 'FORBIDDEN');
  });

  it.each([
    ['a member of another agency', otherAgencyManager],
    ['a token naming no agency', noAgencyManager],
  ])('%s sees nothing of Adoption@Heart: 403 on its agreement, position and placements', async (_who, person) => {
    for (const path of [A, `${A}/years/${YEAR}/position`, `${A}/years/${YEAR}/placements`]) {
      expectErrorShape(await as(person, 'GET', path), 403, 'FORBIDDEN');
    }
  });

  it('a member of another agency cannot write here either, and nothing is written', async () => {
    const reply = await as({ sub: 'nra-finance', groups: ['finance-officer'], council: 'dudley', agency: 'north-riding-adoption' }, 'PUT', forecastPath('dudley'), { body: { placements: 40 } });
    expectErrorShape(reply, 403, 'FORBIDDEN');
    expect(await forecastsWritten()).toEqual([]);
  });

  it("the same people with Adoption@Heart in their token and a seat or council of its agreement are let in", async () => {
    expect((await as({ sub: 'scb-walsall-2', groups: ['scb-member'], council: 'walsall', agency: AGENCY }, 'GET', `${A}/approvals`)).status).toBe(200);
    expect((await as({ sub: 'raa-manager-2', groups: ['raa-manager'], agency: AGENCY }, 'GET', `${A}/years/${YEAR}/forecasts`)).status).toBe(200);
  });

  it('the system administrator sets up and reads any agency, and sees no agency data without being its member', async () => {
    const systemAdmin = { sub: 'sysadmin', groups: ['admin'] };
    expect((await as(systemAdmin, 'GET', A)).status).toBe(200);
    expectErrorShape(await as(systemAdmin, 'GET', `${A}/years/${YEAR}/placements`), 403, 'FORBIDDEN');
    expect((await api.as('admin', 'GET', `${A}/years/${YEAR}/forecasts`)).status).toBe(200);
  });
});

describe('notices, which belong to an agency too', () => {
  it("are seen by the same role in this agency, and by nobody of another agency or none", async () => {
    // Prepare: a notice to Adoption@Heart's RAA manager (a proposal rejected by a seat)
    const proposed = await api.as('raa-manager', 'PUT', `${A}/years/2030-31/protocol`, { body: YEAR_2_PROTOCOL });
    expect(proposed.status).toBe(201);
    await api.as('scb-dudley', 'POST', `${A}/approvals/${proposed.body.approvalId}/decisions`, { body: { decision: 'reject', comment: 'Rates to be confirmed first' } });
    await system.engine.idle();

    // Act
    const own = await api.as('raa-manager', 'GET', '/notifications');
    const otherAgency = await as({ sub: 'nra-manager', groups: ['raa-manager'], agency: 'north-riding-adoption' }, 'GET', '/notifications');
    const noAgency = await as({ sub: 'stray-manager', groups: ['raa-manager'] }, 'GET', '/notifications');

    // Assess
    expect(own.body.notifications.some((n: { subject: string }) => /2030-31/.test(n.subject))).toBe(true);
    expect(otherAgency.status).toBe(200);
    expect(otherAgency.body.notifications).toEqual([]);
    expect(noAgency.body.notifications).toEqual([]);
  });
});
