/**
 * The reserve-drawdown ASL (the file CDK deploys) run by
 * aws-local-stepfunctions with the real handlers and DynamoDB Local: a
 * reinvestment approved and drawn, refused when the reserve no longer covers
 * it, rejected, and lapsed after the reminders; the rule is the protocol's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, eventually, startSystem } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2020-02-03T09:00:00Z');
const A = `/agencies/${AGENCY}`;

let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** A reserve holding the 2018-19 underspend, and a reinvestment proposed from it. */
async function proposeReinvestment(amountPence: number, options: { protocol?: Record<string, unknown> } = {}) {
  system = await startSystem({ clockStart: START });
  const api = new Client(system.url);
  if (options.protocol) await agreeProtocol(api, '2019-20', options.protocol);
  await system.deps.reserve.apply({ agency: AGENCY, movementId: 'year-end-2018-19', kind: 'year-end-underspend', year: '2018-19', amountPence: 40_000_000, reason: '2018-19 underspend retained', at: '2019-05-01T09:00:00.000Z' });
  const proposed = await api.as('raa-manager', 'POST', `${A}/reserve/drawdowns`, { body: { amountPence, purpose: 'Adopter recruitment campaign' } });
  expect(proposed.status).toBe(201);
  await system.engine.idle();
  return { api, drawdown: proposed.body as { drawdownId: string; approvalId: string } };
}

const decide = (api: Client, member: string, approvalId: string, decision: 'approve' | 'reject', comment?: string) =>
  api.as(member, 'POST', `${A}/approvals/${approvalId}/decisions`, { body: { decision, ...(comment ? { comment } : {}) } });

async function settled(api: Client, drawdownId: string, status: string) {
  return eventually(async () => {
    const reserve = (await api.as('raa-manager', 'GET', `${A}/reserve`)).body;
    const drawdown = reserve.drawdowns.find((d: { drawdownId: string }) => d.drawdownId === drawdownId);
    expect(drawdown.status).toBe(status);
    return { reserve, drawdown };
  });
}

async function subjects(api: Client, user: string): Promise<string[]> {
  return (await api.as(user, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject);
}

const EVERY_SEAT = ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton'];

describe('the reserve-drawdown workflow', () => {
  it('waits on every seat with its token kept server-side, then draws the reinvestment from the reserve', async () => {
    const { api, drawdown } = await proposeReinvestment(15_000_000);
    expect(await system!.deps.approvals.taskToken(AGENCY, drawdown.approvalId)).toBe(`${drawdown.drawdownId}.1`);
    expect(await subjects(api, 'scb-trust')).toEqual(['Decision needed: Reinvestment of £150,000.00 from the reserve: Adopter recruitment campaign']);
    // No protocol is in force for 2019-20: every seat must approve.
    for (const member of EVERY_SEAT.slice(0, 4)) await decide(api, member, drawdown.approvalId, 'approve');
    expect((await settled(api, drawdown.drawdownId, 'awaiting-scb')).reserve.pendingPence).toBe(15_000_000);
    await decide(api, 'scb-wolverhampton', drawdown.approvalId, 'approve');

    const { reserve } = await settled(api, drawdown.drawdownId, 'approved');
    expect(reserve).toMatchObject({ balancePence: 25_000_000, pendingPence: 0 });
    expect(reserve.movements.at(-1)).toMatchObject({ kind: 'reinvestment', amountPence: -15_000_000, balanceAfterPence: 25_000_000, approvalId: drawdown.approvalId });
    await system!.engine.idle();
    expect((await system!.engine.describe(drawdown.drawdownId)).status).toBe('SUCCEEDED');
    expect(await subjects(api, 'raa-manager')).toContain('Reinvestment approved: £150,000.00 drawn from the reserve');
  });

  it('decides under the approval rule of the protocol in force for the current financial year', async () => {
    const { api, drawdown } = await proposeReinvestment(1_000_000, { protocol: { ...YEAR_2_PROTOCOL, approvalRule: 'majority' } });
    expect((await system!.deps.approvals.get(AGENCY, drawdown.approvalId)).rule).toBe('majority');
    for (const member of ['scb-dudley', 'scb-walsall', 'scb-trust']) await decide(api, member, drawdown.approvalId, 'approve');
    await settled(api, drawdown.drawdownId, 'approved');
  });

  it('refuses an approved reinvestment the reserve can no longer cover, draws nothing and tells the RAA manager', async () => {
    const { api, drawdown } = await proposeReinvestment(30_000_000);
    // While the SCB deliberates, the year-end meets an overspend from the reserve.
    await system!.deps.reserve.apply({ agency: AGENCY, movementId: 'year-end-2019-20', kind: 'year-end-overspend', year: '2019-20', amountPence: -20_000_000, reason: '2019-20 overspend met', at: new Date().toISOString() });
    for (const member of EVERY_SEAT) await decide(api, member, drawdown.approvalId, 'approve');

    const { reserve, drawdown: refused } = await settled(api, drawdown.drawdownId, 'refused');
    expect(refused.outcomeReason).toMatch(/reserve now holds £200,000.00, less than the £300,000.00/);
    expect(reserve).toMatchObject({ balancePence: 20_000_000, pendingPence: 0 });
    expect(reserve.movements.map((m: { kind: string }) => m.kind)).toEqual(['year-end-underspend', 'year-end-overspend']);
    await system!.engine.idle();
    expect((await system!.engine.describe(drawdown.drawdownId)).status).toBe('SUCCEEDED');
    expect(await subjects(api, 'raa-manager')).toContain('Reinvestment refused: the reserve cannot cover £300,000.00');
  });

  it('records a rejection with the comments and releases what it set aside', async () => {
    const { api, drawdown } = await proposeReinvestment(10_000_000);
    await decide(api, 'scb-dudley', drawdown.approvalId, 'approve');
    await decide(api, 'scb-walsall', drawdown.approvalId, 'reject', 'Keep the reserve for the inter-agency risk');
    const { reserve, drawdown: rejected } = await settled(api, drawdown.drawdownId, 'rejected');
    expect(rejected.outcomeReason).toBe('Rejected by the SCB: walsall: Keep the reserve for the inter-agency risk');
    expect(reserve).toMatchObject({ balancePence: 40_000_000, pendingPence: 0, availablePence: 40_000_000 });
    await eventually(async () => expect(await subjects(api, 'raa-manager')).toContain('Reinvestment rejected: £100,000.00 from the reserve'));
  });

  it('reminds the seats still awaited each week and lapses after the last reminder, releasing the money and telling the RAA manager', async () => {
    const { api, drawdown } = await proposeReinvestment(10_000_000);
    await decide(api, 'scb-dudley', drawdown.approvalId, 'approve');
    for (let week = 1; week <= 3; week++) {
      await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + week * 7 * DAY_MS + week * 60_000).toISOString() } });
    }
    expect((await subjects(api, 'scb-walsall')).filter((s) => s.startsWith('Reminder'))).toHaveLength(3);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Reminder'))).toEqual([]);
    expect((await settled(api, drawdown.drawdownId, 'awaiting-scb')).reserve.pendingPence).toBe(10_000_000);

    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 28 * DAY_MS + 240_000).toISOString() } });
    const { reserve } = await settled(api, drawdown.drawdownId, 'expired');
    expect(reserve).toMatchObject({ balancePence: 40_000_000, pendingPence: 0 });
    await eventually(async () => expect(await subjects(api, 'raa-manager')).toContain('Reinvestment lapsed: £100,000.00 from the reserve'));
    expect((await decide(api, 'scb-walsall', drawdown.approvalId, 'approve')).status).toBe(409);
  });
});
