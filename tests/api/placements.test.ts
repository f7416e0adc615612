/**
 * Placements against the funding protocol, over HTTP against the local server
 * (DynamoDB Local, the real spot-purchase workflow): idempotent recording,
 * reversal, the position and its tolerance statuses with one notice per
 * change, spot purchases, and concurrency.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, agencyOfItsOwn, eventually, peopleOf, startSystem, type People } from '../support/local-system.ts';
import { openYear } from '../support/reference-year.ts';

const YEAR = '2020-21';
const FORECASTS = { dudley: 40, sandwell: 31, walsall: 5, wolverhampton: 40 };
const PROTOCOL = { tolerance: { placements: 2 }, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 10_000_000 };
let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-09-01T09:00:00Z') });
  api = new Client(system.url);
  await openYear(api, YEAR, PROTOCOL, FORECASTS);
});

/** The year opened as above in an agency of the test's own, for a test that reads a status, a notice or a line no other test may move. */
async function yearOfItsOwn(protocol: Record<string, unknown> = {}): Promise<People> {
  const people = await agencyOfItsOwn(api);
  await openYear(people, YEAR, { ...PROTOCOL, ...protocol }, FORECASTS);
  return people;
}

afterAll(async () => {
  await system?.stop();
});

let caseNumber = 0;
const placementBody = (council: string, extra: Record<string, unknown> = {}) => ({
  council,
  year: YEAR,
  kind: 'in-house',
  caseRef: `${council.toUpperCase().slice(0, 3)}/2020/${String(++caseNumber).padStart(4, '0')}`,
  placedOn: '2020-06-15',
  ...extra,
});

const place = (body: Record<string, unknown>, key: string = randomUUID(), who = 'raa-manager', people: People = peopleOf(api)) =>
  people.as(who, 'POST', `${people.path}/placements`, { body, headers: { 'idempotency-key': key } });

const position = async (who = 'raa-manager', people: People = peopleOf(api)) => (await people.as(who, 'GET', `${people.path}/years/${YEAR}/position`)).body;
const councilIn = (pos: any, council: string) => pos.councils.find((c: any) => c.council === council);
const toleranceNotices = async (who: string, people: People) =>
  (await people.as(who, 'GET', '/notifications')).body.notifications.filter((n: any) => n.kind === 'tolerance-status-changed').map((n: any) => n.subject);

describe('recording a placement', () => {
  it('is recorded once for one Idempotency-Key however often the request is retried', async () => {
    const before = councilIn(await position(), 'dudley').actual;
    const body = placementBody('dudley');
    const key = randomUUID();
    const first = await place(body, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ council: 'dudley', kind: 'in-house', feePence: 0, status: 'green' });
    const retries = await Promise.all([place(body, key), place(body, key)]);
    // A replay answers with the first reply, status and body (the tolerance status then, not now).
    for (const retry of retries) {
      expect([201, 409]).toContain(retry.status);
      if (retry.status === 201) expect(retry.body).toEqual(first.body);
    }
    expect(councilIn(await position(), 'dudley').actual).toBe(before + 1);
  });

  it('refuses the same key with another body with 422, for good', async () => {
    const before = councilIn(await position(), 'dudley').actual;
    const key = randomUUID();
    expect((await place(placementBody('dudley'), key)).status).toBe(201);
    const other = await place(placementBody('dudley'), key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(councilIn(await position(), 'dudley').actual).toBe(before + 1);
  });

  it('needs an Idempotency-Key', async () => {
    const reply = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/placements`, { body: placementBody('dudley') });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: any) => d.path)).toEqual(['Idempotency-Key']);
  });

  it.each([
    ['a case reference with a name in it', { caseRef: 'Jane Smith' }, 'caseRef'],
    ['a case reference too short', { caseRef: 'AB' }, 'caseRef'],
    ['a date in the future', { placedOn: '2020-12-01' }, 'placedOn'],
    ['a date outside the financial year', { placedOn: '2020-03-31' }, 'placedOn'],
    ['a date that is not a date', { placedOn: '15/06/2020' }, 'placedOn'],
    ['an unknown kind', { kind: 'fostering' }, 'kind'],
    ['an inter-agency purchase naming no other agency', { kind: 'inter-agency-purchase' }, 'counterparty'],
    ['a fee on an in-house placement', { feePence: 100 }, 'feePence'],
    ['a negative fee', { kind: 'inter-agency-purchase', counterparty: 'barnardos', feePence: -5 }, 'feePence'],
    ['a child\'s name field', { childName: 'Jane' }, ''],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_what, change, field) => {
    const before = councilIn(await position(), 'wolverhampton').actual;
    const reply = await place(placementBody('wolverhampton', change));
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: any) => d.path)).toEqual([field]);
    expect(councilIn(await position(), 'wolverhampton').actual).toBe(before);
  });

  it('answers 404 for an unknown council, year or agency, and 403 for anyone but the RAA manager', async () => {
    expect((await place(placementBody('birmingham'))).status).toBe(404);
    expect((await place(placementBody('dudley', { year: '2030-31', placedOn: '2030-06-01' }))).status).toBe(404);
    expect((await api.as('raa-manager', 'POST', '/agencies/nowhere/placements', { body: placementBody('dudley'), headers: { 'idempotency-key': randomUUID() } })).status).toBe(404);
    expect((await place(placementBody('dudley'), randomUUID(), 'dudley-finance')).status).toBe(403);
    expect((await place(placementBody('dudley'), randomUUID(), 'scb-dudley')).status).toBe(403);
  });
});

describe('reversing a placement recorded in error', () => {
  it('adds a reversal entry: the placement stops counting, nothing is deleted, and both are audited', async () => {
    const before = councilIn(await position(), 'sandwell').actual;
    const recorded = await place(placementBody('sandwell'));
    expect(councilIn(await position(), 'sandwell').actual).toBe(before + 1);

    const reversed = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/placements/${recorded.body.placementId}/reversal`, { body: { reason: 'recorded against the wrong council' } });
    expect(reversed.status).toBe(201);
    expect(reversed.body.reversal).toMatchObject({ reason: 'recorded against the wrong council', reversedBy: 'raa-manager' });
    expect(councilIn(await position(), 'sandwell').actual).toBe(before);

    const again = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/placements/${recorded.body.placementId}/reversal`, { body: { reason: 'twice' } });
    expect(again.status).toBe(409);
    const listed = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/placements`);
    expect(listed.body.placements.find((p: any) => p.placementId === recorded.body.placementId).reversal.reason).toBe('recorded against the wrong council');
    const actions = (await system.deps.audit.list(AGENCY)).filter((e) => e.entity.id === recorded.body.placementId).map((e) => e.action);
    expect(actions.sort()).toEqual(['placement.recorded', 'placement.reversed']);
  });

  it('needs a reason, and answers 404 for a placement that does not exist', async () => {
    const recorded = await place(placementBody('sandwell'));
    const withoutReason = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/placements/${recorded.body.placementId}/reversal`, { body: {} });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.error.details.map((d: any) => d.path)).toEqual(['reason']);
    expect((await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/placements/2020-21.sandwell.0000000000000000/reversal`, { body: { reason: 'no such' } })).status).toBe(404);
  });
});

describe('the tolerance position', () => {
  it('moves a council green, then amber beyond agreed, then red beyond the band, telling its finance officers and the SCB once per change', async () => {
    const people = await yearOfItsOwn();
    // Walsall forecasts 5 with a band of 2: green to 5, amber 6 and 7, red from 8.
    const statuses: string[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await place(placementBody('walsall'), randomUUID(), 'raa-manager', people)).body.status);
    expect(statuses).toEqual(['green', 'green', 'green', 'green', 'green', 'amber', 'amber', 'red']);

    expect(await toleranceNotices('walsall-finance', people)).toEqual([
      `walsall is red against its ${YEAR} tolerance band (was amber)`,
      `walsall is amber against its ${YEAR} tolerance band (was green)`,
    ]);
    expect(await toleranceNotices('scb-trust', people)).toHaveLength(2);
    expect(await toleranceNotices('dudley-finance', people)).toEqual([]);

    expect(councilIn(await position('raa-manager', people), 'walsall')).toMatchObject({ agreed: 5, toleranceBand: 2, actual: 8, variance: 3, status: 'red' });
  });

  it("shows a finance officer only their own council's figures", async () => {
    // Prepare: placements for Walsall and for another council.
    expect((await place(placementBody('walsall'))).status).toBe(201);
    expect((await place(placementBody('dudley'))).status).toBe(201);

    const walsall = await position('walsall-finance');
    expect(walsall.councils.map((c: any) => c.council)).toEqual(['walsall']);
    expect(walsall.interAgency).toBeUndefined();
    const trust = await position('trust-finance');
    expect(trust.councils.map((c: any) => c.council)).toEqual(['sandwell']);
    const everything = await position('scb-walsall');
    expect(everything.councils).toHaveLength(4);
    const listed = await api.as('walsall-finance', 'GET', `/agencies/${AGENCY}/years/${YEAR}/placements`);
    expect(new Set(listed.body.placements.map((p: any) => p.council))).toEqual(new Set(['walsall']));
  });

  it('lists the year a page at a time, with a next only when more placements follow', async () => {
    const people = await yearOfItsOwn();
    const list = (query: string) => people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/placements?council=sandwell&limit=3${query}`);
    for (let i = 0; i < 3; i++) expect((await place(placementBody('sandwell'), randomUUID(), 'raa-manager', people)).status).toBe(201);
    const full = await list('');
    expect(full.body.placements).toHaveLength(3);
    expect(full.body.next).toBeUndefined();

    const fourth = await place(placementBody('sandwell'), randomUUID(), 'raa-manager', people);
    const first = await list('');
    expect(first.body.placements).toHaveLength(3);
    const rest = await list(`&cursor=${first.body.next}`);
    expect(rest.body.placements).toHaveLength(1);
    expect(rest.body.next).toBeUndefined();
    expect([...first.body.placements, ...rest.body.placements].map((p: any) => p.placementId)).toContain(fourth.body.placementId);
  });

  it('watches the inter-agency line: amber from 90% of its budget, red beyond it', async () => {
    const people = await yearOfItsOwn();
    const buyOrSell = (extra: Record<string, unknown>) => place(placementBody('dudley', extra), randomUUID(), 'raa-manager', people);
    // Budget 10,000,000 pence; default fee 2,700,000.
    await buyOrSell({ kind: 'inter-agency-purchase', counterparty: 'barnardos' });
    await buyOrSell({ kind: 'inter-agency-purchase', counterparty: 'barnardos' });
    await buyOrSell({ kind: 'inter-agency-sale', counterparty: 'coventry', feePence: 2_500_000 });
    expect((await position('raa-manager', people)).interAgency).toMatchObject({ purchased: 2, sold: 1, spendPence: 5_400_000, incomePence: 2_500_000, budgetPence: 10_000_000, status: 'green' });
    await buyOrSell({ kind: 'inter-agency-purchase', counterparty: 'adoption-focus', feePence: 3_600_000 });
    expect((await position('raa-manager', people)).interAgency).toMatchObject({ spendPence: 9_000_000, status: 'amber' });
    await buyOrSell({ kind: 'inter-agency-purchase', counterparty: 'adoption-focus' });
    expect((await position('wolverhampton-finance', people)).interAgency).toMatchObject({ purchased: 4, spendPence: 11_700_000, status: 'red' });
  });

  it('counts every one of 50 placements recorded at once for one council, exactly once', async () => {
    const people = await yearOfItsOwn();
    const replies = await Promise.all(Array.from({ length: 50 }, () => place(placementBody('wolverhampton'), randomUUID(), 'raa-manager', people)));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(replies.map((r) => r.body.placementId)).size).toBe(50);
    expect(councilIn(await position('raa-manager', people), 'wolverhampton').actual).toBe(50);
    // 40 agreed, band 2: it ends red, told once per change of status however the requests interleaved
    // (green to amber to red, or straight from green to red when one read already saw the rest land).
    const notices = await toleranceNotices('wolverhampton-finance', people);
    expect(notices[0]).toBe(`wolverhampton is red against its ${YEAR} tolerance band (was ${notices.length === 2 ? 'amber' : 'green'})`);
    expect(notices.length).toBeLessThanOrEqual(2);
    expect(new Set(notices).size).toBe(notices.length);
  });
});

describe('a spot purchase', () => {
  const request = (who: string, body: Record<string, unknown>, people: People = peopleOf(api)) =>
    people.as(who, 'POST', `${people.path}/spot-purchases`, { body: { councilBudgetRef: `${String(body.council).toUpperCase()}-ADOPTION-01`, ...body } });
  const decideAll = async (people: People, approvalId: string, decision: 'approve' | 'reject') => {
    for (const member of SCB_MEMBERS) {
      await people.as(member, 'POST', `${people.path}/approvals/${approvalId}/decisions`, { body: { decision, ...(decision === 'reject' ? { comment: 'use the reserve instead' } : {}) } });
    }
  };

  it('is refused with BUDGET_UNAVAILABLE and the figures when the uncommitted budget cannot cover it', async () => {
    // Prepare: a budget of GBP 3m that would cover the request, but 10 placements made commit GBP 280,250 of it.
    const people = await yearOfItsOwn({ budgetPence: 300_000_000 });
    const made = await Promise.all(Array.from({ length: 10 }, () => place(placementBody('dudley'), randomUUID(), 'raa-manager', people)));
    expect(made.map((r) => r.status)).toEqual(Array(10).fill(201));

    const reply = await request('raa-manager', { council: 'walsall', year: YEAR, placements: 100, reason: 'sibling group' }, people);
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('BUDGET_UNAVAILABLE');
    expect(reply.body.error.details[0]).toMatchObject({ chargePence: 280_250_000, budgetPence: 300_000_000, committedPence: 28_025_000, uncommittedPence: 271_975_000, charge: '£2,802,500.00' });
    expect((await people.as('scb-dudley', 'GET', `${people.path}/approvals`)).body.approvals.filter((a: any) => a.document.kind === 'requested')).toEqual([]);
    expect((await people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/spot-purchases`)).body.spotPurchases).toEqual([]);
  });

  it('approved by the SCB raises the council\'s agreed placements and records the charge against it', async () => {
    const people = await yearOfItsOwn();
    const reply = await request('walsall-finance', { council: 'walsall', year: YEAR, placements: 3, reason: 'three siblings to be placed together' }, people);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'awaiting-scb', chargePence: 8_407_500 });
    await system.engine.idle();
    await decideAll(people, reply.body.approvalId, 'approve');
    await eventually(async () => expect(councilIn(await position('raa-manager', people), 'walsall')).toMatchObject({ forecast: 5, spotPurchased: 3, agreed: 8, status: 'green' }));
    const book = await system.deps.yearBook(people.agency, YEAR);
    expect(book.charges.filter((c) => c.chargeId === reply.body.spotPurchaseId)).toEqual([expect.objectContaining({ council: 'walsall', kind: 'spot-purchase', amountPence: 8_407_500 })]);
    await eventually(async () => expect((await people.as('walsall-finance', 'GET', '/notifications')).body.notifications.map((n: any) => n.kind)).toContain('spot-purchase-approved'));
  });

  it('rejected by the SCB changes nothing but the record of the decision', async () => {
    const people = await yearOfItsOwn();
    const before = councilIn(await position('raa-manager', people), 'dudley');
    const reply = await request('raa-manager', { council: 'dudley', year: YEAR, placements: 1, reason: 'late match' }, people);
    expect(reply.status).toBe(201);
    await system.engine.idle();
    await decideAll(people, reply.body.approvalId, 'reject');
    await eventually(async () => expect((await system.deps.spotPurchases.get(people.agency, YEAR, reply.body.spotPurchaseId)).status).toBe('rejected'));
    expect(councilIn(await position('raa-manager', people), 'dudley')).toEqual(before);
    expect((await system.deps.yearBook(people.agency, YEAR)).charges).toEqual([]);
  });

  it("cannot be requested by another council's finance officer", async () => {
    const reply = await request('dudley-finance', { council: 'walsall', year: YEAR, placements: 1, reason: 'sibling group' });
    expect(reply.status).toBe(403);
  });

  it('is refused with 400 naming placements when it asks for none', async () => {
    const bad = await request('raa-manager', { council: 'walsall', year: YEAR, placements: 0, reason: 'sibling group' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['placements']);
  });
});
