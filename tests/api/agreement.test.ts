/**
 * An administrator sets up a Regional Adoption Agency's agreement over HTTP
 * (real DynamoDB Local, real workflow runner): who may, what an inconsistent
 * agreement is refused for with nothing written, optimistic locking, what a
 * variation may not undo, and then a whole year of an agency of three
 * councils that nothing in the code knows, lived through by its own people.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { seedReferenceData } from '../../infra/local/seed.ts';
import { Client, eventually, startSystem, type Reply } from '../support/local-system.ts';

let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem();
  api = new Client(system.url);
});

afterAll(async () => {
  await system?.stop();
});

const NRA = 'north-riding-adoption';
const agencyPath = (agency: string) => `/agencies/${agency}`;
const yearPath = (year: string, agency = NRA) => `/agencies/${agency}/years/${year}`;

/** Three councils, a trust acting for one of them, four seats, the chair not the host's. */
const northRiding = {
  name: 'North Riding Adoption',
  hostCouncil: 'north-yorkshire',
  goLiveOn: '2021-04-01',
  councils: [
    { council: 'north-yorkshire', name: 'North Yorkshire Council', caseRefPattern: '^NY/\\d{4}/\\d{3,5}$' },
    { council: 'middlesbrough', name: 'Middlesbrough Council', caseRefPattern: '^MB-\\d{6}$' },
    { council: 'middlesbrough-childrens-trust', name: "Middlesbrough Children's Trust", actsFor: 'middlesbrough' },
    { council: 'redcar-and-cleveland', name: 'Redcar and Cleveland Borough Council', caseRefPattern: '^RC[A-Z0-9]{4,10}$' },
  ],
  seats: [
    { seat: 'north-yorkshire', for: 'north-yorkshire' },
    { seat: 'middlesbrough', for: 'middlesbrough' },
    { seat: 'middlesbrough-trust', for: 'middlesbrough-childrens-trust' },
    { seat: 'redcar-and-cleveland', for: 'redcar-and-cleveland' },
  ],
  chairSeat: 'redcar-and-cleveland',
  counterparties: [{ counterparty: 'adoption-focus', name: 'Adoption Focus', kind: 'voluntary-adoption-agency' }],
  emailAudiences: [{ role: 'raa-manager', email: 'raa-manager@north-riding.example' }],
};

/** The agency's own people: locally tokens carry any claims, and each of these carries the agency whose path it calls. */
interface Person {
  sub: string;
  groups: string[];
  council?: string;
}
const manager: Person = { sub: 'nra-manager', groups: ['raa-manager'] };
const financeOfficer = (council: string): Person => ({ sub: `nra-finance-${council}`, groups: ['finance-officer'], council });
const scbMember = (seat: string): Person => ({ sub: `nra-scb-${seat}`, groups: ['scb-member'], council: seat });
const admin: Person = { sub: 'nra-admin', groups: ['admin'] };

async function as(person: Person, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const agency = /^\/agencies\/([^/?]+)/.exec(path)?.[1] ?? NRA;
  const token = await api.tokenFor(person.sub, { groups: person.groups, agency, ...(person.council ? { council: person.council } : {}) });
  return api.request(method, path, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
}

/** North Riding set up afresh under an identifier of the test's own, so it reads only what it did to it. */
async function northRidingOfItsOwn(): Promise<string> {
  const agency = `north-riding-${randomUUID().slice(0, 8)}`;
  const created = await as(admin, 'PUT', agencyPath(agency), { body: northRiding });
  if (created.status !== 201) throw new Error(`${agency}: ${created.status} ${JSON.stringify(created.body)}`);
  return agency;
}

describe("setting up an agency's agreement", () => {
  it.each([
    ['the RAA manager', manager],
    ['a finance officer', financeOfficer('north-yorkshire')],
    ['an SCB member', scbMember('north-yorkshire')],
  ])('is refused to %s with 403, and nothing is written', async (_who, person) => {
    const agency = `north-riding-${randomUUID().slice(0, 8)}`;
    const reply = await as(person, 'PUT', agencyPath(agency), { body: northRiding });
    expect(reply.status).toBe(403);
    expect((await as(admin, 'GET', agencyPath(agency))).status).toBe(404);
  });

  it('creates an agency of three councils from nothing: 201, version 1, read back by anyone signed in with its version as ETag', async () => {
    // Act
    const created = await as(admin, 'PUT', agencyPath(NRA), { body: northRiding });

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ agency: NRA, ...northRiding, version: 1, updatedBy: 'nra-admin' });
    const read = await as(financeOfficer('redcar-and-cleveland'), 'GET', agencyPath(NRA));
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(created.body);
  });

  it('is audited with the agreement as set, and the agency is listed for the scheduled jobs to walk', async () => {
    const NRA = await northRidingOfItsOwn();
    const events = (await system.deps.audit.list(NRA)).filter((e) => e.entity.type === 'Agency');
    expect(events).toEqual([expect.objectContaining({ action: 'agreement.set', actor: 'nra-admin', after: expect.objectContaining({ version: 1, hostCouncil: 'north-yorkshire' }) })]);
    expect(events[0]!.before).toBeUndefined();
    expect(await system.deps.agencies.list()).toEqual(expect.arrayContaining(['adoption-at-heart', NRA]));
  });

  it('is varied only at the version read: 428 without If-Match, 200 with it, 409 when stale', async () => {
    // Prepare
    const NRA = await northRidingOfItsOwn();
    const variation = {
      ...northRiding,
      name: 'North Riding Regional Adoption Agency',
      chairSeat: 'middlesbrough',
      counterparties: [...northRiding.counterparties, { counterparty: 'adoption-tees-valley', name: 'Adoption Tees Valley', kind: 'regional-adoption-agency' }],
    };

    // Act
    const withoutVersion = await as(admin, 'PUT', agencyPath(NRA), { body: variation });
    const varied = await as(admin, 'PUT', agencyPath(NRA), { body: variation, headers: { 'if-match': '"1"' } });
    const stale = await as(admin, 'PUT', agencyPath(NRA), { body: { ...variation, chairSeat: 'north-yorkshire' }, headers: { 'if-match': '1' } });

    // Assess
    expect(withoutVersion.status).toBe(428);
    expect(varied.status).toBe(200);
    expect(varied.headers.get('etag')).toBe('"2"');
    expect(varied.body).toMatchObject({ version: 2, name: 'North Riding Regional Adoption Agency', chairSeat: 'middlesbrough' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const read = await as(scbMember('middlesbrough'), 'GET', agencyPath(NRA));
    expect(read.body).toMatchObject({ version: 2, chairSeat: 'middlesbrough' });
    const changed = (await system.deps.audit.list(NRA)).filter((e) => e.action === 'agreement.changed');
    expect(changed).toEqual([expect.objectContaining({ before: expect.objectContaining({ version: 1, chairSeat: 'redcar-and-cleveland' }), after: expect.objectContaining({ version: 2, chairSeat: 'middlesbrough' }) })]);
  });

  it.each([
    ['a member council is dropped with its seat', { councils: northRiding.councils.filter((c) => c.council !== 'redcar-and-cleveland'), seats: northRiding.seats.filter((s) => s.seat !== 'redcar-and-cleveland') }, ['councils redcar-and-cleveland', 'seats redcar-and-cleveland']],
    ['a council is renamed, which drops its old identifier', { councils: northRiding.councils.map((c) => (c.council === 'redcar-and-cleveland' ? { ...c, council: 'redcar' } : c)), seats: northRiding.seats.map((s) => (s.for === 'redcar-and-cleveland' ? { ...s, for: 'redcar' } : s)) }, ['councils redcar-and-cleveland']],
    ['a member council becomes a body acting for another', { councils: northRiding.councils.map((c) => (c.council === 'redcar-and-cleveland' ? { ...c, actsFor: 'north-yorkshire' } : c)) }, ['councils redcar-and-cleveland']],
    ['the trust acting for a council is dropped with its seat', { councils: northRiding.councils.filter((c) => c.council !== 'middlesbrough-childrens-trust'), seats: northRiding.seats.filter((s) => s.seat !== 'middlesbrough-trust') }, ['councils middlesbrough-childrens-trust', 'seats middlesbrough-trust']],
    ['an SCB seat is dropped', { seats: northRiding.seats.filter((s) => s.seat !== 'north-yorkshire') }, ['seats north-yorkshire']],
  ])('refuses a variation in which %s with 422 AGREEMENT_MEMBER_IN_USE naming it, and writes nothing', async (_what, change, members) => {
    const NRA = await northRidingOfItsOwn();
    const current = await as(admin, 'GET', agencyPath(NRA));
    const reply = await as(admin, 'PUT', agencyPath(NRA), { body: { ...northRiding, chairSeat: 'middlesbrough', ...change }, headers: { 'if-match': String(current.body.version) } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('AGREEMENT_MEMBER_IN_USE');
    expect(reply.body.error.details.map((d: { path: string; member: string }) => `${d.path} ${d.member}`)).toEqual(members);
    expect((await as(admin, 'GET', agencyPath(NRA))).body).toEqual(current.body);
  });
});

describe('an inconsistent agreement', () => {
  const REFUSED = 'refused-adoption';
  const councils = northRiding.councils;
  const seats = northRiding.seats;

  it.each([
    ['a council is listed twice', { councils: [...councils, { council: 'north-yorkshire', name: 'North Yorkshire Council (again)' }] }, 'councils.4.council'],
    ['fewer than two councils are members (the rest act for one)', { councils: councils.map((c) => (c.council === 'north-yorkshire' ? c : { ...c, actsFor: 'north-yorkshire' })) }, 'councils'],
    ['a body acts for a council that is not a member', { councils: councils.map((c) => (c.actsFor ? { ...c, actsFor: 'stockton' } : c)) }, 'councils.2.actsFor'],
    ['a body acts for another body', { councils: [...councils, { council: 'trust-subsidiary', name: 'A company of the Trust', actsFor: 'middlesbrough-childrens-trust' }] }, 'councils.4.actsFor'],
    ["a case reference pattern is not a regular expression", { councils: councils.map((c, i) => (i === 0 ? { ...c, caseRefPattern: '^NY/(\\d{4}$' } : c)) }, 'councils.0.caseRefPattern'],
    ['the host is not a member council', { hostCouncil: 'middlesbrough-childrens-trust' }, 'hostCouncil'],
    ['the host is a stranger', { hostCouncil: 'stockton' }, 'hostCouncil'],
    ['a seat is listed twice', { seats: [...seats, { seat: 'middlesbrough', for: 'middlesbrough-childrens-trust' }] }, 'seats.4.seat'],
    ['a seat is for a body outside the agreement', { seats: seats.map((s, i) => (i === 3 ? { ...s, for: 'stockton' } : s)) }, 'seats.3.for'],
    ['a seat is not a slug', { seats: seats.map((s, i) => (i === 1 ? { ...s, seat: 'Middlesbrough' } : s)) }, 'seats.1.seat'],
    ['the chair is not one of the seats', { chairSeat: 'stockton' }, 'chairSeat'],
    ['a counterparty is listed twice', { counterparties: [...northRiding.counterparties, { counterparty: 'adoption-focus', name: 'Adoption Focus (again)', kind: 'voluntary-adoption-agency' }] }, 'counterparties.1.counterparty'],
    ['a counterparty is of no known kind', { counterparties: [{ ...northRiding.counterparties[0], kind: 'charity' }] }, 'counterparties.0.kind'],
    ['an e-mail audience has no valid address', { emailAudiences: [{ role: 'raa-manager', email: 'raa-manager at north-riding' }] }, 'emailAudiences.0.email'],
    ['go-live is not a date', { goLiveOn: '2021-02-30' }, 'goLiveOn'],
    ['the name is a single letter', { name: 'N' }, 'name'],
    ['there are no seats (so the chair has none to be)', { seats: [] }, 'seats', 'chairSeat'],
  ])('is refused with 400 naming the field when %s, and nothing is written', async (_what, change, ...paths) => {
    const reply = await as(admin, 'PUT', agencyPath(REFUSED), { body: { ...northRiding, chairSeat: 'north-yorkshire', ...change } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    expect((await as(admin, 'GET', agencyPath(REFUSED))).status).toBe(404);
    expect(await system.deps.agencies.list()).not.toContain(REFUSED);
  });

  it('is refused as a variation too, and the agreement in force stays as it was', async () => {
    const NRA = await northRidingOfItsOwn();
    const current = await as(admin, 'GET', agencyPath(NRA));
    const reply = await as(admin, 'PUT', agencyPath(NRA), { body: { ...northRiding, chairSeat: 'stockton' }, headers: { 'if-match': String(current.body.version) } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['chairSeat']);
    expect((await as(admin, 'GET', agencyPath(NRA))).body).toEqual(current.body);
  });

  it('is refused with 400 naming the agency when its identifier is not a slug', async () => {
    const reply = await as(admin, 'PUT', agencyPath('North_Riding'), { body: northRiding });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['agency']);
  });
});

describe('the seeded reference agency', () => {
  it('was created as an administrator creates one (version 1, audited, listed), and seeding again changes nothing', async () => {
    // Prepare
    const seeded = await as(admin, 'GET', agencyPath('adoption-at-heart'));

    // Act
    const again = await seedReferenceData(system.deps);

    // Assess
    expect(again).toEqual({ created: false });
    expect(seeded.headers.get('etag')).toBe('"1"');
    expect((await as(admin, 'GET', agencyPath('adoption-at-heart'))).body).toEqual(seeded.body);
    const events = (await system.deps.audit.list('adoption-at-heart')).filter((e) => e.entity.type === 'Agency');
    expect(events).toEqual([expect.objectContaining({ action: 'agreement.set', actor: 'seed:reference-data', after: expect.objectContaining({ version: 1 }) })]);
    expect(await system.deps.agencies.list()).toContain('adoption-at-heart');
  });
});

describe('a year of the three-council agency, lived through by its own people', () => {
  const year = '2021-22';
  const seatsOfNra = northRiding.seats.map((s) => s.seat);
  // Budget share of an odd budget over 23 + 17 + 11 placements: the split needs the largest remainder.
  const protocol = {
    budgetPence: 155_555_555,
    tolerance: { placements: 1, percent: 5 },
    spotPurchaseRatePence: 3_100_000,
    interAgencyFeePence: 2_700_000,
    interAgencyBudgetPence: 20_000_000,
    approvalRule: 'unanimous',
    reconciliationDueDays: 30,
  };

  /** The steps of the year before the one a test is about, as the agency's people take them. */
  async function protocolAgreed(NRA: string): Promise<void> {
    const proposed = await as(manager, 'PUT', `${yearPath(year, NRA)}/protocol`, { body: protocol });
    expect(proposed.status).toBe(201);
    for (const seat of seatsOfNra) expect((await as(scbMember(seat), 'POST', `/agencies/${NRA}/approvals/${proposed.body.approvalId}/decisions`, { body: { decision: 'approve' } })).status).toBe(201);
    await eventually(async () => expect((await as(manager, 'GET', `${yearPath(year, NRA)}/protocol`)).body.version).toBe(proposed.body.version));
  }
  async function forecastsIn(NRA: string): Promise<void> {
    for (const [council, placements, officer] of [['north-yorkshire', 23, 'north-yorkshire'], ['middlesbrough', 17, 'middlesbrough-childrens-trust'], ['redcar-and-cleveland', 11, 'redcar-and-cleveland']] as const) {
      expect((await as(financeOfficer(officer), 'PUT', `${yearPath(year, NRA)}/forecasts/${council}`, { body: { placements } })).status).toBe(200);
    }
  }
  async function apportionmentApproved(NRA: string): Promise<void> {
    const requested = await as(manager, 'POST', `${yearPath(year, NRA)}/apportionment`, { body: { method: 'budget-share' } });
    expect(requested.status).toBe(201);
    for (const seat of seatsOfNra) {
      await eventually(async () => expect((await as(scbMember(seat), 'POST', `/agencies/${NRA}/approvals/${requested.body.approvalId}/decisions`, { body: { decision: 'approve' } })).status).toBe(201));
    }
    await eventually(async () => expect((await as(manager, 'GET', `${yearPath(year, NRA)}/apportionment`)).body.status).toBe('approved'));
  }

  it('has its funding protocol agreed by its own SCB', async () => {
    const NRA = await northRidingOfItsOwn();
    // Act: the RAA manager proposes; where the protocol is an agreement, every seat of this board approves it.
    const proposed = await as(manager, 'PUT', `${yearPath(year, NRA)}/protocol`, { body: protocol });
    expect([200, 201]).toContain(proposed.status);
    if (proposed.body.approvalId) {
      expect((await as(scbMember('dudley'), 'POST', `/agencies/${NRA}/approvals/${proposed.body.approvalId}/decisions`, { body: { decision: 'approve' } })).status).toBe(403);
      for (const seat of seatsOfNra) {
        const notYet = await as(manager, 'GET', `${yearPath(year, NRA)}/protocol`);
        expect(notYet.body.inForce, `in force before ${seat} agreed`).toBeNull();
        const decided = await as(scbMember(seat), 'POST', `/agencies/${NRA}/approvals/${proposed.body.approvalId}/decisions`, { body: { decision: 'approve' } });
        expect(decided.status, seat).toBe(201);
      }
    }

    // Assess
    const inForce = await eventually(async () => {
      const reply = await as(financeOfficer('north-yorkshire'), 'GET', `${yearPath(year, NRA)}/protocol`);
      if (reply.status !== 200 || reply.body.version !== proposed.body.version) throw new Error('the protocol is not yet in force');
      return reply.body;
    });
    expect(inForce).toMatchObject({ agency: NRA, year, budgetPence: 155_555_555 });
  });

  it("takes each council's forecast from its own finance officer, Middlesbrough's from the trust acting for it", async () => {
    const NRA = await northRidingOfItsOwn();
    // Act
    const northYorkshire = await as(financeOfficer('north-yorkshire'), 'PUT', `${yearPath(year, NRA)}/forecasts/north-yorkshire`, { body: { placements: 23 } });
    const byTheTrust = await as(financeOfficer('middlesbrough-childrens-trust'), 'PUT', `${yearPath(year, NRA)}/forecasts/middlesbrough`, { body: { placements: 17, note: "Middlesbrough Children's Trust acts for the council" } });
    const notTheirs = await as(financeOfficer('redcar-and-cleveland'), 'PUT', `${yearPath(year, NRA)}/forecasts/north-yorkshire`, { body: { placements: 99 } });
    const blackCountry = await api.as('dudley-finance', 'PUT', `${yearPath(year, NRA)}/forecasts/redcar-and-cleveland`, { body: { placements: 99 } });
    const redcar = await as(financeOfficer('redcar-and-cleveland'), 'PUT', `${yearPath(year, NRA)}/forecasts/redcar-and-cleveland`, { body: { placements: 11 } });

    // Assess
    expect([northYorkshire.status, byTheTrust.status, redcar.status]).toEqual([200, 200, 200]);
    expect(notTheirs.status).toBe(403);
    expect(blackCountry.status).toBe(403);
    const list = await as(manager, 'GET', `${yearPath(year, NRA)}/forecasts`);
    expect(list.body.missing).toEqual([]);
    expect(Object.fromEntries(list.body.forecasts.map((f: { council: string; placements: number }) => [f.council, f.placements]))).toEqual({ 'north-yorkshire': 23, middlesbrough: 17, 'redcar-and-cleveland': 11 });
  });

  it('has its apportionment approved by its four seats, and the contributions add up to the budget to the penny', async () => {
    // Prepare
    const NRA = await northRidingOfItsOwn();
    await protocolAgreed(NRA);
    await forecastsIn(NRA);

    // Act
    const requested = await as(manager, 'POST', `${yearPath(year, NRA)}/apportionment`, { body: { method: 'budget-share' } });
    expect(requested.status).toBe(201);
    const pending = await eventually(async () => {
      const reply = await as(scbMember('middlesbrough-trust'), 'GET', `/agencies/${NRA}/approvals?status=pending`);
      const approval = reply.body.approvals?.find((a: { approvalId: string }) => a.approvalId === requested.body.approvalId);
      if (!approval) throw new Error('the approval is not open yet');
      return approval;
    });
    expect(pending.awaiting).toEqual(seatsOfNra);
    for (const seat of seatsOfNra) {
      const decided = await as(scbMember(seat), 'POST', `/agencies/${NRA}/approvals/${requested.body.approvalId}/decisions`, { body: { decision: 'approve' } });
      expect(decided.status, seat).toBe(201);
    }

    // Assess
    const approved = await eventually(async () => {
      const reply = await as(financeOfficer('redcar-and-cleveland'), 'GET', `${yearPath(year, NRA)}/apportionment`);
      if (reply.body.status !== 'approved') throw new Error('not yet approved');
      return reply.body;
    });
    const contributions = Object.fromEntries(approved.councils.map((c: { council: string; contributionPence: number }) => [c.council, c.contributionPence]));
    // 155,555,555 x 23/51, 17/51, 11/51: floors 70,152,505 + 51,851,851 + 33,551,198; the one penny left goes to the largest remainder (Middlesbrough's .667).
    expect(contributions).toEqual({ 'north-yorkshire': 70_152_505, middlesbrough: 51_851_852, 'redcar-and-cleveland': 33_551_198 });
    expect(approved.totalPence).toBe(155_555_555);
    expect(Object.values(contributions).reduce((sum: number, pence) => sum + (pence as number), 0)).toBe(approved.totalPence);
  });

  it('lets a fourth council join with its seat once the year is settled, and the approved year stays as it was', async () => {
    // Prepare
    const NRA = await northRidingOfItsOwn();
    await protocolAgreed(NRA);
    await forecastsIn(NRA);
    await apportionmentApproved(NRA);
    const current = await as(admin, 'GET', agencyPath(NRA));
    const before = await as(manager, 'GET', `${yearPath(year, NRA)}/apportionment`);

    // Act
    const joined = await as(admin, 'PUT', agencyPath(NRA), {
      body: {
        ...current.body,
        agency: undefined,
        version: undefined,
        updatedBy: undefined,
        updatedAt: undefined,
        councils: [...northRiding.councils, { council: 'stockton', name: 'Stockton-on-Tees Borough Council' }],
        seats: [...northRiding.seats, { seat: 'stockton', for: 'stockton' }],
      },
      headers: { 'if-match': String(current.body.version) },
    });

    // Assess
    expect(joined.status).toBe(200);
    expect(joined.body.version).toBe(current.body.version + 1);
    expect((await as(manager, 'GET', `${yearPath(year, NRA)}/apportionment`)).body).toEqual(before.body);
  });
});
