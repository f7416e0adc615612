/**
 * The RAA Management Board over HTTP (real workflow, DynamoDB Local): where
 * the agreement says so, a compiled quarterly report goes first to each
 * council's Responsible Officer for adoption, who notes it or sends it back
 * with comments; only once every officer has noted it does the SCB see it.
 * The administrator turns the step on for Adoption@Heart in this file's own
 * table, with If-Match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, eventually, startSystem, type Reply } from '../support/local-system.ts';
import { QUARTER_INDICATORS, approvedYear, decideAll } from '../support/reference-year.ts';

const Q1 = '2020-21-Q1';
const REPORT = `/agencies/${AGENCY}/quarters/${Q1}/report`;
const BOARD = `${REPORT}/management-board`;
const OFFICERS = ['ro-dudley', 'ro-sandwell', 'ro-walsall', 'ro-wolverhampton'];
let system: LocalRuntime;
let api: Client;

/** The agreement as the administrator sends it back: what they read, without the record's own fields. */
async function agreementAsRead(): Promise<{ version: number; agreement: Record<string, any> }> {
  const { agency: _a, version, updatedBy: _b, updatedAt: _c, ...agreement } = (await api.as('admin', 'GET', `/agencies/${AGENCY}`)).body;
  return { version, agreement };
}

async function reportStatus(expected: string): Promise<any> {
  return eventually(async () => {
    const reply = await api.as('raa-manager', 'GET', REPORT);
    expect(reply.body.status).toBe(expected);
    return reply.body;
  });
}

const boardDecisions = async () => (await api.as('raa-manager', 'GET', REPORT)).body.managementBoard.decisions;
const subjects = async (who: string): Promise<string[]> => (await api.as(who, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject);

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-07-10T09:00:00Z') });
  api = new Client(system.url);
  await approvedYear(api, '2020-21');
  expect((await api.as('raa-manager', 'PUT', `/agencies/${AGENCY}/quarters/${Q1}/indicators`, { body: QUARTER_INDICATORS })).status).toBe(200);
});

afterAll(async () => {
  await system?.stop();
});

describe('the Management Board in the agreement', () => {
  it('is seeded with a Responsible Officer for each member council, reviewing nothing until the agreement says so', async () => {
    const { agreement } = await agreementAsRead();
    expect(agreement.managementBoard).toEqual({
      reviewsQuarterlyReports: false,
      responsibleOfficers: OFFICERS.map((officer) => ({ officer, council: officer.slice(3) })),
    });
  });

  it.each([
    ['a council outside the agreement', { officer: 'ro-coventry', council: 'coventry' }, 'managementBoard.responsibleOfficers.4.council'],
    ['an identifier that is an SCB seat', { officer: 'walsall', council: 'walsall' }, 'managementBoard.responsibleOfficers.4.officer'],
    ['an officer listed twice', { officer: 'ro-dudley', council: 'dudley' }, 'managementBoard.responsibleOfficers.4.officer'],
  ])('refuses an officer for %s, naming the field, and changes nothing', async (_what, officer, path) => {
    const { version, agreement } = await agreementAsRead();
    const refused = await api.as('admin', 'PUT', `/agencies/${AGENCY}`, {
      body: { ...agreement, managementBoard: { ...agreement.managementBoard, responsibleOfficers: [...agreement.managementBoard.responsibleOfficers, officer] } },
      headers: { 'if-match': String(version) },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    expect((await agreementAsRead()).version).toBe(version);
  });

  it('is turned on by the administrator, varying the agreement with If-Match', async () => {
    const { version, agreement } = await agreementAsRead();
    const varied = await api.as('admin', 'PUT', `/agencies/${AGENCY}`, {
      body: { ...agreement, managementBoard: { ...agreement.managementBoard, reviewsQuarterlyReports: true } },
      headers: { 'if-match': String(version) },
    });
    expect(varied.status).toBe(200);
    expect(varied.body.managementBoard.reviewsQuarterlyReports).toBe(true);
  });
});

describe('a quarterly report with the Management Board on', () => {
  let first: Reply;

  it('goes to the Management Board first: each Responsible Officer is asked, the SCB is not yet', async () => {
    first = await api.as('raa-manager', 'POST', REPORT);
    expect(first.status).toBe(202);
    const report = await reportStatus('awaiting-management-board');
    expect(report.managementBoard).toMatchObject({ approvalId: `report-${Q1.toLowerCase()}-v1-board`, status: 'awaiting', decisions: [], awaiting: OFFICERS });
    expect(report.sections.indicators.length).toBeGreaterThan(0);
    await eventually(async () => expect((await subjects('ro-sandwell')).filter((s) => s.startsWith('To note'))).toHaveLength(1));
    expect((await api.as('scb-dudley', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals).toEqual([]);
  });

  it('is read by the responsible officers; lead members and finance officers see nothing before publication', async () => {
    expect((await api.as('ro-walsall', 'GET', REPORT)).body.status).toBe('awaiting-management-board');
    expect((await api.as('ro-walsall', 'GET', `${REPORT}.html`)).status).toBe(200);
    expect((await api.as('lead-dudley', 'GET', REPORT)).status).toBe(404);
    expect((await api.as('dudley-finance', 'GET', REPORT)).status).toBe(404);
  });

  it.each([
    ['an SCB member', 'scb-dudley'],
    ['the RAA manager', 'raa-manager'],
    ['a lead member', 'lead-walsall'],
  ])('refuses a decision from %s (403) and records nothing', async (_who, who) => {
    expect((await api.as(who, 'POST', BOARD, { body: { decision: 'note' } })).status).toBe(403);
    expect(await boardDecisions()).toEqual([]);
  });

  it('refuses a responsible officer who is not on this agency\'s board (403) and records nothing', async () => {
    const token = await api.tokenFor('ro-coventry', { groups: ['responsible-officer'], council: 'ro-coventry', agency: AGENCY });
    const refused = await api.request('POST', BOARD, { body: { decision: 'note' }, headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
    expect(await boardDecisions()).toEqual([]);
  });

  it("cannot be decided through the SCB's approvals route", async () => {
    const refused = await api.as('scb-dudley', 'POST', `/agencies/${AGENCY}/approvals/report-${Q1.toLowerCase()}-v1-board/decisions`, { body: { decision: 'approve' } });
    expect(refused.status).toBe(403);
    expect(await boardDecisions()).toEqual([]);
  });

  it.each([
    ['a send-back without a comment', { decision: 'send-back' }, 'comment'],
    ['a decision the board does not make', { decision: 'approve' }, 'decision'],
  ])('refuses %s with 400 naming the field, and records nothing', async (_what, body, field) => {
    const refused = await api.as('ro-dudley', 'POST', BOARD, { body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual([field]);
    expect(await boardDecisions()).toEqual([]);
  });

  it('answers 404 for a quarter with no report yet', async () => {
    expect((await api.as('ro-dudley', 'POST', `/agencies/${AGENCY}/quarters/2020-21-Q2/report/management-board`, { body: { decision: 'note' } })).status).toBe(404);
  });

  it('is sent back by one officer with comments: the RAA manager is told, and the SCB never sees it', async () => {
    expect((await api.as('ro-dudley', 'POST', BOARD, { body: { decision: 'note' } })).status).toBe(201);
    expect((await api.as('ro-dudley', 'POST', BOARD, { body: { decision: 'note' } })).body.error.code).toBe('ALREADY_DECIDED');
    const sentBack = await api.as('ro-sandwell', 'POST', BOARD, { body: { decision: 'send-back', comment: 'Sandwell inspection date is the Trust\'s, not the council\'s; please correct.' } });
    expect(sentBack.status).toBe(201);
    expect(sentBack.body.managementBoard.status).toBe('sent-back');

    const report = await reportStatus('sent-back');
    expect(report.managementBoard.decisions).toEqual([
      { officer: 'ro-dudley', council: 'dudley', decision: 'note', decidedAt: expect.any(String) },
      { officer: 'ro-sandwell', council: 'sandwell', decision: 'send-back', comment: "Sandwell inspection date is the Trust's, not the council's; please correct.", decidedAt: expect.any(String) },
    ]);
    await eventually(async () => expect((await subjects('raa-manager')).filter((s) => s.includes('sent back'))).toEqual([`The RAA Management Board sent back the ${Q1} report (version 1)`]));
    expect((await api.as('scb-dudley', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals).toEqual([]);
  });

  it('takes no further decision on a version sent back (409)', async () => {
    const late = await api.as('ro-walsall', 'POST', BOARD, { body: { decision: 'note' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('NOT_AWAITING_MANAGEMENT_BOARD');
  });

  it('is revised and resubmitted as a new version, which the Management Board sees afresh', async () => {
    const revised = await api.as('raa-manager', 'PUT', `/agencies/${AGENCY}/quarters/${Q1}/indicators`, { body: { ...QUARTER_INDICATORS, summary: `${QUARTER_INDICATORS.summary} Revised after the Management Board.` }, headers: { 'if-match': '1' } });
    expect(revised.status).toBe(200);
    const again = await api.as('raa-manager', 'POST', REPORT);
    expect(again.status).toBe(202);
    expect(again.body.version).toBe(2);
    const report = await reportStatus('awaiting-management-board');
    expect(report.managementBoard).toMatchObject({ status: 'awaiting', decisions: [], awaiting: OFFICERS });
  });

  it('goes on to the SCB once every officer has noted it, and is approved and published with the board\'s notes', async () => {
    for (const officer of OFFICERS) {
      const noted = await api.as(officer, 'POST', BOARD, { body: { decision: 'note' } });
      expect(noted.status).toBe(201);
      expect(noted.body.version).toBe(2);
    }
    await reportStatus('awaiting-scb');
    const approvalId = `report-${Q1.toLowerCase()}-v2`;
    await eventually(async () => expect((await api.as('scb-walsall', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals.map((a: { approvalId: string }) => a.approvalId)).toEqual([approvalId]));
    await decideAll(api, approvalId, 'approve');

    await reportStatus('published');
    const published = (await api.as('lead-dudley', 'GET', REPORT)).body;
    expect(published.version).toBe(2);
    expect(published.managementBoard).toMatchObject({ status: 'noted', awaiting: [] });
    expect(published.managementBoard.decisions.map((d: { officer: string; decision: string }) => [d.officer, d.decision])).toEqual(OFFICERS.map((o) => [o, 'note']));
    expect(published.decisions.map((d: { decision: string }) => d.decision)).toEqual(['approve', 'approve', 'approve', 'approve', 'approve']);
    const pack = (await api.as('lead-dudley', 'GET', `${REPORT}.html`)).body as string;
    expect(pack).toContain('RAA Management Board: ro-dudley (Dudley Metropolitan Borough Council) noted it;');
    await eventually(async () => expect((await system.deps.quarters.report(AGENCY, Q1, 2)).contentHash).toMatch(/^[0-9a-f]{64}$/));
  });
});
