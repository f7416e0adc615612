/**
 * The scheduled reminders, with the local clock moved over HTTP: each sent
 * once however often the schedule fires, and not sent once the thing is done.
 * The clock only moves forward, so each test has a system of its own,
 * starting on 25 June 2020.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem } from '../support/local-system.ts';
import { QUARTER_INDICATORS, agreeProtocol } from '../support/reference-year.ts';

let system: LocalRuntime;
let api: Client;

beforeEach(async () => {
  system = await startSystem({ clockStart: new Date('2020-06-25T09:00:00Z') });
  api = new Client(system.url);
  await agreeProtocol(api, '2020-21', { ...YEAR_2_PROTOCOL, reportDueDays: 30 });
});

afterEach(async () => {
  await system?.stop();
});

const moveTo = (now: string) => api.request('POST', '/local/clock', { body: { now } });
const overdue = async () => (await api.as('raa-manager', 'GET', '/notifications')).body.notifications.filter((n: any) => n.kind === 'report-overdue').map((n: any) => n.subject);

describe('the reminder that a quarterly report is not started', () => {
  it('is not sent within the due days after the quarter end', async () => {
    await moveTo('2020-07-30T12:00:00Z');
    expect(await overdue()).toEqual([]);
  });

  it('is sent to the RAA manager once the due days have passed, once however often the schedule runs', async () => {
    await moveTo('2020-08-01T08:00:00Z');
    await moveTo('2020-08-02T08:00:00Z');
    await moveTo('2020-08-03T08:00:00Z');
    expect(await overdue()).toEqual(['The 2020-21-Q1 performance report has not been started (due 2020-07-30)']);
    expect(await overdue()).toHaveLength(1);
  });

  it('is not sent for a quarter whose report was started', async () => {
    await api.as('raa-manager', 'PUT', `/agencies/${AGENCY}/quarters/2020-21-Q2/indicators`, { body: QUARTER_INDICATORS });
    await moveTo('2020-10-05T08:00:00Z');
    expect((await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/quarters/2020-21-Q2/report`)).status).toBe(202);
    await moveTo('2020-11-05T08:00:00Z');
    expect(await overdue()).toEqual(['The 2020-21-Q1 performance report has not been started (due 2020-07-30)']);
  });

  it('only moves the clock forward', async () => {
    expect((await moveTo('2020-11-05T08:00:00Z')).status).toBe(200);
    const back = await moveTo('2019-01-01T00:00:00Z');
    expect(back.status).toBe(422);
    expect((await api.request('GET', '/local/clock')).body.now.slice(0, 10)).toBe('2020-11-05');
  });
});
