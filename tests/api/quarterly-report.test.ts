/**
 * The quarterly performance report over HTTP (real workflow, DynamoDB Local):
 * commentary on red indicators, the figures as at the quarter end, SCB
 * rejection and resubmission, the frozen approved version, who sees what,
 * and the board pack. A test that takes a report through its workflow does so
 * in an agency of its own; the tests that read a published report share one
 * published in theirs.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, agencyOfItsOwn, eventually, peopleOf, startSystem, type People } from '../support/local-system.ts';
import { QUARTER_INDICATORS, approvedYear, decideAll } from '../support/reference-year.ts';

const YEAR = '2020-21';
const Q1 = '2020-21-Q1';
const base = `/agencies/${AGENCY}/quarters/${Q1}`;
const baseOf = (people: People) => `${people.path}/quarters/${Q1}`;
let system: LocalRuntime;
let api: Client;

const place = (council: string, placedOn: string, extra: Record<string, unknown> = {}, people: People = peopleOf(api)) =>
  people.as('raa-manager', 'POST', `${people.path}/placements`, {
    body: { council, year: YEAR, kind: 'in-house', caseRef: `${council.slice(0, 3).toUpperCase()}/2020/${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`, placedOn, ...extra },
    headers: { 'idempotency-key': randomUUID() },
  });

async function reportStatus(people: People, expected: string, version?: number) {
  return eventually(async () => {
    const reply = await people.as('raa-manager', 'GET', `${baseOf(people)}/report${version ? `?version=${version}` : ''}`);
    expect(reply.body.status).toBe(expected);
    return reply.body;
  });
}

/**
 * Q1 of 2020-21 in an agency of the test's own, as at 10 July 2020: the year
 * approved, Dudley 2 in-house placements and one bought from another agency,
 * Walsall, Sandwell and Wolverhampton one each, Walsall another after the
 * quarter end (not in the report), and the host's spend of GBP 650,000.
 */
async function quarterOfItsOwn(): Promise<People> {
  const people = await agencyOfItsOwn(api);
  await approvedYear(people, YEAR);
  for (const council of ['dudley', 'dudley', 'walsall', 'sandwell', 'wolverhampton']) expect((await place(council, '2020-05-20', {}, people)).status).toBe(201);
  expect((await place('dudley', '2020-06-02', { kind: 'inter-agency-purchase', counterparty: 'adoption-focus' }, people)).status).toBe(201);
  expect((await place('walsall', '2020-07-03', {}, people)).status).toBe(201);
  expect((await people.as('wolverhampton-finance', 'PUT', `${baseOf(people)}/spend`, { body: { lines: [{ line: 'Staffing', amountPence: 61_000_000 }, { line: 'Premises', amountPence: 4_000_000 }] } })).status).toBe(200);
  return people;
}

/** The quarter's data entered and its report started: compiled, version 1 waits for the SCB. */
async function inReview(people: People): Promise<any> {
  expect((await people.as('raa-manager', 'PUT', `${baseOf(people)}/indicators`, { body: QUARTER_INDICATORS })).status).toBe(200);
  expect((await people.as('raa-manager', 'POST', `${baseOf(people)}/report`)).status).toBe(202);
  return reportStatus(people, 'awaiting-scb', 1);
}

/** What the manager enters after the SCB sent version 1 back: A10 explained, each council's A1, audits, feedback, inspections. */
const REVISED = {
  ...QUARTER_INDICATORS,
  indicators: [
    ...QUARTER_INDICATORS.indicators.map((i) => (i.code === 'A10' ? { ...i, commentary: 'Two foster-carer adoptions completed late in the quarter.' } : i)),
    { code: 'A1', council: 'dudley', actual: 560, commentary: 'Three sibling groups placed after long searches.' },
    { code: 'A1', council: 'walsall', actual: 410 },
    { code: 'A1', council: 'sandwell', actual: 415 },
  ],
  audits: { completed: 24, requiresImprovementOrBetterPercent: 92, targetPercent: 90 },
  feedback: { surveys: [{ from: 'adopters', sent: 40, responses: 22 }], themes: ['Preparation training valued', '=HYPERLINK("x") typed by a respondent'] },
  inspections: [{ council: 'dudley', outcome: 'good', date: '2019-11-15' }, { council: 'walsall', outcome: 'requires-improvement', date: '2020-02-07' }],
  actionPlans: [{ title: 'Adopter recruitment campaign (Black Country)', status: 'in-progress', phase: 'Phase 2: growth', owner: 'Head of Service' }],
};

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-07-10T09:00:00Z') });
  api = new Client(system.url);
  await approvedYear(api, YEAR);
});

afterAll(async () => {
  await system?.stop();
});

describe('the quarter\'s performance data', () => {
  it('is entered by the RAA manager only, with codes from the catalogue', async () => {
    expect((await api.as('scb-dudley', 'PUT', `${base}/indicators`, { body: QUARTER_INDICATORS })).status).toBe(403);
    const unknown = await api.as('raa-manager', 'PUT', `${base}/indicators`, { body: { ...QUARTER_INDICATORS, indicators: [{ code: 'HAPPINESS', actual: 3 }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d: any) => d.path)).toEqual(['indicators.0.code']);
    const badQuarter = await api.as('raa-manager', 'PUT', `/agencies/${AGENCY}/quarters/2020-21-Q5/indicators`, { body: QUARTER_INDICATORS });
    expect(badQuarter.status).toBe(400);
    expect(badQuarter.body.error.details.map((d: any) => d.path)).toEqual(['quarter']);
  });

  it('cannot go to the board with an amber or red indicator that has no commentary on its variance', async () => {
    const withoutCommentary = { ...QUARTER_INDICATORS, indicators: QUARTER_INDICATORS.indicators.map(({ commentary: _c, ...i }) => i) };
    expect((await api.as('raa-manager', 'PUT', `${base}/indicators`, { body: withoutCommentary })).status).toBe(200);
    const refused = await api.as('raa-manager', 'POST', `${base}/report`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('COMMENTARY_MISSING');
    expect(refused.body.error.message).toContain('A1');
    expect(refused.body.error.details).toEqual([{ indicator: 'A1', path: 'indicators.0.commentary' }, { indicator: 'A10', path: 'indicators.2.commentary' }]);
    expect((await api.as('raa-manager', 'GET', `${base}/report`)).status).toBe(404);
  });
});

describe('the quarterly report', () => {
  it('is compiled as at the quarter end and goes to the SCB', async () => {
    const people = await quarterOfItsOwn();
    expect((await people.as('raa-manager', 'PUT', `${baseOf(people)}/indicators`, { body: QUARTER_INDICATORS })).status).toBe(200);

    const started = await people.as('raa-manager', 'POST', `${baseOf(people)}/report`);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ version: 1, status: 'compiling', asAt: '2020-06-30' });
    const report = await reportStatus(people, 'awaiting-scb');

    const a1 = report.sections.indicators.find((i: any) => i.code === 'A1');
    expect(a1).toMatchObject({ actual: 500, target: 426, status: 'red', direction: 'new' });
    expect(report.sections.indicators.find((i: any) => i.code === 'A10').status).toBe('amber');
    expect(report.sections.indicators.find((i: any) => i.code === 'ADOPTERS_APPROVED')).toMatchObject({ status: 'no-target', targetSource: 'none-agreed' });
    const walsall = report.sections.placements.find((p: any) => p.council === 'walsall');
    expect(walsall).toMatchObject({ agreed: 35, profileToDate: 9, actualToDate: 1 });
    const dudley = report.sections.placements.find((p: any) => p.council === 'dudley');
    expect(dudley.actualToDate).toBe(3);
    expect(report.sections.finance).toMatchObject({ contributionsPence: 409_165_000, contributionsToDatePence: 102_291_250, operatingSpendToDatePence: 65_000_000, interAgencySpendPence: 2_700_000, spendToDatePence: 67_700_000, forecastOutturnPence: 270_800_000 });
  });

  it('is seen by the SCB and the RAA manager while in review, by nobody else', async () => {
    const people = await quarterOfItsOwn();
    await inReview(people);
    expect((await people.as('scb-trust', 'GET', `${baseOf(people)}/report`)).body.version).toBe(1);
    expect((await people.as('raa-manager', 'GET', `${baseOf(people)}/report`)).body.version).toBe(1);
    expect((await people.as('lead-dudley', 'GET', `${baseOf(people)}/report`)).status).toBe(404);
    expect((await people.as('dudley-finance', 'GET', `${baseOf(people)}/report`)).status).toBe(404);
    expect((await people.as('lead-dudley', 'GET', `${baseOf(people)}/report.html`)).status).toBe(404);
  });

  it('rejected by the SCB carries the comments; the manager revises and resubmits a new version', async () => {
    const people = await quarterOfItsOwn();
    const first = await inReview(people);
    await decideAll(people, first.approvalId, 'reject', 'Explain the A10 position and add the Trust\'s commentary');
    const rejected = await reportStatus(people, 'rejected', 1);
    expect(rejected.decisions.find((d: any) => d.decision === 'reject').comment).toMatch(/A10/);
    expect((await people.as('lead-walsall', 'GET', `${baseOf(people)}/report`)).status).toBe(404);

    const entered = (await people.as('raa-manager', 'GET', `${baseOf(people)}/indicators`)).body.version;
    expect((await people.as('raa-manager', 'PUT', `${baseOf(people)}/indicators`, { body: REVISED, headers: { 'if-match': String(entered) } })).status).toBe(200);
    const second = await people.as('raa-manager', 'POST', `${baseOf(people)}/report`);
    expect(second.body.version).toBe(2);
    expect((await people.as('raa-manager', 'POST', `${baseOf(people)}/report`)).status).toBe(409);
    const again = await reportStatus(people, 'awaiting-scb', 2);
    expect(again.decisions).toEqual([]);
    expect((await reportStatus(people, 'rejected', 1)).decisions.find((d: any) => d.decision === 'reject').comment).toMatch(/A10/);
  });
});

describe('a report once published', () => {
  // Rejected once, revised, approved and published, in an agency of these tests' own; they only read it, or are refused changes to it.
  let published: People;
  beforeAll(async () => {
    published = await quarterOfItsOwn();
    const first = await inReview(published);
    await decideAll(published, first.approvalId, 'reject', 'Explain the A10 position and add the Trust\'s commentary');
    await reportStatus(published, 'rejected', 1);
    const entered = (await published.as('raa-manager', 'GET', `${baseOf(published)}/indicators`)).body.version;
    expect((await published.as('raa-manager', 'PUT', `${baseOf(published)}/indicators`, { body: REVISED, headers: { 'if-match': String(entered) } })).status).toBe(200);
    expect((await published.as('raa-manager', 'POST', `${baseOf(published)}/report`)).status).toBe(202);
    const second = await reportStatus(published, 'awaiting-scb', 2);
    await decideAll(published, second.approvalId, 'approve');
    await reportStatus(published, 'published', 2);
    await eventually(async () => expect((await published.as('raa-manager', 'GET', `${baseOf(published)}/report`)).body.contentHash).toMatch(/^[0-9a-f]{64}$/));
  });

  it('once approved is frozen: the quarter\'s data can no longer change', async () => {
    const entered = (await published.as('raa-manager', 'GET', `${baseOf(published)}/indicators`)).body.version;
    const change = await published.as('raa-manager', 'PUT', `${baseOf(published)}/indicators`, { body: QUARTER_INDICATORS, headers: { 'if-match': String(entered) } });
    expect(change.status).toBe(409);
    expect(change.body.error.code).toBe('QUARTER_FROZEN');
    expect((await published.as('raa-manager', 'POST', `${baseOf(published)}/report`)).status).toBe(409);
    const late = await place('dudley', '2020-06-20', {}, published);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('QUARTER_FROZEN');
    expect((await published.as('wolverhampton-finance', 'PUT', `${baseOf(published)}/spend`, { body: { lines: [{ line: 'Staffing', amountPence: 1 }] }, headers: { 'if-match': '1' } })).status).toBe(409);
    expect((await place('dudley', '2020-07-06', {}, published)).status).toBe(201);
  });

  it('goes to the Lead Members: each is told, lead members and finance officers now see the approved version', async () => {
    await eventually(async () => {
      const notices = (await published.as('lead-sandwell', 'GET', '/notifications')).body.notifications;
      expect(notices.map((n: any) => n.kind)).toEqual(['report-published']);
    });
    const read = (await published.as('lead-wolverhampton', 'GET', `${baseOf(published)}/report`)).body;
    expect(read).toMatchObject({ version: 2, status: 'published', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(read.decisions).toHaveLength(5);
    expect((await published.as('trust-finance', 'GET', `${baseOf(published)}/report`)).body.version).toBe(2);
    expect((await published.as('lead-dudley', 'GET', `${baseOf(published)}/report?version=1`)).status).toBe(404);
    const audit = (await system.deps.audit.list(published.agency)).filter((e) => e.entity.id.startsWith(`${Q1}/`)).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['report.requested', 'report.compiled', 'report.rejected', 'report.approved', 'report.published', 'report.archived']));
  });

  describe('the board pack', () => {
    it('is a printable page with the sections in order, every council, every indicator and each chart', async () => {
      const reply = await published.as('lead-dudley', 'GET', `${baseOf(published)}/report.html`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
      const html = reply.body as string;
      const page = parse(html);
      expect(page.querySelectorAll('section h2').map((h) => h.text.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
      expect(reply.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(reply.headers.get('content-security-policy')).not.toMatch(/script-src/);
      for (const council of ['dudley', 'sandwell', 'walsall', 'wolverhampton']) {
        expect(page.querySelector(`#placements tr[data-council="${council}"]`)).not.toBeNull();
        expect(page.querySelector(`#chart-placements g[data-council="${council}"]`)).not.toBeNull();
      }
      for (const { code } of QUARTER_INDICATORS.indicators) {
        expect(page.querySelector(`#indicators tr[data-indicator="${code}"]`)).not.toBeNull();
        expect(page.querySelector(`svg.chart-trend[data-indicator="${code}"]`)).not.toBeNull();
      }
      expect(page.querySelector('#indicators tr[data-indicator="A1"] .status-red')?.text).toBe('red');
      expect(page.querySelector('#chart-inter-agency')).not.toBeNull();
      expect(html).toContain('@media print');
      expect(page.querySelectorAll('script')).toHaveLength(0);
      expect(page.querySelectorAll('link')).toHaveLength(0);
      expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    });

    it('offers the indicator table as CSV', async () => {
      const reply = await published.as('scb-walsall', 'GET', `${baseOf(published)}/report.csv`);
      expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (reply.body as string).trim().split('\r\n');
      expect(lines[0]).toBe('code,name,unit,actual,target,higherIsBetter,status,previous,direction,commentary,council,averageOfLastThree,directionAgainstAverage');
      expect(lines).toHaveLength(1 + QUARTER_INDICATORS.indicators.length + 3);
      expect(lines.find((l) => l.startsWith('THEMES'))).toBeUndefined();
      expect(lines[1]).toMatch(/^A1,.*,500,426,false,red,,new,"?Backlog/);
    });
  });

  describe("a council's extract", () => {
    const extract = (who: string, council: string, format = 'html') => published.as(who, 'GET', `${baseOf(published)}/report/councils/${council}.${format}`);

    it("gives a lead member their council's rows beside the agency's, as a printable page with no script", async () => {
      const reply = await extract('lead-dudley', 'dudley');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      const page = parse(reply.body as string);
      const councils = new Set(page.querySelectorAll('#indicators tbody tr[data-council]').map((r) => r.getAttribute('data-council')));
      expect([...councils].sort()).toEqual(['agency', 'dudley']);
      expect(page.querySelector('#council-table tr[data-indicator="A1"] td[data-council="dudley"]')?.text).toBe('560');
      expect(page.querySelector('#council-charts svg.chart-council[data-indicator="A1"] g[data-council="dudley"]')).not.toBeNull();
      expect(page.querySelectorAll('#inspections tr[data-council]').map((r) => r.getAttribute('data-council'))).toEqual(['dudley']);
      expect(page.querySelectorAll('script')).toHaveLength(0);
    });

    it("is refused (403) for another council's lead member or finance officer, and given to the SCB and the body acting for the council", async () => {
      expect((await extract('lead-dudley', 'walsall')).status).toBe(403);
      expect((await extract('dudley-finance', 'walsall', 'csv')).status).toBe(403);
      expect((await extract('raa-manager', 'walsall')).status).toBe(403);
      const scb = await extract('scb-walsall', 'dudley');
      expect(scb.status, JSON.stringify(scb.body)).toBe(200);
      expect((await extract('trust-finance', 'sandwell', 'csv')).status).toBe(200);
      expect((await extract('lead-dudley', 'birmingham')).status).toBe(404);
      expect((await extract('lead-dudley', 'dudley', 'pdf')).status).toBe(400);
    });

    it('as CSV holds the same rows, with no cell a spreadsheet would run', async () => {
      const reply = await extract('dudley-finance', 'dudley', 'csv');
      expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (reply.body as string).trim().split('\r\n');
      expect(lines.slice(1).every((l) => /,(agency|dudley),/.test(l))).toBe(true);
      expect(lines.some((l) => l.startsWith('A1,') && l.includes(',dudley,'))).toBe(true);
    });

    it("in the full report a lead member sees their own council's rows and the agency's; the SCB sees all", async () => {
      const lead = (await published.as('lead-walsall', 'GET', `${baseOf(published)}/report`)).body;
      expect(new Set(lead.sections.indicators.map((i: any) => i.council ?? 'agency'))).toEqual(new Set(['agency', 'walsall']));
      const scb = (await published.as('scb-dudley', 'GET', `${baseOf(published)}/report`)).body;
      expect(new Set(scb.sections.indicators.map((i: any) => i.council ?? 'agency'))).toEqual(new Set(['agency', 'dudley', 'walsall', 'sandwell']));
      expect(scb.sections).toMatchObject({ audits: { completed: 24 }, feedback: { surveys: [{ responses: 22 }] } });
    });
  });

});

describe('a quarter entered per council', () => {
  const q2 = `/agencies/${AGENCY}/quarters/2020-21-Q2`;
  const perCouncil = {
    summary: 'Second quarter: each council reports its own children as well as the agency.',
    indicators: [
      { code: 'A1', actual: 420 },
      { code: 'A1', council: 'dudley', actual: 520 },
      { code: 'A1', council: 'walsall', actual: 400 },
      { code: 'CHILDREN_PLACED', council: 'dudley', actual: 20 },
      { code: 'CHILDREN_PLACED', council: 'walsall', actual: 15 },
      { code: 'ADOPTERS_APPROVED', actual: 17 },
    ],
  };

  const entered = async () => {
    const reply = await api.as('raa-manager', 'GET', `${q2}/indicators`);
    return { status: reply.status, body: reply.body };
  };

  it('refuses a figure for a council outside the agreement, or a council figure for an agency-only indicator, naming the field', async () => {
    const before = await entered();
    const stranger = await api.as('raa-manager', 'PUT', `${q2}/indicators`, { body: { ...perCouncil, indicators: [...perCouncil.indicators, { code: 'A2', council: 'birmingham', actual: 100 }] } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details.map((d: any) => d.path)).toEqual(['indicators.6.council']);
    const agencyOnly = await api.as('raa-manager', 'PUT', `${q2}/indicators`, { body: { ...perCouncil, indicators: [...perCouncil.indicators, { code: 'ADOPTERS_APPROVED', council: 'dudley', actual: 3 }] } });
    expect(agencyOnly.status).toBe(400);
    expect(agencyOnly.body.error.details.map((d: any) => d.path)).toEqual(['indicators.6.council']);
    expect(await entered()).toEqual(before);
  });

  it("is refused for the board while one council's red figure has no commentary, naming the indicator and the council", async () => {
    expect((await api.as('raa-manager', 'PUT', `${q2}/indicators`, { body: perCouncil })).status).toBe(200);
    const refused = await api.as('raa-manager', 'POST', `${q2}/report`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('COMMENTARY_MISSING');
    expect(refused.body.error.details).toEqual([{ indicator: 'A1', council: 'dudley', path: 'indicators.1.commentary' }]);
    expect(refused.body.error.message).toContain('A1 (dudley)');
    expect((await api.as('raa-manager', 'GET', `${q2}/report`)).status).toBe(404);
  });
});

describe('the host\'s operating spend', () => {
  it('is entered only by the host council\'s finance officers, as JSON or CSV, and changed with If-Match', async () => {
    const q2 = `/agencies/${AGENCY}/quarters/2020-21-Q2/spend`;
    expect((await api.as('dudley-finance', 'PUT', q2, { body: { lines: [{ line: 'Staffing', amountPence: 1 }] } })).status).toBe(403);
    const csv = await api.request('PUT', q2, { rawBody: 'line,amount\nStaffing,"610,000.50"\nPremises,40000\n', headers: { 'content-type': 'text/csv', authorization: `Bearer ${await api.tokenFor('wolverhampton-finance')}` } });
    expect(csv.status).toBe(200);
    expect(csv.body).toMatchObject({ totalPence: 65_000_050, lines: [{ line: 'Staffing', amountPence: 61_000_050 }, { line: 'Premises', amountPence: 4_000_000 }] });
    const badCsv = await api.request('PUT', q2, { rawBody: 'line,amountPence\nStaffing,12.5\n', headers: { 'content-type': 'text/csv', 'if-match': '1', authorization: `Bearer ${await api.tokenFor('wolverhampton-finance')}` } });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.error.details[0]).toMatchObject({ path: 'lines.0.amountPence' });
    expect((await api.as('raa-manager', 'GET', q2)).body.version).toBe(1);
  });
});
