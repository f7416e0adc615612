/**
 * The funding protocol as "an agreed funding protocol between the Local
 * Authorities/Trust", over HTTP against the local server (DynamoDB Local, the
 * agreement-variation workflow): the RAA manager proposes, every SCB seat
 * must agree, and only then does it come into force; until then the version
 * in force stays, and everything that reads the protocol reads only that one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
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
const propose = (year: string, body: Record<string, unknown>, ifMatch?: number, who = 'raa-manager') =>
  api.as(who, 'PUT', protocolPath(year), { body, ...(ifMatch !== undefined ? { headers: { 'if-match': String(ifMatch) } } : {}) });
const decide = (member: string, approvalId: string, decision: 'approve' | 'reject', comment?: string) =>
  api.as(member, 'POST', `/agencies/${AGENCY}/approvals/${approvalId}/decisions`, { body: { decision, ...(comment ? { comment } : {}) } });
const approval = async (approvalId: string) => (await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals.find((a: any) => a.approvalId === approvalId);
const managerNotices = async (): Promise<string[]> => (await api.as('raa-manager', 'GET', '/notifications')).body.notifications.map((n: any) => n.subject as string);

describe('a proposed funding protocol', () => {
  const year = '2021-22';

  it('is not in force until every SCB seat agrees, whatever rule it sets for other decisions; meanwhile the year cannot be apportioned', async () => {
    // Prepare: the forecasts are all in, so only the protocol stands in the way of an apportionment.
    await submitReferenceForecasts(api, year);

    // Act: the RAA manager proposes a protocol under which the SCB decides other things by majority.
    const proposed = await propose(year, { ...YEAR_2_PROTOCOL, approvalRule: 'majority' });

    // Assess
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', version: 1, proposedBy: 'raa-manager', approvalRule: 'majority' });
    expect(proposed.body.basedOn).toBeUndefined();
    const { approvalId } = proposed.body;
    const opened = await approval(approvalId);
    expect(opened).toMatchObject({ rule: 'unanimous', subject: { kind: 'funding-protocol', year }, awaiting: ['dudley', 'sandwell', 'sandwell-childrens-trust', 'walsall', 'wolverhampton'] });
    expect(opened.document).toMatchObject({ document: 'funding-protocol', version: 1, inForce: null, proposed: { unitRatePence: 2_802_500 } });
    expect(opened.document.changes).toContainEqual({ field: 'unitRatePence', inForce: null, proposed: 2_802_500 });

    const read = await api.as('dudley-finance', 'GET', protocolPath(year));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ agency: AGENCY, year, inForce: null, proposed: { version: 1, status: 'proposed' } });
    expect(read.body.version).toBeUndefined();
    expect(read.headers.get('etag')).toBeNull();

    const refused = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${year}/apportionment`, { body: { method: 'unit-rate' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PROTOCOL_NOT_AGREED');

    // Act: four of the five seats agree (a majority, which would carry any other decision).
    for (const member of SCB_MEMBERS.slice(0, 4)) expect((await decide(member, approvalId, 'approve')).status).toBe(201);

    // Assess: still not in force.
    await system.engine.idle();
    expect((await api.as('raa-manager', 'GET', protocolPath(year))).body).toMatchObject({ inForce: null, proposed: { version: 1 } });
    expect(await system.deps.protocols.find(AGENCY, year)).toBeUndefined();
    expect((await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${year}/apportionment`, { body: { method: 'unit-rate' } })).body.error.code).toBe('PROTOCOL_NOT_AGREED');

    // Act: the last seat agrees.
    await decide('scb-wolverhampton', approvalId, 'approve');

    // Assess: in force, read as before at the top level with its version, and the year can be apportioned.
    const agreed = await eventually(async () => {
      const reply = await api.as('lead-dudley', 'GET', protocolPath(year));
      expect(reply.body.inForce).not.toBeNull();
      return reply;
    });
    expect(agreed.body).toMatchObject({ version: 1, unitRatePence: 2_802_500, approvalRule: 'majority', proposed: null, inForce: { version: 1, approvalId, agreedAt: expect.any(String) } });
    expect(agreed.headers.get('etag')).toBe('"1"');
    expect(agreed.body.history.map((v: any) => [v.version, v.status])).toEqual([[1, 'in-force']]);
    expect((await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${year}/apportionment`, { body: { method: 'unit-rate' } })).status).toBe(201);
    expect(await managerNotices()).toContain(`Funding protocol for ${year} agreed: version 1 is in force`);
    const audited = (await system.deps.audit.list(AGENCY)).filter((e) => e.entity.id === `${year}/v1`).map((e) => e.action);
    expect(audited.sort()).toEqual(['protocol.in-force', 'protocol.proposed']);
  });
});

describe('a variation of the protocol in force', () => {
  it('names the version it varies, shows the board each change against it, and once agreed replaces it, which is kept as history', async () => {
    // Prepare
    const year = '2022-23';
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);

    // Act
    const varied = await propose(year, { ...YEAR_2_PROTOCOL, unitRatePence: 2_900_000, tolerance: { placements: 3, percent: 5 } }, 1);

    // Assess: proposed, with its changes; everything that reads the protocol still reads version 1.
    expect(varied.status).toBe(201);
    expect(varied.body).toMatchObject({ status: 'proposed', version: 2, basedOn: 1 });
    const changes = [
      { field: 'unitRatePence', inForce: 2_802_500, proposed: 2_900_000 },
      { field: 'tolerance.placements', inForce: 2, proposed: 3 },
    ];
    expect(varied.body.changes).toEqual(changes);
    const opened = await approval(varied.body.approvalId);
    expect(opened.document).toMatchObject({ version: 2, basedOn: 1, inForce: { version: 1, unitRatePence: 2_802_500 }, proposed: { unitRatePence: 2_900_000 }, changes });
    expect(opened.subject.title).toMatch(/variation of version 1/);
    const meanwhile = await api.as('raa-manager', 'GET', protocolPath(year));
    expect(meanwhile.body).toMatchObject({ version: 1, unitRatePence: 2_802_500, inForce: { version: 1 }, proposed: { version: 2, unitRatePence: 2_900_000 } });
    expect(meanwhile.headers.get('etag')).toBe('"1"');
    expect((await system.deps.protocols.get(AGENCY, year)).version).toBe(1);
    expect((await system.deps.yearBook(AGENCY, year)).protocol?.unitRatePence).toBe(2_802_500);

    // Act
    for (const member of SCB_MEMBERS) await decide(member, varied.body.approvalId, 'approve');

    // Assess
    const agreed = await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', protocolPath(year));
      expect(reply.body.version).toBe(2);
      return reply;
    });
    expect(agreed.body).toMatchObject({ unitRatePence: 2_900_000, tolerance: { placements: 3, percent: 5 }, basedOn: 1, proposed: null });
    expect(agreed.headers.get('etag')).toBe('"2"');
    expect(agreed.body.history.map((v: any) => [v.version, v.status, v.supersededBy])).toEqual([
      [1, 'superseded', 2],
      [2, 'in-force', undefined],
    ]);
    expect(agreed.body.history[0].unitRatePence).toBe(2_802_500);
    expect((await system.deps.protocols.get(AGENCY, year)).version).toBe(2);
    expect((await system.deps.yearBook(AGENCY, year)).protocol).toMatchObject({ version: 2, unitRatePence: 2_900_000 });
  });

  it('rejected by one seat is rejected, with the seats’ comments; the version in force stays and the RAA manager is told', async () => {
    // Prepare
    const year = '2023-24';
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    const varied = await propose(year, { ...YEAR_2_PROTOCOL, spotPurchaseRatePence: 3_500_000 }, 1);

    // Act
    await decide('scb-dudley', varied.body.approvalId, 'approve');
    await decide('scb-walsall', varied.body.approvalId, 'reject', 'A spot rate above the unit rate needs a business case first');

    // Assess
    const settled = await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', protocolPath(year));
      expect(reply.body.proposed).toBeNull();
      return reply.body;
    });
    expect(settled).toMatchObject({ version: 1, spotPurchaseRatePence: 2_802_500, inForce: { version: 1 } });
    const rejected = settled.history.find((v: any) => v.version === 2);
    expect(rejected).toMatchObject({ status: 'rejected', spotPurchaseRatePence: 3_500_000, decidedAt: expect.any(String) });
    expect(rejected.decisionComments).toEqual([
      { seat: 'dudley', decision: 'approve' },
      { seat: 'walsall', decision: 'reject', comment: 'A spot rate above the unit rate needs a business case first' },
    ]);
    expect((await system.deps.protocols.get(AGENCY, year)).spotPurchaseRatePence).toBe(2_802_500);
    await eventually(async () => expect((await managerNotices()).find((s) => s.startsWith(`Funding protocol for ${year} rejected`))).toBeDefined());
    const notice = (await api.as('raa-manager', 'GET', '/notifications')).body.notifications.find((n: any) => n.kind === 'protocol-rejected' && n.subject.includes(year));
    expect(notice.body).toMatch(/Version 1 stays in force.*walsall: A spot rate above the unit rate/);
    expect((await system.deps.audit.list(AGENCY)).some((e) => e.action === 'protocol.rejected' && e.entity.id === `${year}/v2`)).toBe(true);

    // A new proposal after it takes the next number: a rejected version is never reused.
    const again = await propose(year, { ...YEAR_2_PROTOCOL, spotPurchaseRatePence: 3_000_000 }, 1);
    expect(again.body).toMatchObject({ version: 3, basedOn: 1 });
  });
});

describe('proposing a protocol', () => {
  it('needs If-Match naming the version in force to vary it: 428 without, 409 when stale; one proposal at a time', async () => {
    // Prepare
    const year = '2024-25';
    const first = await propose(year, YEAR_2_PROTOCOL);
    expect(first.status).toBe(201);

    // Act and Assess: while the first awaits the SCB.
    const second = await propose(year, { ...YEAR_2_PROTOCOL, unitRatePence: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('PROPOSAL_PENDING');
    const namesNothingInForce = await propose(year, YEAR_2_PROTOCOL, 1);
    expect(namesNothingInForce.status).toBe(409);
    expect(namesNothingInForce.body.error.code).toBe('VERSION_CONFLICT');

    for (const member of SCB_MEMBERS) await decide(member, first.body.approvalId, 'approve');
    await eventually(async () => expect((await api.as('raa-manager', 'GET', protocolPath(year))).body.version).toBe(1));

    const withoutIfMatch = await propose(year, { ...YEAR_2_PROTOCOL, unitRatePence: 2_850_000 });
    expect(withoutIfMatch.status).toBe(428);
    const stale = await propose(year, { ...YEAR_2_PROTOCOL, unitRatePence: 2_850_000 }, 7);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const variation = await propose(year, { ...YEAR_2_PROTOCOL, unitRatePence: 2_850_000 }, 1);
    expect(variation.status).toBe(201);
    const besideIt = await propose(year, { ...YEAR_2_PROTOCOL, unitRatePence: 2_860_000 }, 1);
    expect(besideIt.status).toBe(409);
    expect(besideIt.body.error.code).toBe('PROPOSAL_PENDING');

    // Nothing refused was written: version 1 in force, version 2 proposed, nothing else.
    const read = await api.as('raa-manager', 'GET', protocolPath(year));
    expect(read.body.history.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'in-force'],
      [2, 'proposed'],
    ]);
    expect(read.body.proposed.unitRatePence).toBe(2_850_000);
  });

  it.each([
    ['a finance officer', 'dudley-finance'],
    ['an SCB member', 'scb-dudley'],
    ['a lead member', 'lead-dudley'],
    ['an administrator', 'admin'],
  ])('is refused to %s with 403, and nothing is written', async (_who, user) => {
    const year = '2025-26';
    const reply = await propose(year, YEAR_2_PROTOCOL, undefined, user);
    expect(reply.status).toBe(403);
    expect((await api.as('raa-manager', 'GET', protocolPath(year))).status).toBe(404);
  });

  it.each([
    ['a negative spot purchase rate', { spotPurchaseRatePence: -1 }, 'spotPurchaseRatePence'],
    ['fractional pence', { interAgencyFeePence: 10.5 }, 'interAgencyFeePence'],
    ['a tolerance band with neither placements nor percent', { tolerance: {} }, 'tolerance'],
    ['an approval rule that is not one', { approvalRule: 'show-of-hands' }, 'approvalRule'],
    ['reconciliation due in no days', { reconciliationDueDays: 0 }, 'reconciliationDueDays'],
    ['a field the protocol does not have', { agreedBy: 'raa-manager' }, ''],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_what, change, field) => {
    const year = '2026-27';
    const reply = await propose(year, { ...YEAR_2_PROTOCOL, ...change });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual([field]);
    expect((await api.as('raa-manager', 'GET', protocolPath(year))).status).toBe(404);
    expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals.filter((a: any) => a.subject.year === year)).toEqual([]);
  });

  it('refuses a protocol with neither a unit rate nor a budget, naming unitRatePence', async () => {
    const { unitRatePence: _rate, budgetPence: _budget, ...noMoney } = YEAR_2_PROTOCOL;
    const reply = await propose('2026-27', noMoney);
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['unitRatePence']);
  });

  it('answers 404 for an agency that does not exist, and for a year with no protocol in force or proposed', async () => {
    expect((await api.as('raa-manager', 'PUT', `/agencies/nowhere-raa/years/2021-22/protocol`, { body: YEAR_2_PROTOCOL })).status).toBe(404);
    expect((await api.as('raa-manager', 'GET', `/agencies/nowhere-raa/years/2021-22/protocol`)).status).toBe(404);
    expect((await api.as('raa-manager', 'GET', protocolPath('2030-31'))).status).toBe(404);
  });
});
