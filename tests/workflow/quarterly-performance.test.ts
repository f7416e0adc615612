/**
 * The quarterly-performance ASL run by aws-local-stepfunctions with the real
 * handlers: approve straight through, and a board that does not decide
 * (reminded once, then the chair is told, and the review stays open).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, eventually, startSystem } from '../support/local-system.ts';
import { QUARTER_INDICATORS, approvedYear, decideAll } from '../support/reference-year.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2020-07-06T09:00:00Z');
let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

async function reportInReview() {
  system = await startSystem({ clockStart: START });
  const api = new Client(system.url);
  await approvedYear(api, '2020-21');
  await api.as('raa-manager', 'PUT', `/agencies/${AGENCY}/quarters/2020-21-Q1/indicators`, { body: QUARTER_INDICATORS });
  const started = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/quarters/2020-21-Q1/report`);
  expect(started.status).toBe(202);
  await system.engine.idle();
  return { api, approvalId: started.body.approvalId as string, execution: `${AGENCY}.2020-21-Q1.v${started.body.version}` };
}

const subjects = async (api: Client, who: string): Promise<string[]> => (await api.as(who, 'GET', '/notifications')).body.notifications.map((n: any) => n.subject as string);

describe('the quarterly performance workflow', () => {
  it('compiles, waits on the SCB, then publishes and archives an approved version', async () => {
    const { api, approvalId, execution } = await reportInReview();
    expect(await system!.deps.approvals.taskToken(AGENCY, approvalId)).toBe(`${execution}.1`);
    await decideAll(api, approvalId, 'approve');
    await system!.engine.idle();
    const described = await system!.engine.describe(execution);
    expect(described.status).toBe('SUCCEEDED');
    const report = (await api.as('lead-walsall', 'GET', `/agencies/${AGENCY}/quarters/2020-21-Q1/report`)).body;
    expect(report.status).toBe('published');
    expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reminds the SCB when it has not decided in time, then tells the chair, and still completes on a late decision', async () => {
    const { api, approvalId } = await reportInReview();
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 7 * DAY_MS + 60_000).toISOString() } });
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
    expect((await subjects(api, 'scb-wolverhampton')).filter((s) => s.startsWith('Chair'))).toEqual([]);

    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 14 * DAY_MS + 120_000).toISOString() } });
    expect((await subjects(api, 'scb-wolverhampton')).filter((s) => s.startsWith('Chair'))).toHaveLength(1);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);

    // Another week: the chair is not told twice, and the review is still open.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 21 * DAY_MS + 180_000).toISOString() } });
    expect((await subjects(api, 'scb-wolverhampton')).filter((s) => s.startsWith('Chair'))).toHaveLength(1);
    expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/quarters/2020-21-Q1/report`)).body.status).toBe('awaiting-scb');

    await decideAll(api, approvalId, 'approve');
    await eventually(async () => expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/quarters/2020-21-Q1/report`)).body.status).toBe('published'));
  });
});
