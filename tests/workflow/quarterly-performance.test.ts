/**
 * The quarterly-performance ASL run by aws-local-stepfunctions with the real
 * handlers: approve straight through; a board that does not decide (reminded
 * once, then the chair is told, then the report lapses); and, where the
 * agreement says so, the RAA Management Board noting the report (or sending
 * it back, or letting it lapse) before the SCB sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, eventually, startSystem } from '../support/local-system.ts';
import { QUARTER_INDICATORS, approvedYear, decideAll } from '../support/reference-year.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2020-07-06T09:00:00Z');
const REPORT = `/agencies/${AGENCY}/quarters/2020-21-Q1/report`;
const OFFICERS = ['ro-dudley', 'ro-sandwell', 'ro-walsall', 'ro-wolverhampton'];
let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** The administrator varies the agreement so that compiled reports go to the RAA Management Board first. */
async function managementBoardOn(api: Client): Promise<void> {
  const { agency: _a, version, updatedBy: _b, updatedAt: _c, ...agreement } = (await api.as('admin', 'GET', `/agencies/${AGENCY}`)).body;
  const varied = await api.as('admin', 'PUT', `/agencies/${AGENCY}`, {
    body: { ...agreement, managementBoard: { ...agreement.managementBoard, reviewsQuarterlyReports: true } },
    headers: { 'if-match': String(version) },
  });
  expect(varied.status).toBe(200);
}

async function reportInReview(options: { managementBoard?: boolean } = {}) {
  system = await startSystem({ clockStart: START });
  const api = new Client(system.url);
  await approvedYear(api, '2020-21');
  if (options.managementBoard) await managementBoardOn(api);
  await api.as('raa-manager', 'PUT', `/agencies/${AGENCY}/quarters/2020-21-Q1/indicators`, { body: QUARTER_INDICATORS });
  const started = await api.as('raa-manager', 'POST', REPORT);
  expect(started.status).toBe(202);
  await system.engine.idle();
  return { api, approvalId: started.body.approvalId as string, execution: `${AGENCY}.2020-21-Q1.v${started.body.version}` };
}

const subjects = async (api: Client, who: string): Promise<string[]> => (await api.as(who, 'GET', '/notifications')).body.notifications.map((n: any) => n.subject as string);
const moveClockTo = (api: Client, days: number, minutes: number) => api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + days * DAY_MS + minutes * 60_000).toISOString() } });
const status = async (api: Client) => (await api.as('raa-manager', 'GET', REPORT)).body.status as string;

describe('the quarterly performance workflow', () => {
  it('compiles, waits on the SCB, then publishes and archives an approved version', async () => {
    const { api, approvalId, execution } = await reportInReview();
    expect(await system!.deps.approvals.taskToken(AGENCY, approvalId)).toBeDefined();
    expect((await api.as('raa-manager', 'GET', REPORT)).body.managementBoard).toBeUndefined();
    await decideAll(api, approvalId, 'approve');
    await system!.engine.idle();
    const described = await system!.engine.describe(execution);
    expect(described.status).toBe('SUCCEEDED');
    const report = (await api.as('lead-walsall', 'GET', REPORT)).body;
    expect(report.status).toBe('published');
    expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reminds the SCB when it has not decided in time, then tells the chair, and a week later the report lapses', async () => {
    const { api, approvalId, execution } = await reportInReview();
    await moveClockTo(api, 7, 1);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
    expect((await subjects(api, 'scb-wolverhampton')).filter((s) => s.startsWith('Chair'))).toEqual([]);

    await moveClockTo(api, 14, 2);
    expect((await subjects(api, 'scb-wolverhampton')).filter((s) => s.startsWith('Chair'))).toHaveLength(1);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
    expect(await status(api)).toBe('awaiting-scb');

    // One more week after the chair was told: the report lapses; it does not wait a year for the execution to time out.
    await moveClockTo(api, 21, 3);
    await system!.engine.idle();
    expect(await status(api)).toBe('lapsed');
    expect((await system!.deps.approvals.get(AGENCY, approvalId)).status).toBe('expired');
    expect((await system!.engine.describe(execution)).status).toBe('SUCCEEDED');
    expect((await subjects(api, 'raa-manager')).filter((s) => s.includes('has lapsed'))).toEqual(['The 2020-21-Q1 report (version 1) has lapsed: the Strategic Commissioning Board did not decide']);
    expect((await subjects(api, 'scb-wolverhampton')).filter((s) => s.includes('has lapsed'))).toHaveLength(1);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.includes('has lapsed'))).toEqual([]);
    expect((await api.as('scb-dudley', 'POST', `/agencies/${AGENCY}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } })).status).toBe(409);

    // The manager starts a new version, which goes to the SCB afresh.
    const again = await api.as('raa-manager', 'POST', REPORT);
    expect(again.status).toBe(202);
    expect(again.body.version).toBe(2);
    await eventually(async () => expect(await status(api)).toBe('awaiting-scb'));
  });
});

describe('the quarterly performance workflow with the RAA Management Board', () => {
  it('goes to the Management Board first; the SCB review opens only once every responsible officer has noted it', async () => {
    const { api, approvalId, execution } = await reportInReview({ managementBoard: true });
    const inReview = (await api.as('raa-manager', 'GET', REPORT)).body;
    expect(inReview.status).toBe('awaiting-management-board');
    expect(inReview.managementBoard).toMatchObject({ status: 'awaiting', awaiting: OFFICERS, decisions: [] });
    const boardToken = await system!.deps.approvals.taskToken(AGENCY, inReview.managementBoard.approvalId);
    expect(boardToken).toBeDefined();
    await expect(system!.deps.approvals.get(AGENCY, approvalId)).rejects.toThrow(/No approval/);
    expect((await subjects(api, 'ro-walsall')).filter((s) => s.startsWith('To note'))).toHaveLength(1);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Decision needed') && s.includes('performance report'))).toEqual([]);

    for (const officer of OFFICERS.slice(0, 3)) {
      expect((await api.as(officer, 'POST', `${REPORT}/management-board`, { body: { decision: 'note' } })).status).toBe(201);
    }
    await system!.engine.idle();
    expect(await status(api)).toBe('awaiting-management-board');
    const last = await api.as('ro-wolverhampton', 'POST', `${REPORT}/management-board`, { body: { decision: 'note' } });
    expect(last.status).toBe(201);
    expect(last.body.managementBoard).toMatchObject({ status: 'noted', awaiting: [] });

    await eventually(async () => expect(await status(api)).toBe('awaiting-scb'));
    await system!.engine.idle();
    const withScb = (await api.as('scb-dudley', 'GET', REPORT)).body;
    expect(withScb.managementBoard.status).toBe('noted');
    expect(withScb.managementBoard.decisions.map((d: any) => [d.officer, d.council, d.decision])).toEqual(OFFICERS.map((o) => [o, o.slice(3), 'note']));
    const scbToken = await system!.deps.approvals.taskToken(AGENCY, approvalId);
    expect(scbToken).toBeDefined();
    expect(scbToken).not.toBe(boardToken);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Decision needed') && s.includes('performance report'))).toHaveLength(1);

    await decideAll(api, approvalId, 'approve');
    await system!.engine.idle();
    expect((await system!.engine.describe(execution)).status).toBe('SUCCEEDED');
    expect((await api.as('lead-dudley', 'GET', REPORT)).body.status).toBe('published');
  });

  it('ends the version when one responsible officer sends it back; the SCB never sees it', async () => {
    const { api, approvalId, execution } = await reportInReview({ managementBoard: true });
    await api.as('ro-dudley', 'POST', `${REPORT}/management-board`, { body: { decision: 'note' } });
    const sentBack = await api.as('ro-walsall', 'POST', `${REPORT}/management-board`, { body: { decision: 'send-back', comment: 'Walsall figures for A2 need checking against the case audit.' } });
    expect(sentBack.status).toBe(201);
    await system!.engine.idle();
    expect((await system!.engine.describe(execution)).status).toBe('SUCCEEDED');
    const report = (await api.as('raa-manager', 'GET', REPORT)).body;
    expect(report.status).toBe('sent-back');
    expect(report.managementBoard).toMatchObject({ status: 'sent-back', decisions: [{ officer: 'ro-dudley', decision: 'note' }, { officer: 'ro-walsall', decision: 'send-back', comment: 'Walsall figures for A2 need checking against the case audit.' }] });
    await expect(system!.deps.approvals.get(AGENCY, approvalId)).rejects.toThrow(/No approval/);
    expect((await subjects(api, 'raa-manager')).filter((s) => s.includes('sent back'))).toEqual(['The RAA Management Board sent back the 2020-21-Q1 report (version 1)']);
  });

  it('reminds the responsible officers still awaited after a week, and lets the report lapse a week later', async () => {
    const { api, execution } = await reportInReview({ managementBoard: true });
    await api.as('ro-dudley', 'POST', `${REPORT}/management-board`, { body: { decision: 'note' } });
    await moveClockTo(api, 7, 1);
    expect((await subjects(api, 'ro-walsall')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
    expect((await subjects(api, 'ro-dudley')).filter((s) => s.startsWith('Reminder'))).toEqual([]);
    expect(await status(api)).toBe('awaiting-management-board');

    await moveClockTo(api, 14, 2);
    await system!.engine.idle();
    const report = (await api.as('raa-manager', 'GET', REPORT)).body;
    expect(report.status).toBe('lapsed');
    expect(report.managementBoard).toMatchObject({ status: 'lapsed', awaiting: ['ro-sandwell', 'ro-walsall', 'ro-wolverhampton'] });
    expect((await system!.engine.describe(execution)).status).toBe('SUCCEEDED');
    expect((await subjects(api, 'raa-manager')).filter((s) => s.includes('has lapsed'))).toEqual(['The 2020-21-Q1 report (version 1) has lapsed: the RAA Management Board did not decide']);
    expect((await api.as('ro-walsall', 'POST', `${REPORT}/management-board`, { body: { decision: 'note' } })).status).toBe(409);
  });
});
