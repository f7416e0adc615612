/**
 * The money rules as the partners agreed them, over HTTP against the local
 * system (DynamoDB Local, the real spot-purchase workflow): spot purchase as
 * the only way past the plan and its budget check as one conditional write,
 * unfunded placements put to the SCB, inter-agency sales as income, go-live,
 * and money within its bounds.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, agencyOfItsOwn, eventually, startSystem } from '../support/local-system.ts';
import { agreeProtocol, decideAll, openYear } from '../support/reference-year.ts';

const A = `/agencies/${AGENCY}`;
const YEAR = '2020-21';
let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-09-01T09:00:00Z') });
  api = new Client(system.url);
  await agreeProtocol(api, YEAR, { ...YEAR_2_PROTOCOL, tolerance: { placements: 0 }, spotPurchaseRatePence: 3_000_000 });
  // Dudley, Sandwell and Wolverhampton each agree 2 with no band, so a third placement is unfunded; each is one test's.
  for (const [council, placements] of Object.entries({ dudley: 2, sandwell: 2, walsall: 10, wolverhampton: 2 })) {
    const officer = council === 'sandwell' ? 'trust-finance' : `${council}-finance`;
    await api.as(officer, 'PUT', `${A}/years/${YEAR}/forecasts/${council}`, { body: { placements } });
  }
});

afterAll(async () => {
  await system?.stop();
});

let n = 0;
const place = (council: string, extra: Record<string, unknown> = {}) =>
  api.as('raa-manager', 'POST', `${A}/placements`, {
    body: { council, year: YEAR, kind: 'in-house', caseRef: `${council.slice(0, 3).toUpperCase()}/2020/${String(++n).padStart(4, '0')}`, placedOn: '2020-06-15', ...extra },
    headers: { 'idempotency-key': randomUUID() },
  });
const positionOf = async (council: string) => (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/position`)).body.councils.find((c: any) => c.council === council);
const spotPurchase = async (id: string) => (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/spot-purchases`)).body.spotPurchases.find((s: any) => s.spotPurchaseId === id);

describe('a placement past agreed plus the band with no spot purchase', () => {
  it('is recorded, flagged unfunded, turns the council red and is put to the SCB as a retrospective spot purchase', async () => {
    expect((await place('dudley')).body.unfunded).toBe(false);
    expect((await place('dudley')).body.unfunded).toBe(false);
    const third = await place('dudley');
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ status: 'red', unfunded: true, retrospectiveSpotPurchaseId: `${YEAR}-dudley-retrospective-1` });
    expect(await positionOf('dudley')).toMatchObject({ agreed: 2, actual: 3, beyondBand: 1, unfunded: 1, absorbed: 0, status: 'red' });
    const retrospective = await eventually(async () => {
      const pending = (await api.as('scb-walsall', 'GET', `${A}/approvals?status=pending`)).body.approvals.find((a: any) => a.subject.id === third.body.retrospectiveSpotPurchaseId);
      if (!pending) throw new Error('not open yet');
      return pending;
    });
    expect(retrospective.document).toMatchObject({ kind: 'retrospective', council: 'dudley', placements: 1, placementId: third.body.placementId, chargePence: 3_000_000 });
    const told = (await api.as('dudley-finance', 'GET', '/notifications')).body.notifications.filter((x: any) => x.kind === 'unfunded-placement');
    expect(told).toHaveLength(1);
  });

  /** A council's third placement, past its 2 agreed: recorded unfunded, and put to the SCB as a retrospective spot purchase. */
  async function unfundedThird(council: string): Promise<string> {
    expect((await place(council)).body.unfunded).toBe(false);
    expect((await place(council)).body.unfunded).toBe(false);
    const third = await place(council);
    expect(third.body).toMatchObject({ status: 'red', unfunded: true });
    return third.body.retrospectiveSpotPurchaseId;
  }

  it('approved by the SCB: the council is charged at the spot rate and its agreed number rises by one', async () => {
    const id = await unfundedThird('sandwell');
    await decideAll(api, `spot-purchase-${id}`, 'approve');
    await eventually(async () => expect((await spotPurchase(id)).status).toBe('approved'));
    expect(await positionOf('sandwell')).toMatchObject({ agreed: 3, spotPurchased: 1, actual: 3, unfunded: 0, status: 'green' });
    const statement = (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`)).body;
    expect(statement.councils.find((c: any) => c.council === 'sandwell')).toMatchObject({ spotPurchaseChargesPence: 3_000_000, balancingPence: 3_000_000, unfunded: 0 });
  });

  it('rejected by the SCB: the agency absorbs it, nothing is charged, and the decision is recorded', async () => {
    const id = await unfundedThird('wolverhampton');
    await decideAll(api, `spot-purchase-${id}`, 'reject', 'Placement made without asking; the agency bears it this once');
    await eventually(async () => expect((await spotPurchase(id)).status).toBe('rejected'));
    expect(await positionOf('wolverhampton')).toMatchObject({ agreed: 2, actual: 3, beyondBand: 1, unfunded: 0, absorbed: 1 });
    const statement = (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`)).body;
    expect(statement.councils.find((c: any) => c.council === 'wolverhampton')).toMatchObject({ spotPurchaseChargesPence: 0, absorbed: 1 });
    const approval = (await api.as('raa-manager', 'GET', `${A}/approvals?status=rejected`)).body.approvals.find((a: any) => a.subject.id === id);
    expect(approval.decisions[0].comment).toMatch(/bears it/);
  });
});

describe('a council placing fewer than agreed', () => {
  it('earns no credit: the year-end statement charges and credits nothing for it', async () => {
    const walsallIn = async () => (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`)).body.councils.find((c: any) => c.council === 'walsall');
    const before = (await walsallIn()).actualPlacements;
    expect((await place('walsall')).status).toBe(201);
    const walsall = await walsallIn();
    expect(walsall).toMatchObject({ agreedPlacements: 10, actualPlacements: before + 1, beyondBand: 0, balancingPence: 0 });
    expect(walsall.actualPlacements).toBeLessThan(10);
    const statement = (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`)).body;
    expect(statement.councils.every((c: any) => c.balancingPence >= 0)).toBe(true);
  });
});

describe('inter-agency placements', () => {
  it("count a purchase once as the council's placement with its fee on the line, and a sale as income and no council's placement", async () => {
    const before = await positionOf('walsall');
    const line = async () => (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/position`)).body.interAgency;
    const lineBefore = await line();
    expect((await place('walsall', { kind: 'inter-agency-purchase', counterparty: 'adoption-focus' })).status).toBe(201);
    expect((await place('walsall', { kind: 'inter-agency-sale', counterparty: 'coventry', feePence: 2_500_000 })).status).toBe(201);
    expect((await positionOf('walsall')).actual).toBe(before.actual + 1);
    expect(await line()).toMatchObject({ purchased: lineBefore.purchased + 1, sold: lineBefore.sold + 1, spendPence: lineBefore.spendPence + 2_700_000, incomePence: lineBefore.incomePence + 2_500_000 });
  });
});

describe('a spot purchase', () => {
  const request = (extra: Record<string, unknown> = {}) => ({ council: 'sandwell', year: '2021-22', placements: 1, reason: 'A sibling group to be placed together', councilBudgetRef: 'SAN-CS-4410', ...extra });

  it('with room in the budget for one, of 50 requests sent at once exactly one is accepted and the rest get BUDGET_UNAVAILABLE in pounds and pence', async () => {
    // 2021-22: a budget with room for one spot purchase of GBP 30,000 and no more.
    await agreeProtocol(api, '2021-22', { ...YEAR_2_PROTOCOL, budgetPence: 5_000_000, spotPurchaseRatePence: 3_000_000 });
    const replies = await Promise.all(Array.from({ length: 50 }, () => api.as('trust-finance', 'POST', `${A}/spot-purchases`, { body: request() })));
    const accepted = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 422);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r.body.error.code).toBe('BUDGET_UNAVAILABLE');
    expect(refused[0]!.body.error.message).toMatch(/£30,000\.00 \(3000000 pence\)/);
    const listed = (await api.as('raa-manager', 'GET', `${A}/years/2021-22/spot-purchases`)).body.spotPurchases;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ kind: 'requested', councilBudgetRef: 'SAN-CS-4410', chargePence: 3_000_000, status: 'awaiting-scb' });
  });

  it("needs the council's budget reference, naming the field, and writes nothing without it", async () => {
    const { councilBudgetRef: _omitted, ...withoutRef } = request({ year: YEAR });
    const reply = await api.as('trust-finance', 'POST', `${A}/spot-purchases`, { body: withoutRef });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: any) => d.path)).toEqual(['councilBudgetRef']);
    expect((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/spot-purchases`)).body.spotPurchases.filter((s: any) => s.kind === 'requested')).toHaveLength(0);
  });

  it("shows a finance officer only their own council's spot purchases", async () => {
    const year = '2023-24';
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    expect((await api.as('trust-finance', 'POST', `${A}/spot-purchases`, { body: request({ year }) })).status).toBe(201);
    const mine = (await api.as('walsall-finance', 'GET', `${A}/years/${year}/spot-purchases`)).body.spotPurchases;
    expect(mine).toEqual([]);
    const trust = (await api.as('trust-finance', 'GET', `${A}/years/${year}/spot-purchases`)).body.spotPurchases;
    expect(trust).toHaveLength(1);
    expect((await api.as('lead-dudley', 'GET', `${A}/years/${year}/spot-purchases`)).status).toBe(403);
  });
});

describe('the go-live date', () => {
  it("refuses a placement before the agency went live (§8.6: the council's own service kept it)", async () => {
    await agreeProtocol(api, '2018-19', YEAR_2_PROTOCOL);
    const reply = await place('dudley', { year: '2018-19', placedOn: '2019-03-31' });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('BEFORE_GO_LIVE');
  });
});

describe('money', () => {
  it.each([
    ['a fee beyond the stated bound', { kind: 'inter-agency-purchase', counterparty: 'adoption-focus', feePence: 1_000_000_000_001 }, 'feePence'],
    ['a fee of the largest safe integer', { kind: 'inter-agency-purchase', counterparty: 'adoption-focus', feePence: 9_007_199_254_740_991 }, 'feePence'],
    ['a fee in fractions of a penny', { kind: 'inter-agency-purchase', counterparty: 'adoption-focus', feePence: 100.5 }, 'feePence'],
  ])('refuses %s with 400 naming the field, never a 500', async (_what, change, field) => {
    const before = (await positionOf('sandwell')).actual;
    const reply = await place('sandwell', change);
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: any) => d.path)).toEqual([field]);
    expect((await positionOf('sandwell')).actual).toBe(before);
  });

  it('refuses a protocol rate beyond the bound, and an indicator target no number can hold, with 400', async () => {
    const protocol = await api.as('raa-manager', 'PUT', `${A}/years/2022-23/protocol`, { body: { ...YEAR_2_PROTOCOL, unitRatePence: 9_007_199_254_740_991 } });
    expect(protocol.status).toBe(400);
    expect(protocol.body.error.details.map((d: any) => d.path)).toEqual(['unitRatePence']);
    const catalogue = (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/indicator-catalogue`)).body;
    const indicators = catalogue.indicators.map((i: any, index: number) => (index === 0 ? { ...i, target: 1e126 } : i));
    const reply = await api.as('raa-manager', 'PUT', `${A}/years/${YEAR}/indicator-catalogue`, { body: { indicators }, ...(catalogue.version ? { headers: { 'if-match': String(catalogue.version) } } : {}) });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: any) => d.path)).toEqual(['indicators.0.target']);
  });
});

describe('two agencies with a council of the same identifier', () => {
  it('each put their own unfunded placement to their own SCB, and each approval settles its own retrospective spot purchase', async () => {
    const agencies = [await agencyOfItsOwn(api), await agencyOfItsOwn(api)];
    const ids: string[] = [];
    for (const people of agencies) {
      await openYear(people, YEAR, { tolerance: { placements: 0 }, spotPurchaseRatePence: 3_000_000 }, { dudley: 2, sandwell: 31, walsall: 5, wolverhampton: 40 });
      let third: any;
      for (let i = 0; i < 3; i++) {
        third = await people.as('raa-manager', 'POST', `${people.path}/placements`, {
          body: { council: 'dudley', year: YEAR, kind: 'in-house', caseRef: `DUD/2020/${String(++n).padStart(4, '0')}`, placedOn: '2020-06-15' },
          headers: { 'idempotency-key': randomUUID() },
        });
        expect(third.status).toBe(201);
      }
      expect(third.body).toMatchObject({ unfunded: true, retrospectiveSpotPurchaseId: `${YEAR}-dudley-retrospective-1` });
      ids.push(third.body.retrospectiveSpotPurchaseId);
    }
    for (const [i, people] of agencies.entries()) {
      await eventually(async () => expect((await people.as('scb-walsall', 'GET', `${people.path}/approvals?status=pending`)).body.approvals.map((a: any) => a.subject.id)).toContain(ids[i]));
      await decideAll(people, `spot-purchase-${ids[i]}`, 'approve');
      await eventually(async () => {
        const listed = (await people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/spot-purchases`)).body.spotPurchases.find((s: any) => s.spotPurchaseId === ids[i]);
        expect(listed.status).toBe('approved');
      });
    }
  });
});
