/**
 * The RAA Management Board over HTTP (real workflow, DynamoDB Local): where
 * the agreement says so, a compiled quarterly report goes first to each
 * council's Responsible Officer for adoption, who notes it or sends it back
 * with comments; only once every officer has noted it does the SCB see it.
 * The administrator turns the step on with If-Match. The reports below are
 * an agency's whose agreement has the step on, each test's in a quarter of
 * its own, so no test decides a report another test reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import { AGENCY, Client, agencyOfItsOwn, eventually, startSystem, type People, type Reply } from '../support/local-system.ts';
import { QUARTER_INDICATORS, approvedYear, decideAll } from '../support/reference-year.ts';

const OFFICERS = ['ro-dudley', 'ro-sandwell', 'ro-walsall', 'ro-wolverhampton'];
let system: LocalRuntime;
let api: Client;
/** An agency whose agreement has the Management Board review its quarterly reports, 2019-20 and 2020-21 approved. */
let board: People;

/** The agreement as the administrator sends it back: what they read, without the record's own fields. */
async function agreementAsRead(agency = AGENCY): Promise<{ version: number; agreement: Record<string, any> }> {
  const { agency: _a, version, updatedBy: _b, updatedAt: _c, ...agreement } = (await api.as('admin', 'GET', `/agencies/${agency}`)).body;
  return { version, agreement };
}

const reportOf = (quarter: string) => `${board.path}/quarters/${quarter}/report`;
const boardOf = (quarter: string) => `${reportOf(quarter)}/management-board`;

async function reportStatus(quarter: string, expected: string): Promise<any> {
  return eventually(async () => {
    const reply = await board.as('raa-manager', 'GET', reportOf(quarter));
    expect(reply.body.status).toBe(expected);
    return reply.body;
  });
}

/** The quarter's indicators entered and its report started: compiled, it waits for the Management Board. */
async function awaitingTheBoard(quarter: string): Promise<any> {
  expect((await board.as('raa-manager', 'PUT', `${board.path}/quarters/${quarter}/indicators`, { body: QUARTER_INDICATORS })).status).toBe(200);
  expect((await board.as('raa-manager', 'POST', reportOf(quarter))).status).toBe(202);
  return reportStatus(quarter, 'awaiting-management-board');
}

const boardDecisions = async (quarter: string) => (await board.as('raa-manager', 'GET', reportOf(quarter))).body.managementBoard.decisions;
const subjects = async (who: string): Promise<string[]> => (await board.as(who, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject);
const pendingForScb = async (quarter: string) =>
  (await board.as('scb-dudley', 'GET', `${board.path}/approvals?status=pending`)).body.approvals.filter((a: { approvalId: string }) => a.approvalId.startsWith(`report-${quarter.toLowerCase()}-`));

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-10-10T09:00:00Z') });
  api = new Client(system.url);
  board = await agencyOfItsOwn(api, { managementBoard: { ...adoptionAtHeart.managementBoard, reviewsQuarterlyReports: true } });
  await approvedYear(board, '2019-20');
  await approvedYear(board, '2020-21');
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
    const { agency } = await agencyOfItsOwn(api);
    const { version, agreement } = await agreementAsRead(agency);
    expect(agreement.managementBoard.reviewsQuarterlyReports).toBe(false);
    const varied = await api.as('admin', 'PUT', `/agencies/${agency}`, {
      body: { ...agreement, managementBoard: { ...agreement.managementBoard, reviewsQuarterlyReports: true } },
      headers: { 'if-match': String(version) },
    });
    expect(varied.status).toBe(200);
    expect(varied.body.managementBoard.reviewsQuarterlyReports).toBe(true);
    expect((await agreementAsRead(agency)).agreement.managementBoard.reviewsQuarterlyReports).toBe(true);
  });
});

describe('a quarterly report with the Management Board on', () => {
  it('goes to the Management Board first: each Responsible Officer is asked, the SCB is not yet', async () => {
    const quarter = '2019-20-Q1';
    const report = await awaitingTheBoard(quarter);
    expect(report.managementBoard).toMatchObject({ approvalId: `report-${quarter.toLowerCase()}-v1-board`, status: 'awaiting', decisions: [], awaiting: OFFICERS });
    expect(report.sections.indicators.length).toBeGreaterThan(0);
    await eventually(async () => expect((await subjects('ro-sandwell')).filter((s) => s.startsWith('To note') && s.includes(quarter))).toHaveLength(1));
    expect(await pendingForScb(quarter)).toEqual([]);
  });

  describe('awaiting the board, no officer having decided', () => {
    // One report that these tests only read, or send refused decisions to.
    const quarter = '2019-20-Q2';
    beforeAll(async () => {
      await awaitingTheBoard(quarter);
    });

    it('is read by the responsible officers; lead members and finance officers see nothing before publication', async () => {
      expect((await board.as('ro-walsall', 'GET', reportOf(quarter))).body.status).toBe('awaiting-management-board');
      expect((await board.as('ro-walsall', 'GET', `${reportOf(quarter)}.html`)).status).toBe(200);
      expect((await board.as('lead-dudley', 'GET', reportOf(quarter))).status).toBe(404);
      expect((await board.as('dudley-finance', 'GET', reportOf(quarter))).status).toBe(404);
    });

    it.each([
      ['an SCB member', 'scb-dudley'],
      ['the RAA manager', 'raa-manager'],
      ['a lead member', 'lead-walsall'],
    ])('refuses a decision from %s (403) and records nothing', async (_who, who) => {
      expect((await board.as(who, 'POST', boardOf(quarter), { body: { decision: 'note' } })).status).toBe(403);
      expect(await boardDecisions(quarter)).toEqual([]);
    });

    it('refuses a responsible officer who is not on this agency\'s board (403) and records nothing', async () => {
      const token = await api.tokenFor('ro-coventry', { groups: ['responsible-officer'], council: 'ro-coventry', agency: board.agency });
      const refused = await api.request('POST', boardOf(quarter), { body: { decision: 'note' }, headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(403);
      expect(await boardDecisions(quarter)).toEqual([]);
    });

    it("cannot be decided through the SCB's approvals route", async () => {
      const refused = await board.as('scb-dudley', 'POST', `${board.path}/approvals/report-${quarter.toLowerCase()}-v1-board/decisions`, { body: { decision: 'approve' } });
      expect(refused.status).toBe(403);
      expect(await boardDecisions(quarter)).toEqual([]);
    });

    it.each([
      ['a send-back without a comment', { decision: 'send-back' }, 'comment'],
      ['a decision the board does not make', { decision: 'approve' }, 'decision'],
    ])('refuses %s with 400 naming the field, and records nothing', async (_what, body, field) => {
      const refused = await board.as('ro-dudley', 'POST', boardOf(quarter), { body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual([field]);
      expect(await boardDecisions(quarter)).toEqual([]);
    });
  });

  it('answers 404 for a quarter with no report yet', async () => {
    expect((await board.as('ro-dudley', 'POST', boardOf('2020-21-Q3'), { body: { decision: 'note' } })).status).toBe(404);
  });

  /** One officer notes the quarter's report and another sends it back with comments. */
  async function sentBack(quarter: string): Promise<Reply> {
    await awaitingTheBoard(quarter);
    expect((await board.as('ro-dudley', 'POST', boardOf(quarter), { body: { decision: 'note' } })).status).toBe(201);
    return board.as('ro-sandwell', 'POST', boardOf(quarter), { body: { decision: 'send-back', comment: 'Sandwell inspection date is the Trust\'s, not the council\'s; please correct.' } });
  }

  it('is sent back by one officer with comments: the RAA manager is told, and the SCB never sees it', async () => {
    const quarter = '2019-20-Q3';
    await awaitingTheBoard(quarter);
    expect((await board.as('ro-dudley', 'POST', boardOf(quarter), { body: { decision: 'note' } })).status).toBe(201);
    expect((await board.as('ro-dudley', 'POST', boardOf(quarter), { body: { decision: 'note' } })).body.error.code).toBe('ALREADY_DECIDED');
    const sentBackReply = await board.as('ro-sandwell', 'POST', boardOf(quarter), { body: { decision: 'send-back', comment: 'Sandwell inspection date is the Trust\'s, not the council\'s; please correct.' } });
    expect(sentBackReply.status).toBe(201);
    expect(sentBackReply.body.managementBoard.status).toBe('sent-back');

    const report = await reportStatus(quarter, 'sent-back');
    expect(report.managementBoard.decisions).toEqual([
      { officer: 'ro-dudley', council: 'dudley', decision: 'note', decidedAt: expect.any(String) },
      { officer: 'ro-sandwell', council: 'sandwell', decision: 'send-back', comment: "Sandwell inspection date is the Trust's, not the council's; please correct.", decidedAt: expect.any(String) },
    ]);
    await eventually(async () => expect((await subjects('raa-manager')).filter((s) => s.includes('sent back') && s.includes(quarter))).toEqual([`The RAA Management Board sent back the ${quarter} report (version 1)`]));
    expect(await pendingForScb(quarter)).toEqual([]);
  });

  it('takes no further decision on a version sent back (409)', async () => {
    const quarter = '2019-20-Q4';
    expect((await sentBack(quarter)).status).toBe(201);
    await reportStatus(quarter, 'sent-back');
    const late = await board.as('ro-walsall', 'POST', boardOf(quarter), { body: { decision: 'note' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('NOT_AWAITING_MANAGEMENT_BOARD');
  });

  it('is revised and resubmitted as a new version, which the Management Board sees afresh', async () => {
    const quarter = '2020-21-Q1';
    expect((await sentBack(quarter)).status).toBe(201);
    await reportStatus(quarter, 'sent-back');
    const revised = await board.as('raa-manager', 'PUT', `${board.path}/quarters/${quarter}/indicators`, { body: { ...QUARTER_INDICATORS, summary: `${QUARTER_INDICATORS.summary} Revised after the Management Board.` }, headers: { 'if-match': '1' } });
    expect(revised.status).toBe(200);
    const again = await board.as('raa-manager', 'POST', reportOf(quarter));
    expect(again.status).toBe(202);
    expect(again.body.version).toBe(2);
    const report = await reportStatus(quarter, 'awaiting-management-board');
    expect(report.managementBoard).toMatchObject({ status: 'awaiting', decisions: [], awaiting: OFFICERS });
  });

  it('goes on to the SCB once every officer has noted it, and is approved and published with the board\'s notes', async () => {
    const quarter = '2020-21-Q2';
    await awaitingTheBoard(quarter);
    for (const officer of OFFICERS) {
      const noted = await board.as(officer, 'POST', boardOf(quarter), { body: { decision: 'note' } });
      expect(noted.status).toBe(201);
      expect(noted.body.version).toBe(1);
    }
    await reportStatus(quarter, 'awaiting-scb');
    const approvalId = `report-${quarter.toLowerCase()}-v1`;
    await eventually(async () => expect((await pendingForScb(quarter)).map((a: { approvalId: string }) => a.approvalId)).toEqual([approvalId]));
    await decideAll(board, approvalId, 'approve');

    await reportStatus(quarter, 'published');
    const published = (await board.as('lead-dudley', 'GET', reportOf(quarter))).body;
    expect(published.version).toBe(1);
    expect(published.managementBoard).toMatchObject({ status: 'noted', awaiting: [] });
    expect(published.managementBoard.decisions.map((d: { officer: string; decision: string }) => [d.officer, d.decision])).toEqual(OFFICERS.map((o) => [o, 'note']));
    expect(published.decisions.map((d: { decision: string }) => d.decision)).toEqual(['approve', 'approve', 'approve', 'approve', 'approve']);
    const pack = (await board.as('lead-dudley', 'GET', `${reportOf(quarter)}.html`)).body as string;
    expect(pack).toContain('RAA Management Board: ro-dudley (Dudley Metropolitan Borough Council) noted it;');
    await eventually(async () => expect((await system.deps.quarters.report(board.agency, quarter, 1)).contentHash).toMatch(/^[0-9a-f]{64}$/));
  });
});
