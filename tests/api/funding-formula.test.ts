/**
 * The funding formula over HTTP against the local server (real DynamoDB Local,
 * real workflow runner): who may do what, bad input refused with nothing
 * written, optimistic locking, and both reference years to the penny.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { referenceFigures } from '../../shared/reference/adoption-at-heart.ts';
import { AGENCY, Client, REFERENCE_FORECASTS, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem();
  api = new Client(system.url);
});

afterAll(async () => {
  await system?.stop();
});

const protocolPath = (year: string) => `/agencies/${AGENCY}/years/${year}/protocol`;
const forecastPath = (year: string, council: string) => `/agencies/${AGENCY}/years/${year}/forecasts/${council}`;
const apportionmentPath = (year: string) => `/agencies/${AGENCY}/years/${year}/apportionment`;

describe('the local system', () => {
  it('reports itself healthy and names the engines it runs on', async () => {
    const reply = await api.request('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body.engines.database).toMatch(/DynamoDB Local/);
    expect(reply.body.engines.workflows).toMatch(/aws-local-stepfunctions/);
  });

  it('publishes the contract as OpenAPI generated from the zod schemas', async () => {
    const reply = await api.request('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const put = reply.body.paths['/agencies/{agency}/years/{year}/forecasts/{council}'].put;
    expect(put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PlacementForecastInput' });
    const placements = reply.body.components.schemas.PlacementForecastInput.properties.placements;
    expect(placements).toMatchObject({ type: 'integer', minimum: 0, maximum: 10000 });
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining(['/agencies/{agency}/years/{year}/apportionment', '/agencies/{agency}/approvals/{approvalId}/decisions', '/notifications']),
    );
  });

  it('shows the seeded agency with its host, its councils and the SCB seats', async () => {
    const reply = await api.as('walsall-finance', 'GET', `/agencies/${AGENCY}`);
    expect(reply.status).toBe(200);
    expect(reply.body.hostCouncil).toBe('wolverhampton');
    expect(reply.body.councils.filter((c: { actsFor?: string }) => !c.actsFor).map((c: { council: string }) => c.council)).toEqual(['dudley', 'sandwell', 'walsall', 'wolverhampton']);
    expect(reply.body.councils.find((c: { council: string }) => c.council === 'sandwell-childrens-trust')).toMatchObject({ actsFor: 'sandwell' });
    expect(reply.body.seats.map((s: { seat: string }) => s.seat)).toContain('sandwell-childrens-trust');
  });

  it('refuses a request without a token, or with a forged one, with 401', async () => {
    const read = (authorization?: string) => api.request('GET', `/agencies/${AGENCY}`, authorization ? { headers: { authorization } } : {});
    const token = await api.tokenFor('dudley-finance');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect((await read(`Bearer ${token}`)).status).toBe(200);
    expect((await read()).status).toBe(401);

    // The signature altered in its middle: every bit of a character there is a bit of the signature
    // (only the last character may carry unused padding bits). Its highest bit flipped, so it always differs.
    const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const at = Math.floor(signature.length / 2);
    const flipped = BASE64URL[BASE64URL.indexOf(signature[at]!) ^ 0b100000]!;
    const badSignature = `${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
    expect(Buffer.from(badSignature, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(false);
    expect((await read(`Bearer ${header}.${payload}.${badSignature}`)).status).toBe(401);

    // The claims altered (a finance officer made RAA manager) under the signature of the real ones.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['raa-manager'] })).toString('base64url');
    expect((await read(`Bearer ${header}.${elevated}.${signature}`)).status).toBe(401);
  });

  it('answers 404 for an agency that does not exist', async () => {
    expect((await api.as('admin', 'GET', '/agencies/nowhere-raa')).status).toBe(404);
  });
});

describe('the funding protocol', () => {
  it('is agreed by the SCB, versioned, and varied only with the version in force', async () => {
    const year = '2027-28';
    const set = await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    expect(set.version).toBe(1);

    const withoutVersion = await api.as('raa-manager', 'PUT', protocolPath(year), { body: { ...YEAR_2_PROTOCOL, approvalRule: 'majority' } });
    expect(withoutVersion.status).toBe(428);

    const changed = await agreeProtocol(api, year, { ...YEAR_2_PROTOCOL, approvalRule: 'majority' });
    expect(changed).toMatchObject({ version: 2, approvalRule: 'majority', updatedBy: 'raa-manager' });

    const stale = await api.as('raa-manager', 'PUT', protocolPath(year), { body: YEAR_2_PROTOCOL, headers: { 'if-match': '1' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');

    const read = await api.as('dudley-finance', 'GET', protocolPath(year));
    expect(read.body).toMatchObject({ version: 2, approvalRule: 'majority' });
    expect(read.headers.get('etag')).toBe('"2"');
  });

  it('cannot be set by a finance officer', async () => {
    const reply = await api.as('dudley-finance', 'PUT', protocolPath('2021-22'), { body: YEAR_2_PROTOCOL });
    expect(reply.status).toBe(403);
    expect((await api.as('admin', 'GET', protocolPath('2021-22'))).status).toBe(404);
  });

  it('refuses a protocol without a rate or budget, naming the field, and writes nothing', async () => {
    const { unitRatePence: _u, budgetPence: _b, ...noMoney } = YEAR_2_PROTOCOL;
    const reply = await api.as('raa-manager', 'PUT', protocolPath('2022-23'), { body: noMoney });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['unitRatePence']);
    expect((await api.as('admin', 'GET', protocolPath('2022-23'))).status).toBe(404);
  });

  it('refuses a year that is not a financial year, naming it', async () => {
    const reply = await api.as('raa-manager', 'PUT', protocolPath('2020-22'), { body: YEAR_2_PROTOCOL });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['year']);
  });
});

describe("a council's placement forecast", () => {
  const year = '2023-24';

  it.each([
    ['negative', -1],
    ['fractional', 12.5],
    ['absurd', 10_001],
    ['text', '40'],
    ['missing', undefined],
  ])('is refused with 400 naming placements when it is %s, and nothing is written', async (_kind, placements) => {
    const reply = await api.as('dudley-finance', 'PUT', forecastPath(year, 'dudley'), { body: placements === undefined ? { note: 'no number' } : { placements } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['placements']);
    const list = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${year}/forecasts`);
    expect(list.body.missing).toContain('dudley');
  });

  it('is refused as malformed JSON with 400', async () => {
    const reply = await api.request('PUT', forecastPath(year, 'dudley'), { rawBody: '{"placements": 4', headers: { authorization: `Bearer ${await api.tokenFor('dudley-finance')}` } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body']);
  });

  it("cannot be submitted by another council's finance officer", async () => {
    const reply = await api.as('walsall-finance', 'PUT', forecastPath(year, 'dudley'), { body: { placements: 40 } });
    expect(reply.status).toBe(403);
    const list = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${year}/forecasts`);
    expect(list.body.missing).toContain('dudley');
  });

  it('cannot be submitted by the RAA manager or an SCB member', async () => {
    expect((await api.as('raa-manager', 'PUT', forecastPath(year, 'dudley'), { body: { placements: 40 } })).status).toBe(403);
    expect((await api.as('scb-dudley', 'PUT', forecastPath(year, 'dudley'), { body: { placements: 40 } })).status).toBe(403);
  });

  it("can be submitted for Sandwell by Sandwell Children's Trust, which acts for it", async () => {
    const reply = await api.as('trust-finance', 'PUT', forecastPath(year, 'sandwell'), { body: { placements: 31, note: 'as agreed with the Trust board' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ council: 'sandwell', placements: 31, version: 1, submittedBy: 'trust-finance' });
    expect((await api.as('trust-finance', 'PUT', forecastPath(year, 'dudley'), { body: { placements: 1 } })).status).toBe(403);
  });

  it('is revised only with If-Match, and a stale version gets 409', async () => {
    expect((await api.as('walsall-finance', 'PUT', forecastPath(year, 'walsall'), { body: { placements: 35 } })).body.version).toBe(1);
    expect((await api.as('walsall-finance', 'PUT', forecastPath(year, 'walsall'), { body: { placements: 36 } })).status).toBe(428);
    const revised = await api.as('walsall-finance', 'PUT', forecastPath(year, 'walsall'), { body: { placements: 36 }, headers: { 'if-match': '"1"' } });
    expect(revised.status).toBe(200);
    expect(revised.body.version).toBe(2);
    const stale = await api.as('walsall-finance', 'PUT', forecastPath(year, 'walsall'), { body: { placements: 99 }, headers: { 'if-match': '1' } });
    expect(stale.status).toBe(409);
    const list = await api.as('dudley-finance', 'GET', `/agencies/${AGENCY}/years/${year}/forecasts`);
    expect(list.body.forecasts.find((f: { council: string }) => f.council === 'walsall')).toMatchObject({ placements: 36, version: 2, submittedBy: 'walsall-finance' });
  });

  it('answers 404 for a council that is not a member of the agency', async () => {
    expect((await api.as('dudley-finance', 'PUT', forecastPath(year, 'birmingham'), { body: { placements: 3 } })).status).toBe(404);
  });

  it('leaves an audit event with who, when, and the record before and after', async () => {
    expect((await api.as('wolverhampton-finance', 'PUT', forecastPath(year, 'wolverhampton'), { body: { placements: 40 } })).status).toBe(200);
    expect((await api.as('wolverhampton-finance', 'PUT', forecastPath(year, 'wolverhampton'), { body: { placements: 41 }, headers: { 'if-match': '1' } })).status).toBe(200);
    const events = await system.deps.audit.list(AGENCY);
    const revision = events.find((e) => e.action === 'forecast.revised' && e.entity.id === `${year}/wolverhampton`);
    expect(revision).toMatchObject({ actor: 'wolverhampton-finance', before: { placements: 40, version: 1 }, after: { placements: 41, version: 2 } });
    expect(revision?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('the apportionment', () => {
  it('is refused with 422 naming the councils that have not forecast', async () => {
    const year = '2024-25';
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    await api.as('dudley-finance', 'PUT', forecastPath(year, 'dudley'), { body: { placements: 40 } });
    const reply = await api.as('raa-manager', 'POST', apportionmentPath(year), { body: { method: 'unit-rate' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('FORECASTS_MISSING');
    expect(reply.body.error.message).toMatch(/sandwell, walsall, wolverhampton/);
    expect((await api.as('raa-manager', 'GET', apportionmentPath(year))).status).toBe(404);
  });

  it('can only be requested by the RAA manager', async () => {
    expect((await api.as('dudley-finance', 'POST', apportionmentPath('2020-21'), { body: { method: 'unit-rate' } })).status).toBe(403);
    expect((await api.as('scb-dudley', 'POST', apportionmentPath('2020-21'), { body: { method: 'unit-rate' } })).status).toBe(403);
  });

  it('refuses adjustments for a council outside the agency, or without a reason, naming the field', async () => {
    const stranger = await api.as('raa-manager', 'POST', apportionmentPath('2020-21'), { body: { method: 'unit-rate', adjustments: [{ council: 'birmingham', amountPence: 100, reason: 'transition' }] } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details.map((d: { path: string }) => d.path)).toEqual(['adjustments.0.council']);
    const noReason = await api.as('raa-manager', 'POST', apportionmentPath('2020-21'), { body: { method: 'unit-rate', adjustments: [{ council: 'dudley', amountPence: 100 }] } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((d: { path: string }) => d.path)).toEqual(['adjustments.0.reason']);
  });

  it('reproduces Year 2 to the penny, and the SCB approves it unanimously', async () => {
    // Prepare: the protocol of 2020-21, unanimous, and the four forecasts.
    const year = '2020-21';
    await agreeProtocol(api, year, { ...YEAR_2_PROTOCOL, approvalRule: 'unanimous' });
    await submitReferenceForecasts(api, year);

    // Act
    const requested = await api.as('raa-manager', 'POST', apportionmentPath(year), { body: { method: 'unit-rate' } });

    // Assess
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'awaiting-scb', totalPence: 409_165_000 });
    expect(requested.body.councils.map((c: any) => [c.council, c.placements, c.contributionPence, c.sharePercent])).toEqual([
      ['dudley', 40, 112_100_000, 27.4],
      ['sandwell', 31, 86_877_500, 21.23],
      ['walsall', 35, 98_087_500, 23.97],
      ['wolverhampton', 40, 112_100_000, 27.4],
    ]);
    expect(requested.body.inputs.forecastVersions).toEqual({ dudley: 1, sandwell: 1, walsall: 1, wolverhampton: 1 });

    const pending = await api.as('scb-walsall', 'GET', `/agencies/${AGENCY}/approvals?status=pending`);
    const approval = pending.body.approvals.find((a: any) => a.subject.id === requested.body.apportionmentId);
    expect(approval).toMatchObject({ rule: 'unanimous', awaiting: ['dudley', 'sandwell', 'sandwell-childrens-trust', 'walsall', 'wolverhampton'] });
    expect(approval.document.totalPence).toBe(409_165_000);

    expect((await api.as('dudley-finance', 'POST', `/agencies/${AGENCY}/approvals/${approval.approvalId}/decisions`, { body: { decision: 'approve' } })).status).toBe(403);
    for (const member of SCB_MEMBERS.slice(0, 4)) {
      const decided = await api.as(member, 'POST', `/agencies/${AGENCY}/approvals/${approval.approvalId}/decisions`, { body: { decision: 'approve', comment: 'agreed' } });
      expect(decided.status).toBe(201);
    }
    const again = await api.as('scb-dudley', 'POST', `/agencies/${AGENCY}/approvals/${approval.approvalId}/decisions`, { body: { decision: 'reject', comment: 'changed my mind' } });
    expect(again.status).toBe(409);
    const stillAwaiting = await api.as('scb-wolverhampton', 'GET', `/agencies/${AGENCY}/approvals?status=pending`);
    expect(stillAwaiting.body.approvals.find((a: any) => a.approvalId === approval.approvalId).awaiting).toEqual(['wolverhampton']);
    expect((await api.as('scb-dudley', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals.map((a: any) => a.approvalId)).not.toContain(approval.approvalId);

    await api.as('scb-wolverhampton', 'POST', `/agencies/${AGENCY}/approvals/${approval.approvalId}/decisions`, { body: { decision: 'approve' } });

    const approved = await eventually(async () => {
      const reply = await api.as('lead-walsall', 'GET', apportionmentPath(year));
      expect(reply.body.status).toBe('approved');
      return reply.body;
    });
    expect(approved.totalPence).toBe(409_165_000);

    await eventually(async () => {
      const dudleyNotices = await api.as('dudley-finance', 'GET', '/notifications');
      expect(dudleyNotices.body.notifications.map((n: any) => n.subject)).toContain('2020-21 contribution approved: £1,121,000.00');
    });
    await eventually(async () => {
      const walsallNotices = await api.as('walsall-finance', 'GET', '/notifications');
      expect(walsallNotices.body.notifications.map((n: any) => n.subject)).toEqual(['2020-21 contribution approved: £980,875.00']);
      const trustNotices = await api.as('trust-finance', 'GET', '/notifications');
      expect(trustNotices.body.notifications.map((n: any) => n.subject)).toEqual(['2020-21 contribution approved: £868,775.00']);
    });
  });

  it('reproduces Year 1 to the penny from the same rate and the transitional adjustments', async () => {
    const year = '2019-20';
    await agreeProtocol(api, year, { ...YEAR_2_PROTOCOL, approvalRule: 'majority' });
    await submitReferenceForecasts(api, year);
    const reply = await api.as('raa-manager', 'POST', apportionmentPath(year), {
      body: {
        method: 'unit-rate',
        adjustments: referenceFigures.year1Adjustments,
        transferredBudgets: referenceFigures.year1TransferredBudgets,
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.totalPence).toBe(409_159_100);
    // §7.3: Sandwell's GBP 694,573 of current budget plus GBP 181,283 = GBP 875,856.
    expect(reply.body.councils[1]).toMatchObject({ council: 'sandwell', transferredBudgetPence: 69_457_300, additionalPence: 18_128_300, contributionPence: 87_585_600 });
    expect(reply.body.councils[0].transferredBudgetPence).toBeUndefined();
    expect(reply.body.councils.map((c: any) => [c.council, c.basePence, c.adjustmentPence, c.contributionPence, c.sharePercent])).toEqual([
      ['dudley', 112_100_000, 717_200, 112_817_200, 27.57],
      ['sandwell', 86_877_500, 708_100, 87_585_600, 21.41],
      ['walsall', 98_087_500, 374_000, 98_461_500, 24.06],
      ['wolverhampton', 112_100_000, -1_805_200, 110_294_800, 26.96],
    ]);
    expect(reply.body.councils[0].adjustments).toEqual([{ amountPence: 717_200, reason: 'Year 1 transitional adjustment' }]);
    expect(reply.body.councils[3].adjustments[0].reason).toBe('Year 1 transitional adjustment (host)');
  });

  it('comes out the same by budget share as by unit rate for the Year 2 budget', async () => {
    const year = '2025-26';
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    await submitReferenceForecasts(api, year);
    const reply = await api.as('raa-manager', 'POST', apportionmentPath(year), { body: { method: 'budget-share' } });
    expect(reply.status).toBe(201);
    expect(reply.body.councils.map((c: any) => c.contributionPence)).toEqual(Object.values(REFERENCE_FORECASTS).map((p) => p * 2_802_500));
    expect(reply.body.inputs.budgetPence).toBe(409_165_000);
  });

  it('cannot be requested again while one awaits the SCB', async () => {
    const year = '2026-27';
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    await submitReferenceForecasts(api, year);
    expect((await api.as('raa-manager', 'POST', apportionmentPath(year), { body: { method: 'unit-rate' } })).status).toBe(201);
    const reply = await api.as('raa-manager', 'POST', apportionmentPath(year), { body: { method: 'unit-rate' } });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('APPORTIONMENT_EXISTS');
  });
});
